import { parsePortSpec } from '../../core/scan/ports';
import { scanPorts } from '../../core/scan/scan';
import type { ScanPortResult, ScanOptions } from '../../core/scan/types';
import { flag, intOption, stringOption } from '../args';
import { hostArg } from '../host-port';
import { ms, table } from '../format';
import { PROXY_OPTION, PROXY_USAGE, proxyFromCli } from '../proxy-option';
import type { CliCommand } from '../types';
import { UsageError } from '../types';
import { formatCount } from '../../core/text/units';

const SMALL_SCAN = 2048;

function firstLine(text: string): string {
  const line = text.split(/\r?\n/)[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

function rows(results: ScanPortResult[], showAddress: boolean, banner: boolean): string[][] {
  return results.map(p => [
    ...(showAddress ? [p.address] : []),
    `${p.port}/tcp`,
    p.state + (p.state === 'error' && p.errno ? ` (${p.errno})` : ''),
    p.service ?? '',
    p.rttMs !== undefined ? ms(p.rttMs) : '',
    ...(banner ? [p.banner ? firstLine(p.banner.text) : ''] : []),
  ]);
}

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'TCP connect scan of HOST: every address, ports as a list, ranges, top100/top1000 or all.',
  usage: `scan HOST|HOST:PORT [--ports SPEC] [--concurrency N] [--timeout MS] [--retries N] [--banner] [--closed] [-4|-6] [--json] ${PROXY_USAGE}`,
  options: {
    ports: { type: 'string', short: 'p' },
    concurrency: { type: 'string' },
    retries: { type: 'string' },
    banner: { type: 'boolean' },
    closed: { type: 'boolean' },
    ipv4: { type: 'boolean', short: '4' },
    ipv6: { type: 'boolean', short: '6' },
    ...PROXY_OPTION,
  },
  async run(ctx) {
    // HOST:PORT (or a URL) scans that port unless --ports says otherwise.
    const given = hostArg(ctx, this.usage);
    const host = given.host;
    if (flag(ctx, 'ipv4') && flag(ctx, 'ipv6')) throw new UsageError('-4 and -6 exclude each other.');
    const banner = flag(ctx, 'banner');
    const ports = stringOption(ctx, 'ports') ?? (given.port !== undefined ? String(given.port) : 'top1000');
    const proxy = proxyFromCli(ctx);
    const scanOpts: ScanOptions = {
      ports,
      // No editor event loop to protect here: small scans skip the worker start-up; big ones use a worker per core.
      workers: parsePortSpec(ports).length < SMALL_SCAN ? 0 : undefined,
      family: flag(ctx, 'ipv4') ? 4 : flag(ctx, 'ipv6') ? 6 : undefined,
      concurrency: intOption(ctx, 'concurrency', { min: 1, max: 20000 }),
      retries: intOption(ctx, 'retries', { max: 10 }),
      // --timeout is per port here, as in nmap's --max-rtt-timeout.
      portTimeout: typeof ctx.values.timeout === 'string' ? ctx.timeout : undefined,
      banner,
      includeClosed: flag(ctx, 'closed'),
      signal: ctx.signal,
      ...(proxy ? { proxy } : {}),
    };
    const r = await scanPorts(host, scanOpts);
    if (ctx.json) {
      ctx.printJson(r);
      return r.open.length ? 0 : 1;
    }
    const showAddress = r.targets.length > 1;
    if (r.ports.length) {
      ctx.out(
        table([...(showAddress ? ['ADDRESS'] : []), 'PORT', 'STATE', 'SERVICE', 'TIME', ...(banner ? ['BANNER'] : [])], rows(r.ports, showAddress, banner)),
      );
    }
    const hidden = r.ports.some(p => p.state === 'closed') ? 0 : r.counts.closed;
    if (hidden) ctx.out(`Not shown: ${formatCount(hidden, 'closed port')} (connection refused)`);
    const addresses = r.targets.map(t => t.address).join(', ');
    const parts = [`${r.counts.open} open`, r.counts.filtered ? `${r.counts.filtered} filtered` : '', r.counts.error ? `${r.counts.error} error` : ''].filter(
      Boolean,
    );
    ctx.out(
      `Scanned ${host}${addresses !== host ? ` (${addresses})` : ''}${r.via ? ` through ${r.via}` : ''}: ${formatCount(r.portCount, 'port')} in ${ms(r.elapsedMs)}, ${parts.join(', ')}`,
    );
    return r.open.length ? 0 : 1;
  },
};
