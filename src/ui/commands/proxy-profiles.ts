import * as vscode from 'vscode';
import { NetProbeError, problemOf } from '../../core/errors';
import type { ProxyConfig, ProxyHop } from '../../core/proxy/types';
import { formatProxyUrl, parseProxyUrl, proxyHops } from '../../core/proxy/url';
import type { Services } from '../services';

/** One entry of the `netprobe.proxies` setting. The password is never here: it lives in SecretStorage. */
export interface ProxyProfile {
  name: string;
  url: string;
}

/** A name that means "no proxy" in `netprobe.defaultProxy` and in command arguments. */
export const DIRECT = 'direct';

const SECRET_PREFIX = 'netprobe.proxy.password:';

/** The SecretStorage key holding a profile's password. */
export function secretKey(name: string): string {
  return `${SECRET_PREFIX}${name}`;
}

/** Profiles from the `netprobe.proxies` setting (malformed entries skipped). */
export function readProxyProfiles(): ProxyProfile[] {
  const raw = vscode.workspace.getConfiguration('netprobe').get<unknown>('proxies', []);
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((p: unknown): ProxyProfile[] => {
    if (typeof p !== 'object' || p === null) return [];
    const { name, url } = p as Record<string, unknown>;
    return typeof name === 'string' && typeof url === 'string' && name.trim() !== '' ? [{ name: name.trim(), url }] : [];
  });
}

/** The `netprobe.defaultProxy` profile name, or undefined for direct connections. */
export function defaultProxyName(): string | undefined {
  const name = vscode.workspace.getConfiguration('netprobe').get<string>('defaultProxy', '').trim();
  return name === '' || name === DIRECT ? undefined : name;
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
  if (withPassword.length > 1) throw new NetProbeError('invalid-input', 'Only one proxy in a chain can have a stored password; add the others as separate profiles.');
  const strip = (h: ProxyHop): ProxyHop => ({ protocol: h.protocol, host: h.host, port: h.port, ...(h.username !== undefined ? { username: h.username } : {}) });
  const [first, ...rest] = hops.map(strip);
  const url = formatProxyUrl(rest.length ? { ...(first ?? config), chain: rest } : first ?? config);
  const password = withPassword[0]?.password;
  return password !== undefined ? { url, password } : { url };
}

/**
 * The proxy of profile `name`, with its password from SecretStorage applied to the hop that names a user.
 * For other features (e.g. `# @proxy name` in request files). Throws `invalid-input` for an unknown name.
 */
export async function resolveProxyProfile(name: string, services: Services): Promise<ProxyConfig> {
  const profile = readProxyProfiles().find(p => p.name === name.trim());
  if (!profile) {
    const known = readProxyProfiles().map(p => p.name);
    throw new NetProbeError('invalid-input', `No proxy profile named "${name}"${known.length ? ` (profiles: ${known.join(', ')})` : ''}; add one with NetProbe: Add Proxy….`);
  }
  const password = await services.context.secrets.get(secretKey(profile.name));
  const config = parseProxyUrl(profile.url);
  if (password === undefined) return config;
  const hops = proxyHops(config).map(h => (h.username !== undefined && h.protocol.startsWith('socks5') && h.password === undefined ? { ...h, password } : h));
  const [first, ...rest] = hops;
  return rest.length ? { ...(first ?? config), chain: rest } : first ?? config;
}

/**
 * The proxy a command should use: `arg` may be a profile name, a `socks…://` URL, `direct` or `''` (no
 * proxy); when absent, the default profile (`netprobe.defaultProxy`) applies.
 */
export async function proxyForCommand(services: Services, arg?: string): Promise<ProxyConfig | undefined> {
  const text = arg?.trim();
  if (text === '' || text === DIRECT) return undefined;
  if (text === undefined) {
    const name = defaultProxyName();
    return name ? resolveProxyProfile(name, services) : undefined;
  }
  return text.includes('://') ? parseProxyUrl(text) : resolveProxyProfile(text, services);
}

/** Adds or replaces a profile in the user settings and stores (or clears) its password. */
export async function saveProxyProfile(services: Services, profile: ProxyProfile, password: string | undefined): Promise<void> {
  const others = readProxyProfiles().filter(p => p.name !== profile.name);
  await vscode.workspace.getConfiguration('netprobe').update('proxies', [...others, profile], vscode.ConfigurationTarget.Global);
  if (password !== undefined && password !== '') await services.context.secrets.store(secretKey(profile.name), password);
  else await services.context.secrets.delete(secretKey(profile.name));
}

/** Removes a profile and its password; a default pointing at it falls back to direct. */
export async function removeProxyProfile(services: Services, name: string): Promise<boolean> {
  const all = readProxyProfiles();
  if (!all.some(p => p.name === name)) return false;
  const config = vscode.workspace.getConfiguration('netprobe');
  await config.update('proxies', all.filter(p => p.name !== name), vscode.ConfigurationTarget.Global);
  await services.context.secrets.delete(secretKey(name));
  if (defaultProxyName() === name) await config.update('defaultProxy', '', vscode.ConfigurationTarget.Global);
  return true;
}
