import type { HostPort } from '../../core/address/host-port';
import { formatHostPort, hostPortProblem, parseHostPort } from '../../core/address/host-port';

/** A saved `host:port`. */
export type TargetSpec = HostPort;

/** The canonical text of a target: `host:port`, `[v6]:port`. */
export function targetKey(t: TargetSpec): string {
  return formatHostPort(t.host, t.port);
}

/** Reads a target with core's host:port rule ({@link parseHostPort}). Throws `invalid-input` with the reason. */
export function parseTarget(text: string): TargetSpec {
  const { host, port } = parseHostPort(text);
  return { host, port };
}

/** Why `text` is not a target, or undefined (for input boxes). */
export const targetProblem = (text: string): string | undefined => hostPortProblem(text);
