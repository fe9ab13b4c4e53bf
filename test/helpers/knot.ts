import { spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dnsQuery } from '../../src/core';
import { freeDualPort, stopChild } from './peers';

/** A running knotd on 127.0.0.1 and ::1 (same port, UDP and TCP). */
export interface KnotServer {
  port: number;
  /** `127.0.0.1:PORT` */
  server4: string;
  /** `[::1]:PORT` */
  server6: string;
  dir: string;
  /** Kills knotd, waits for it to exit and removes the temp dir. */
  close(): Promise<void>;
}

export interface KnotOptions {
  /** Extra zones: domain → zone file text. */
  zones?: Record<string, string>;
  /** Threads per kind (udp/tcp/background); default 1 to spare test CPUs. */
  workers?: number;
  /** Skip the built-in test zones. */
  noDefaultZones?: boolean;
}

const HEX64 = 'A'.repeat(32) + 'B'.repeat(32);
const LONG = 'x'.repeat(255);

/** The test zones: every record type the client must present, plus TC, refused AXFR and DNSSEC. */
export const TEST_ZONES: Record<string, string> = {
  'example.test': `$ORIGIN example.test.
$TTL 3600
@ SOA ns1 hostmaster 2024010101 7200 3600 1209600 300
@ NS ns1
ns1 A 127.0.0.1
ns1 AAAA ::1
@ A 192.0.2.1
@ AAAA 2001:db8::1
www CNAME @
@ MX 10 mail
@ MX 20 mail2.example.net.
mail A 192.0.2.25
@ TXT "v=spf1 -all"
multi TXT "first string" "second string" "third"
html TXT "<b>bold</b><script>alert(1)</script>"
binary TXT "a\\000b\\255\\"q\\\\"
big TXT "${LONG}" "${LONG}" "${LONG}" "${LONG}" "${LONG}" "${LONG}"
_sip._tcp SRV 10 60 5060 sip
sip A 192.0.2.50
@ CAA 0 issue "letsencrypt.org"
@ CAA 128 iodef "mailto:security@example.test"
_443._tcp TLSA 3 1 1 ${HEX64}
@ SSHFP 4 2 ${HEX64}
@ HTTPS 1 . alpn=h2,h3 ipv4hint=192.0.2.1 ipv6hint=2001:db8::1
_svc SVCB 1 svc.example.test. port=8443
@ NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp.example.test.
child NS ns.child
child DS 12345 13 2 ${HEX64}
ns.child A 192.0.2.53
unknown TYPE65280 \\# 3 ABCDEF
ptr PTR www.example.test.
`,
  'signed.test': `$ORIGIN signed.test.
$TTL 3600
@ SOA ns1 hostmaster 1 7200 3600 1209600 300
@ NS ns1
ns1 A 127.0.0.1
@ A 192.0.2.10
`,
  'nsec3.test': `$ORIGIN nsec3.test.
$TTL 3600
@ SOA ns1 hostmaster 1 7200 3600 1209600 300
@ NS ns1
ns1 A 127.0.0.1
`,
  'noxfr.test': `$ORIGIN noxfr.test.
$TTL 3600
@ SOA ns1 hostmaster 1 7200 3600 1209600 300
@ NS ns1
ns1 A 127.0.0.1
`,
  '0.0.127.in-addr.arpa': `$ORIGIN 0.0.127.in-addr.arpa.
$TTL 3600
@ SOA ns1.example.test. hostmaster.example.test. 1 7200 3600 1209600 300
@ NS ns1.example.test.
1 PTR localhost.
2 PTR two.example.test.
`,
  [`${'0.'.repeat(30)}0.ip6.arpa`]: `$ORIGIN ${'0.'.repeat(30)}0.ip6.arpa.
$TTL 3600
@ SOA ns1.example.test. hostmaster.example.test. 1 7200 3600 1209600 300
@ NS ns1.example.test.
1 PTR localhost.
`,
  localhost: `$ORIGIN localhost.
$TTL 60
@ SOA ns1.example.test. hostmaster.example.test. 1 7200 3600 1209600 300
@ NS ns1.example.test.
@ A 127.0.0.2
`,
};

