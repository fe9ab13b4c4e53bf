import { spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dnsQuery } from '../../src/core';
import type { KnotServer } from './knot';
import { startKnot } from './knot';
import type { TestPki } from './nginx';
import { makeTestPki } from './nginx';
import { freeDualPort, stopChild } from './peers';

/** A running dnsdist: plain DNS, DNS over TLS and DNS over HTTPS front ends in front of one backend. */
export interface DnsdistPeer {
  dir: string;
  pki: TestPki;
  /** Plain DNS (UDP and TCP) on 127.0.0.1. */
  plainPort: number;
  /** DNS over TLS on 127.0.0.1 and [::1]. */
  dotPort: number;
  /** DNS over HTTPS on 127.0.0.1 and [::1], path {@link DnsdistPeer.dohPath}. */
  dohPort: number;
  dohPath: string;
  /** `tls://127.0.0.1:PORT` */
  dot: string;
  /** `https://127.0.0.1:PORT/dns-query` */
  doh: string;
  pid: number | undefined;
  /** Kills dnsdist, waits for its exit and removes the temp dir. */
  close(): Promise<void>;
}

export interface DnsdistOptions {
  /** The backend nameserver, `127.0.0.1:PORT`. */
  backend: string;
  /** Certificates (default: a fresh test PKI in the temp dir; the server certificate is served). */
  pki?: TestPki;
  /** Threads of the TLS/DoH front ends (default 1 to spare test CPUs). */
  threads?: number;
  /**
   * Queries dnsdist processes at once per DoT connection, answering out of order, and pipelines to the backend over
   * TCP (default 100). With 0 (dnsdist's own default) dnsdist 1.7 answers pipelined queries one by one and may close a
   * connection whose queries arrived together in one TLS record; without backend pipelining it answers them slowly.
   */
  maxInFlight?: number;
}

function config(o: { plain: number; dot: number; doh: number; backend: string; cert: string; key: string; threads: number; maxInFlight: number }): string {
  const tls = `{ numberOfTicketsKeys=1, tcpListenQueueSize=256, maxInFlight=${o.maxInFlight}${o.threads > 1 ? ', reusePort=true' : ''} }`;
  const fronts: string[] = [];
  for (let t = 0; t < o.threads; t++) {
    for (const host of ['127.0.0.1', '[::1]']) {
      fronts.push(`addTLSLocal("${host}:${o.dot}", "${o.cert}", "${o.key}", ${tls})`);
      fronts.push(`addDOHLocal("${host}:${o.doh}", "${o.cert}", "${o.key}", "/dns-query", ${tls})`);
    }
  }
  return `-- Never ask the machine's resolver for security updates (tests stay on loopback).
setSecurityPollSuffix("")
setLocal("127.0.0.1:${o.plain}")
newServer({ address="${o.backend}", checkInterval=60${o.maxInFlight > 0 ? `, maxInFlight=${o.maxInFlight}` : ''} })
${fronts.join('\n')}
`;
}

/** Waits until dnsdist answers a plain query through its backend (the front ends are up by then). */
async function waitReady(plain: string, child: ChildProcess, log: () => string): Promise<void> {
  const limit = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dnsdist exited (${child.exitCode}): ${log()}`);
    if (Date.now() > limit) throw new Error(`dnsdist did not answer within 15 s: ${log()}`);
    if (/Listening on .* for DoH/.test(log())) {
      try {
        const r = await dnsQuery('example.test', { server: plain, type: 'SOA', timeout: 300, tries: 1 });
        if (r.rcode === 'NOERROR') return;
      } catch {
        // not up yet
      }
    } else {
      await new Promise(r => setTimeout(r, 20));
    }
  }
}

/**
 * Starts `dnsdist --supervised` in the foreground with plain, DoT (`addTLSLocal`) and DoH (`addDOHLocal`, path
 * `/dns-query`) listeners on free loopback ports, in front of `backend`, with the test CA's server certificate
 * (valid for localhost, 127.0.0.1 and ::1). `setSecurityPollSuffix("")` keeps it off the machine's resolver.
 */
export async function startDnsdist(opts: DnsdistOptions): Promise<DnsdistPeer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-dnsdist-'));
  const pki = opts.pki ?? makeTestPki(dir);
  for (let attempt = 0; ; attempt++) {
    const plainPort = await freeDualPort({ udp: true });
    const dotPort = await freeDualPort();
    const dohPort = await freeDualPort();
    const conf = path.join(dir, 'dnsdist.conf');
    fs.writeFileSync(
      conf,
      config({
        plain: plainPort,
        dot: dotPort,
        doh: dohPort,
        backend: opts.backend,
        cert: pki.server.cert,
        key: pki.server.key,
        threads: opts.threads ?? 1,
        maxInFlight: opts.maxInFlight ?? 100,
      }),
    );
    const child = spawn('dnsdist', ['--supervised', '--disable-syslog', '-C', conf], { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
    let log = '';
    child.stdout?.on('data', (d: Buffer) => {
      log += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      log += d.toString();
    });
    child.on('error', e => {
      log += String(e);
    });
    const stop = (): Promise<void> => stopChild(child);
    try {
      await waitReady(`127.0.0.1:${plainPort}`, child, () => log);
    } catch (e) {
      await stop();
      if (attempt < 3 && /address already in use/i.test(log)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    return {
      dir,
      pki,
      plainPort,
      dotPort,
      dohPort,
      dohPath: '/dns-query',
      dot: `tls://127.0.0.1:${dotPort}`,
      doh: `https://127.0.0.1:${dohPort}/dns-query`,
      pid: child.pid,
      async close() {
        await stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

/** A knotd with the test zones and a dnsdist in front of it, for a test file's before/after. */
export interface DnsdistOverKnot {
  knot: KnotServer;
  dd: DnsdistPeer;
  close(): Promise<void>;
}

/** Starts {@link startKnot} and {@link startDnsdist} in front of it; `close` stops both and waits for their exit. */
export async function startDnsdistOverKnot(opts: Omit<DnsdistOptions, 'backend'> = {}): Promise<DnsdistOverKnot> {
  const knot = await startKnot();
  try {
    const dd = await startDnsdist({ ...opts, backend: knot.server4 });
    return {
      knot,
      dd,
      close: async () => {
        await dd.close();
        await knot.close();
      },
    };
  } catch (e) {
    await knot.close();
    throw e;
  }
}
