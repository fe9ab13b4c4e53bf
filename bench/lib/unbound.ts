import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freeDualPort, spawnPeer } from '../../test/helpers/peers';

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
  const peer = await spawnPeer(['unbound', '-d', '-c', path.join(dir, 'unbound.conf')], { host: '127.0.0.1', port, what: 'unbound' }).catch((e: unknown) => {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  const close = async (): Promise<void> => {
    await peer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { port, url: `https://127.0.0.1:${port}/dns-query`, pid: peer.child.pid, close };
}