function config(dir: string, port: number, zones: string[], workers: number): string {
  const zoneLines = zones.map(z => {
    if (z === 'signed.test')
      return `  - domain: ${z}\n    dnssec-signing: on\n    dnssec-policy: nsec\n    journal-content: all\n    zonefile-load: difference-no-serial\n    acl: xfr`;
    if (z === 'nsec3.test')
      return `  - domain: ${z}\n    dnssec-signing: on\n    dnssec-policy: nsec3\n    journal-content: all\n    zonefile-load: difference-no-serial\n    acl: xfr`;
    if (z === 'noxfr.test') return `  - domain: ${z}`;
    return `  - domain: ${z}\n    acl: xfr`;
  });
  return `server:
  rundir: "${dir}"
  listen: [ 127.0.0.1@${port}, ::1@${port} ]
  nsid: "netprobe-knot"
  udp-workers: ${workers}
  tcp-workers: ${workers}
  background-workers: ${workers}
log:
  - target: stderr
    any: warning
database:
  storage: "${dir}/db"
acl:
  - id: xfr
    address: [ 127.0.0.1, ::1 ]
    action: transfer
policy:
  - id: nsec
    algorithm: ecdsap256sha256
  - id: nsec3
    algorithm: ecdsap256sha256
    nsec3: on
    nsec3-iterations: 0
mod-cookies:
  - id: default
template:
  - id: default
    global-module: mod-cookies/default
    storage: "${dir}/zones"
    file: "%s.zone"
    zonefile-sync: -1
zone:
${zoneLines.join('\n')}
`;
}

/** Polls with real queries until every zone answers its SOA (signed zones: their DNSKEY). */
async function waitReady(server: string, zones: string[], child: ChildProcess, stderr: () => string): Promise<void> {
  const limit = Date.now() + 15000;
  for (const zone of zones) {
    const type = zone === 'signed.test' || zone === 'nsec3.test' ? 'DNSKEY' : 'SOA';
    for (;;) {
      if (child.exitCode !== null) throw new Error(`knotd exited (${child.exitCode}): ${stderr()}`);
      if (/load' failed|failed to parse|semantic check/i.test(stderr())) throw new Error(`knotd could not load a zone: ${stderr()}`);
      if (Date.now() > limit) throw new Error(`knotd did not serve ${zone} within 15 s: ${stderr()}`);
      try {
        const r = await dnsQuery(zone, { server, type, timeout: 200, tries: 1 });
        if (r.rcode === 'NOERROR' && r.answers.length > 0) break;
      } catch {
        // not up yet
      }
    }
  }
}

/** Writes zones and config to a temp dir, runs `knotd -c conf` in the foreground and waits until it answers. */
export async function startKnot(opts: KnotOptions = {}): Promise<KnotServer> {
  const zones = { ...(opts.noDefaultZones ? {} : TEST_ZONES), ...opts.zones };
  for (let attempt = 0; ; attempt++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-knot-'));
    fs.mkdirSync(path.join(dir, 'zones'));
    fs.mkdirSync(path.join(dir, 'db'));
    for (const [z, text] of Object.entries(zones)) fs.writeFileSync(path.join(dir, 'zones', `${z}.zone`), text);
    const port = await freeDualPort({ udp: true });
    fs.writeFileSync(path.join(dir, 'knot.conf'), config(dir, port, Object.keys(zones), opts.workers ?? 1));
    const child = spawn('knotd', ['-c', path.join(dir, 'knot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', e => {
      err += String(e);
    });
    const close = async (): Promise<void> => {
      await stopChild(child);
      fs.rmSync(dir, { recursive: true, force: true });
    };
    try {
      await waitReady(`127.0.0.1:${port}`, Object.keys(zones), child, () => err);
    } catch (e) {
      await close();
      if (attempt < 3 && /address already in use|cannot bind/i.test(err)) continue;
      throw e;
    }
    return { port, server4: `127.0.0.1:${port}`, server6: `[::1]:${port}`, dir, close };
  }
}
