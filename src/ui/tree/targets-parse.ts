import { parseAddressLiteral } from '../../core/address/literal';
import { parsePort } from '../../core/ports/check-port';
import { NetProbeError } from '../../core/errors';

/** A saved `host:port`. */
export interface TargetSpec {
  host: string;
  port: number;
}

/** The canonical text of a target: `host:port`, `[v6]:port`. */
export function targetKey(t: TargetSpec): string {
  return t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
}

/**
 * Parses `host:port`, `[2001:db8::1]:443` or `ip6:port`-free forms. Throws `invalid-input` with the reason.
 */
export function parseTarget(text: string): TargetSpec {
  const t = text.trim();
  const bracket = /^\[([^\]]+)\]:(\d+)$/.exec(t);
  if (bracket) return { host: bracket[1] ?? '', port: parsePort(bracket[2] ?? '') };
  const i = t.lastIndexOf(':');
  if (i <= 0) throw new NetProbeError('invalid-input', `"${t}" is not host:port (for example localhost:8080 or [::1]:22).`);
  const host = t.slice(0, i);
  if (host.includes(':')) {
    if (parseAddressLiteral(host)) throw new NetProbeError('invalid-input', `Write an IPv6 target in brackets: [${host}]:${t.slice(i + 1)}.`);
    throw new NetProbeError('invalid-input', `"${t}" is not host:port.`);
  }
  if (!/^[A-Za-z0-9_.-]+$/.test(host)) throw new NetProbeError('invalid-input', `"${host}" is not a host name or address.`);
  return { host, port: parsePort(t.slice(i + 1)) };
}

/** Why `text` is not a target, or undefined (for input boxes). */
export function targetProblem(text: string): string | undefined {
  try {
    parseTarget(text);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
