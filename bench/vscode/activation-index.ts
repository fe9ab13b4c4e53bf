import * as dgram from 'dgram';
import { once } from 'events';
import * as fs from 'fs';
import * as http from 'http';
import type * as net from 'net';
import * as vscode from 'vscode';
import type { NetProbeApi } from '../../src/extension';

/** A DNS server on 127.0.0.1 that answers every query NXDOMAIN at once (the query echoed with QR and RCODE set). */
async function nxdomainServer(): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  s.on('message', (msg, rinfo) => {
    const reply = Buffer.from(msg);
    reply[2] = (reply[2] ?? 0) | 0x80;
    reply[3] = 0x83;
    s.send(reply, rinfo.port, rinfo.address);
  });
  s.bind(0, '127.0.0.1');
  await once(s, 'listening');
  return s;
}

/** Time of one command call, in ms. */
async function timed(command: string, ...args: unknown[]): Promise<number> {
  const t0 = performance.now();
  await vscode.commands.executeCommand(command, ...args);
  return performance.now() - t0;
}

/**
 * Loaded as extensionTestsPath by bench/foundation.bench.ts: times NetProbe's activation in the real host (code
 * loading included), the first hover, and the first use of DNS lookup, scan and HTTP send (each feature's code
 * loads then) against servers on 127.0.0.1.
 */
export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<NetProbeApi>('netprobe-dev.netprobe');
  if (!ext) throw new Error('NetProbe not found');
  const wasActive = ext.isActive;
  const t0 = performance.now();
  const api = await ext.activate();
  const activateMs = performance.now() - t0;

  const doc = await vscode.workspace.openTextDocument({ content: 'gateway 192.0.2.1 and fe80::1%eth0', language: 'plaintext' });
  const h0 = performance.now();
  await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 10));
  const firstHoverMs = performance.now() - h0;

  const dns = await nxdomainServer();
  const web = http.createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1');
  await once(web, 'listening');
  const webPort = (web.address() as net.AddressInfo).port;
  const first = {
    dns: await timed('netprobe.dnsLookup', 'bench.invalid', 'A', `127.0.0.1:${dns.address().port}`),
    scan: await timed('netprobe.scanPorts', '127.0.0.1', String(webPort), {}),
    http: await timed('netprobe.sendRawRequest', `# @target 127.0.0.1:${webPort}\nGET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`, 0, {}),
  };
  const t1 = performance.now();
  await vscode.commands.executeCommand('netprobe.resolve', '127.0.0.1');
  const firstCommandMs = performance.now() - t1;
  dns.close();
  web.close();
  const out = process.env.NETPROBE_BENCH_OUT;
  if (out) {
    fs.writeFileSync(
      out,
      JSON.stringify({
        wasActive,
        activateMs,
        activationMs: api.activationMs,
        activationCpuMs: api.activationCpuMs,
        firstHoverMs,
        firstUse: first,
        loadMs: Object.fromEntries(api.features.loadMs),
        loadCpuMs: Object.fromEntries(api.features.loadCpuMs),
        firstCommandMs,
      }),
    );
  }
}
