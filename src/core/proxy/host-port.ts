import { parsePort } from '../ports/check-port';
import { NetProbeError } from '../errors';

/** Splits `host:port` or `[v6]:port` into its parts, validating the port. Throws `invalid-input`. */
export function parseHostPort(text: string): { host: string; port: number } {
  const t = text.trim();
  const m = /^\[([^\]]+)\]:([^:]+)$/.exec(t) ?? /^([^:[\]]+):([^:]+)$/.exec(t);
  if (!m?.[1] || !m[2]) throw new NetProbeError('invalid-input', `"${t}" is not HOST:PORT (write IPv6 addresses as [::1]:443).`);
  return { host: m[1], port: parsePort(m[2]) };
}
