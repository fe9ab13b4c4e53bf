import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freePort, spawnPeer } from './peers';

/** A SOCKS server the test started; `close` kills it and waits for its exit. */
export interface SocksPeer {
  host: string;
  port: number;
  /** Everything the server wrote to stderr (dante logs there). */
  log(): string;
  close(): Promise<void>;
}

/** True when this process may create mount namespaces (`unshare -m`), needed for a proxy-only /etc/hosts. */
export function canUnshareMounts(): boolean {
  const r = spawnSync('unshare', ['-m', 'true'], { stdio: 'ignore' });
  return r.status === 0;
}

/**
 * Spawns `argv` in the foreground; with `hostsFile`, inside a private mount namespace where that file is
 * bind-mounted on /etc/hosts, so the server (and only it) resolves names from it.
 */
async function startPeer(argv: string[], host: string, port: number, hostsFile?: string): Promise<SocksPeer> {
  const [cmd, ...args] = hostsFile ? ['unshare', '-m', 'sh', '-c', 'mount --bind "$0" /etc/hosts && exec "$@"', hostsFile, ...argv] : argv;
  const peer = await spawnPeer([cmd ?? 'false', ...args], { host, port, what: 'SOCKS peer' });
  return { host, port, log: peer.log, close: peer.close };
}

/** A hosts file in a fresh temp dir, for {@link startMicrosocks} / {@link startDante} `hostsFile`. */
export function writeHostsFile(lines: string[]): { file: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-hosts-'));
  const file = path.join(dir, 'hosts');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * microsocks (SOCKS5; with `user`/`pass` it demands username/password; with `bind` its outgoing
 * connections come from that address, so a target can tell proxied connections apart).
 */
export async function startMicrosocks(opts: { host?: string; user?: string; pass?: string; hostsFile?: string; bind?: string } = {}): Promise<SocksPeer> {
  const host = opts.host ?? '127.0.0.1';
  const port = await freePort(host);
  const argv = ['microsocks', '-i', host, '-p', String(port)];
  if (opts.user !== undefined) argv.push('-u', opts.user, '-P', opts.pass ?? '');
  if (opts.bind !== undefined) argv.push('-b', opts.bind);
  return startPeer(argv, host, port, opts.hostsFile);
}

/**
 * dante-server (SOCKS4 and SOCKS5, no authentication), allowing only loopback targets; connections to
 * `blocked` addresses are refused by rule (SOCKS5 reply 2).
 */
export async function startDante(opts: { hostsFile?: string; blocked?: string } = {}): Promise<SocksPeer> {
  const host = '127.0.0.1';
  const port = await freePort(host);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-dante-'));
  const conf = path.join(dir, 'danted.conf');
  fs.writeFileSync(
    conf,
    [
      'logoutput: stderr',
      `internal: ${host} port = ${port}`,
      'external: lo',
      'clientmethod: none',
      'socksmethod: none',
      // Privilege switching only as root (a non-root danted cannot seteuid and exits).
      ...(process.getuid?.() === 0 ? ['user.privileged: root', 'user.unprivileged: nobody'] : []),
      'client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }',
      ...(opts.blocked ? [`socks block { from: 0.0.0.0/0 to: ${opts.blocked}/32 log: error }`] : []),
      'socks pass { from: 127.0.0.0/8 to: 127.0.0.0/8 command: connect }',
      'socks pass { from: 127.0.0.0/8 to: ::1/128 command: connect }',
      'socks pass { from: 127.0.0.0/8 to: .netprobe.test command: connect }',
      'socks pass { from: 127.0.0.0/8 to: localhost command: connect }',
      '',
    ].join('\n'),
  );
  const peer = await startPeer(['danted', '-f', conf, '-N', '1'], host, port, opts.hostsFile);
  return {
    ...peer,
    close: async () => {
      await peer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
