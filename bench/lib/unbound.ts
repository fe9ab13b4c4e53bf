import { spawn } from 'child_process';
import { once } from 'events';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { freeDualPort } from '../../test/helpers/nginx';

/** A running unbound serving local data over DNS over HTTPS only. */
export interface UnboundDoh {
  port: number;
  url: string;
  pid: number | undefined;
  close(): Promise<void>;
}

/**
 * Starts `unbound -d` (foreground) on 127.0.0.1 with `https-port` and the given certificate, answering `local-data`
 * records itself (no upstream, no recursion): a second DoH server for tools that cannot talk to dnsdist's.
 */
export async function startUnboundDoh(cert: { cert: string; key: string }, records: string[]): Promise<UnboundDoh> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-unbound-'));
  const plain = await freeDualPort();
  const port = await freeDualPort();
  const conf = `server:
  interface: 127.0.0.1@${plain}
  interface: 127.0.0.1@${port}
  https-port: ${port}
  tls-service-key: "${cert.key}"
  tls-service-pem: "${cert.cert}"
  do-daemonize: no
  use-syslog: no
  chroot: ""
  username: ""
  directory: "${dir}"
  pidfile: ""
  logfile: ""
  access-control: 127.0.0.0/8 allow
  num-threads: 1
  module-config: "iterator"
  verbosity: 0
  local-zone: "example.test." static
${records.map(r => `  local-data: "${r}"`).join('\n')}
remote-control:
  control-enable: no
`;
  fs.writeFileSync(path.join(dir, 'unbound.conf'), conf);
  const child = spawn('unbound', ['-d', '-c', path.join(dir, 'unbound.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => { log += d.toString(); });
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`unbound exited: ${log}`);
    if (Date.now() > deadline) {
      await close();
      throw new Error(`unbound did not listen: ${log}`);
    }
    const up = await new Promise<boolean>(r => {
      const s = net.connect({ host: '127.0.0.1', port }, () => { s.destroy(); r(true); });
      s.on('error', () => r(false));
    });
    if (up) break;
    await new Promise(r => setTimeout(r, 20));
  }
  return { port, url: `https://127.0.0.1:${port}/dns-query`, pid: child.pid, close };
}
