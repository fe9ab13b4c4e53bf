import { parsePortSpec, formatPortList } from './ports';
import type { ScanOptions } from './types';

const SAFE = /^[A-Za-z0-9._:%-]+$/;

/** The `nmap` command that runs the same connect scan as {@link scanPorts} with these options. */
export function nmapCommand(host: string, opts: Pick<ScanOptions, 'ports' | 'family' | 'portTimeout' | 'retries'> = {}): string {
  const spec = opts.ports ?? 'top1000';
  const top = /^top-?(\d+)$/i.exec(spec.trim());
  const args = ['nmap', '-sT', '-Pn', '-n'];
  if (top) args.push('--top-ports', top[1] ?? '1000');
  else if (spec.trim().toLowerCase() === 'all') args.push('-p-');
  else args.push('-p', formatPortList(parsePortSpec(spec)));
  if (opts.family === 6 || host.includes(':')) args.push('-6');
  if (opts.portTimeout !== undefined) args.push('--max-rtt-timeout', `${opts.portTimeout}ms`);
  if (opts.retries !== undefined) args.push('--max-retries', String(opts.retries));
  args.push(SAFE.test(host) ? host : `'${host.replace(/'/g, `'\\''`)}'`);
  return args.join(' ');
}
