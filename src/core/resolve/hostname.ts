import * as os from 'os';
import type { OperationOptions } from '../errors';
import { resolve } from './resolve';
import { reverse } from './reverse';

/** This machine's host name (`gethostname`). */
export function hostname(): string {
  return os.hostname();
}

/**
 * Fully qualified domain name with the semantics of Python's `socket.getfqdn`: an empty name (or
 * 0.0.0.0 / ::) means this host; the name is resolved and looked up in reverse, and the first of the
 * hostname and its aliases that contains a dot is returned, else that hostname; when lookups fail, the
 * name itself (never an error).
 */
export async function fqdn(name?: string, opts: OperationOptions = {}): Promise<string> {
  let n = (name ?? '').trim();
  if (n === '' || n === '0.0.0.0' || n === '::') n = hostname();
  try {
    const resolved = await resolve(n, opts);
    const first = resolved.addresses[0];
    if (!first) return n;
    const r = await reverse(first.address, opts);
    return [r.hostname, ...r.aliases].find(c => c.includes('.')) ?? r.hostname;
  } catch {
    return n;
  }
}
