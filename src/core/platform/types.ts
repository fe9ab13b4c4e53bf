/**
 * How `core/platform` reads a fact about this machine. Linux has the exact sources (`/proc`, `/sys/class/net`,
 * `/etc/resolv.conf`); elsewhere, or with `portable: true` (tests force it on Linux), the portable way is used:
 * Node's own calls and the `lsof`/`netstat` tools where present.
 */
export interface PlatformOptions {
  /** Use the portable way even on Linux. */
  portable?: boolean;
}

/** True when the Linux-only sources should be read. */
export function useLinuxSources(opts: PlatformOptions = {}): boolean {
  return process.platform === 'linux' && opts.portable !== true;
}
