import { errorMessage } from '../errors';
import type { ProxyConfig } from './types';
import { formatProxyUrl, parseProxyUrl, redactProxyUrls } from './url';

/** Where a proxy from the environment was found, in the order they are read. */
export type EnvironmentProxySource = 'http.proxy' | 'HTTPS_PROXY' | 'https_proxy' | 'ALL_PROXY' | 'all_proxy' | 'HTTP_PROXY' | 'http_proxy';

const ENV_ORDER: readonly EnvironmentProxySource[] = ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'HTTP_PROXY', 'http_proxy'];

/** What the editor's settings and the process environment say about proxies. */
export interface EnvironmentProxyInput {
  env: Record<string, string | undefined>;
  /** VS Code's `http.proxy` setting (wins over the environment, as in VS Code itself). */
  httpProxySetting?: string;
  /** VS Code's `http.noProxy` setting (added to `NO_PROXY`). */
  noProxySetting?: readonly string[];
}

/** The proxy the environment names, as NetProbe would use it (only when the user picks it). */
export interface EnvironmentProxy {
  source: EnvironmentProxySource;
  /** The URL as written, password redacted; a bare `host:port` gets `http://` as curl and VS Code read it. */
  url: string;
  /** The proxy, with `noProxy` set; absent when the URL is not usable (`problem` says why). */
  config?: ProxyConfig;
  problem?: string;
  /** `NO_PROXY`/`no_proxy` and `http.noProxy` entries, in that order. */
  noProxy: string[];
  /** Where the bypass list came from, e.g. `NO_PROXY, http.noProxy`. */
  noProxySources: string[];
}

function splitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[,\s]+/)
    .map(s => s.trim())
    .filter(s => s !== '');
}

/**
 * The proxy VS Code's `http.proxy` or the environment (`HTTPS_PROXY`, `ALL_PROXY`, `HTTP_PROXY`, upper case first)
 * names, with the `NO_PROXY`/`no_proxy` and `http.noProxy` bypass lists; undefined when none is set. A URL without
 * a scheme is read as `http://`. Nothing is applied: the front ends offer it as a profile.
 */
export function environmentProxy(input: EnvironmentProxyInput): EnvironmentProxy | undefined {
  const setting = input.httpProxySetting?.trim();
  let source: EnvironmentProxySource | undefined;
  let raw: string | undefined;
  if (setting) {
    source = 'http.proxy';
    raw = setting;
  } else {
    for (const name of ENV_ORDER) {
      const v = input.env[name]?.trim();
      if (v) {
        source = name;
        raw = v;
        break;
      }
    }
  }
  if (!source || raw === undefined) return undefined;
  const envNoProxy = input.env.NO_PROXY !== undefined ? 'NO_PROXY' : input.env.no_proxy !== undefined ? 'no_proxy' : undefined;
  const noProxy = [...splitList(envNoProxy ? input.env[envNoProxy] : undefined), ...(input.noProxySetting ?? []).map(s => s.trim()).filter(s => s !== '')];
  const noProxySources = [...(envNoProxy ? [envNoProxy] : []), ...(input.noProxySetting?.length ? ['http.noProxy'] : [])];
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  const out: EnvironmentProxy = { source, url: redactProxyUrls(text), noProxy, noProxySources };
  try {
    const config = parseProxyUrl(text);
    if (config.chain?.length) throw new Error('a proxy variable names one proxy, not a chain');
    out.config = noProxy.length ? { ...config, noProxy } : config;
    out.url = formatProxyUrl(config);
  } catch (e) {
    out.problem = errorMessage(e);
  }
  return out;
}
