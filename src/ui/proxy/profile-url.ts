import { NetProbeError, problemOf } from '../../core/errors';
import type { ProxyConfig, ProxyHop } from '../../core/proxy/types';
import { formatProxyUrl, parseProxyUrl, proxyHops, takesPassword } from '../../core/proxy/url';

/** A name that means "no proxy" in `netprobe.proxy.default` and in command arguments. */
export const DIRECT = 'direct';

/**
 * A name that means "the proxy VS Code's `http.proxy` or the environment (`HTTPS_PROXY`, `ALL_PROXY`, `HTTP_PROXY`)
 * names, with `NO_PROXY`", in `netprobe.proxy.default` and command arguments: used only when chosen.
 */
export const FROM_ENVIRONMENT = 'environment';

/** Whether a profile name is one of the reserved ones. */
export function isReservedName(name: string): boolean {
  const n = name.trim();
  return n === DIRECT || n === FROM_ENVIRONMENT;
}

const SECRET_PREFIX = 'netprobe.proxy.secret:';
const NAME_SECRET_PREFIX = 'netprobe.proxy.password:';

/** Whether a hop takes a password from secret storage: SOCKS5 or HTTP (Basic) with a user and no password in the URL. */
export function wantsSecret(hop: ProxyHop): boolean {
  return hop.username !== undefined && hop.password === undefined && takesPassword(hop.protocol);
}

/**
 * The SecretStorage key of the password for one proxy: its identity (scheme, host, port, user), never a
 * profile name, so a profile whose URL changes never receives the old password. `socks5` and `socks5h` speak
 * the same protocol to the same server (only who resolves target names differs): they share the password.
 * `http` and `https` are different proxies (one speaks TLS): each has its own.
 */
export function secretKeyFor(hop: ProxyHop): string {
  const scheme = hop.protocol === 'socks5h' ? 'socks5' : hop.protocol;
  const host = hop.host.toLowerCase();
  return `${SECRET_PREFIX}${scheme}://${encodeURIComponent(hop.username ?? '')}@${host.includes(':') ? `[${host}]` : host}:${hop.port}`;
}

/** The key versions before 0.2 used: the profile name (a workspace could point that name elsewhere). */
export function nameSecretKey(name: string): string {
  return `${NAME_SECRET_PREFIX}${name}`;
}

/** The hop of a profile URL that takes the stored password, if any (at most one per profile). */
export function secretHop(url: string): ProxyHop | undefined {
  try {
    return proxyHops(parseProxyUrl(url)).find(wantsSecret);
  } catch {
    return undefined;
  }
}

/** Why `text` is not a usable profile URL (as typed in the Add Proxy box), or undefined. */
export function proxyUrlProblem(text: string): string | undefined {
  return problemOf(() => parseProxyUrl(text));
}

/** Splits a typed URL into the URL to store (no password) and the password to keep in SecretStorage. */
export function splitPassword(text: string): { url: string; password?: string } {
  const config = parseProxyUrl(text);
  const hops = proxyHops(config);
  const withPassword = hops.filter(h => h.password !== undefined);
  if (withPassword.length > 1)
    throw new NetProbeError('invalid-input', 'Only one proxy in a chain can have a stored password; add the others as separate profiles.');
  const strip = (h: ProxyHop): ProxyHop => ({
    protocol: h.protocol,
    host: h.host,
    port: h.port,
    ...(h.username !== undefined ? { username: h.username } : {}),
  });
  const [first, ...rest] = hops.map(strip);
  const url = formatProxyUrl(rest.length ? { ...(first ?? config), chain: rest } : (first ?? config));
  const password = withPassword[0]?.password;
  return password !== undefined ? { url, password } : { url };
}

/** `config` with each hop that wants one given the password `secretOf` finds for its identity. */
export async function withSecrets(config: ProxyConfig, secretOf: (hop: ProxyHop) => Promise<string | undefined>): Promise<ProxyConfig> {
  const hops = await Promise.all(
    proxyHops(config).map(async h => {
      if (!wantsSecret(h)) return h;
      const password = await secretOf(h);
      return password === undefined ? h : { ...h, password };
    }),
  );
  const [first, ...rest] = hops;
  return rest.length ? { ...(first ?? config), chain: rest } : (first ?? config);
}

/**
 * A name for a new profile of `url` (stored form, no password): the name of a profile that already has this
 * URL (saving replaces it), else the proxy's host, else `host:port`, else `host:port-2`, `-3`…
 */
export function suggestProfileName(url: string, profiles: ReadonlyArray<{ name: string; url: string }>): string {
  const same = profiles.find(p => p.url === url);
  if (same) return same.name;
  const first = proxyHops(parseProxyUrl(url))[0];
  if (!first) return 'proxy';
  const host = first.host.includes(':') ? `[${first.host}]` : first.host;
  const taken = new Set(profiles.map(p => p.name));
  for (const candidate of [host, `${host}:${first.port}`]) if (!taken.has(candidate) && !isReservedName(candidate)) return candidate;
  for (let i = 2; ; i++) if (!taken.has(`${host}:${first.port}-${i}`)) return `${host}:${first.port}-${i}`;
}
