import { spawnSync } from 'child_process';

/** What getaddrinfo made of one input: the addresses, or the error code. */
export type SystemReading = { addresses: string[] } | { error: string };

const SCRIPT = `
const dns = require('dns');
const inputs = JSON.parse(process.argv[1]);
Promise.all(inputs.map(x => dns.promises.lookup(x, { all: true, verbatim: true })
  .then(a => ({ addresses: a.map(y => y.address) }), e => ({ error: String(e.code) }))))
  .then(r => process.stdout.write(JSON.stringify(r)));
`;

/**
 * Runs dns.lookup (getaddrinfo) on each input inside a fresh, empty network namespace (`unshare --net`):
 * literals are answered without traffic, and anything getaddrinfo does not take as a literal fails there
 * instead of reaching a nameserver. Returns undefined (with the reason) when namespaces are unavailable.
 */
export function systemLookups(inputs: string[]): SystemReading[] | string {
  const r = spawnSync('unshare', ['--net', process.execPath, '-e', SCRIPT, JSON.stringify(inputs)], { encoding: 'utf8', timeout: 60000 });
  if (r.error || r.status !== 0) return `unshare --net is not available here (${r.error?.message ?? r.stderr.trim()})`;
  return JSON.parse(r.stdout) as SystemReading[];
}
