import * as dns from 'dns';
import * as fs from 'fs';
import { parseAddressLiteral } from '../address/literal';
import type { OperationOptions } from '../errors';
import { NetProbeError, isErrnoException, nowMs, roundMs, withDeadline } from '../errors';

/** The outcome of {@link reverse}, shaped like `gethostbyaddr`'s (hostname, aliases, addresses). */
export interface ReverseResult {
  address: string;
  hostname: string;
  aliases: string[];
  addresses: string[];
  elapsedMs: number;
}

/** Other names /etc/hosts gives the address, as gethostbyaddr lists them in `aliases`. */
function hostsAliases(address: string, hostname: string, hostsFile: string): string[] {
  let text = '';
  try {
    text = fs.readFileSync(hostsFile, 'utf8');
  } catch {
    return [];
  }
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const fields = line.replace(/#.*/, '').trim().split(/\s+/);
    const [ip, ...rest] = fields;
    if (!ip || parseAddressLiteral(ip)?.address !== address) continue;
    for (const n of rest) if (n !== hostname && !names.includes(n)) names.push(n);
  }
  return names;
}

/**
 * Reverse lookup through the system resolver (getnameinfo: /etc/hosts, then PTR in DNS).
 * Fails with `dns-error` when the address has no name.
 */
export async function reverse(ip: string, opts: OperationOptions & { hostsFile?: string } = {}): Promise<ReverseResult> {
  const start = nowMs();
  const literal = parseAddressLiteral(ip);
  if (!literal) throw new NetProbeError('invalid-input', `"${ip}" is not an IP address.`);
  const target = literal.zone ? `${literal.address}%${literal.zone}` : literal.address;
  let hostname: string;
  try {
    ({ hostname } = await withDeadline(dns.promises.lookupService(target, 0), `Reverse lookup of ${ip}`, opts));
  } catch (e) {
    if (e instanceof NetProbeError) throw e;
    const code = isErrnoException(e) ? e.code : undefined;
    throw new NetProbeError('dns-error', `No name is registered for ${literal.address} (no /etc/hosts entry and no PTR record).`, code, { cause: e });
  }
  if (!hostname || parseAddressLiteral(hostname)?.address === literal.address) {
    throw new NetProbeError('dns-error', `No name is registered for ${literal.address} (no /etc/hosts entry and no PTR record).`, 'ENOTFOUND');
  }
  return {
    address: literal.address,
    hostname,
    aliases: hostsAliases(literal.address, hostname, opts.hostsFile ?? '/etc/hosts'),
    addresses: [literal.address],
    elapsedMs: roundMs(nowMs() - start),
  };
}
