import type { ParseArgsConfig } from 'util';
import type { ProxyConfig, ProxyStageTiming, ProxyTlsOptions } from '../core/proxy/types';
import { parseProxyUrl } from '../core/proxy/url';
import { flag, stringOption } from './args';
import { ms, table } from './format';
import type { CliContext } from './types';

/** Environment variable holding the proxy password, for URLs that give only a user name. */
export const PROXY_PASSWORD_ENV = 'NETPROBE_PROXY_PASSWORD';

/** `--proxy-cacert FILE` and `--proxy-insecure` (as curl names them): how to trust an `https://` proxy. */
export const PROXY_TLS_OPTIONS: NonNullable<ParseArgsConfig['options']> = { 'proxy-cacert': { type: 'string' }, 'proxy-insecure': { type: 'boolean' } };

/** Spread into a command's `options` to accept `--proxy URL` (with `--proxy-cacert`/`--proxy-insecure`). */
export const PROXY_OPTION: NonNullable<ParseArgsConfig['options']> = { proxy: { type: 'string' }, ...PROXY_TLS_OPTIONS };

/** Usage fragment for commands that accept `--proxy`. */
export const PROXY_USAGE = '[--proxy socks5h://|http://|https://[user[:pass]@]host:port[,…]] [--proxy-cacert F] [--proxy-insecure]';

/** The TLS settings `--proxy-cacert`/`--proxy-insecure` give every `https://` proxy, or undefined. */
export function proxyTlsFromCli(ctx: CliContext): ProxyTlsOptions | undefined {
  const caFile = stringOption(ctx, 'proxy-cacert');
  const insecure = flag(ctx, 'proxy-insecure');
  return caFile !== undefined || insecure ? { ...(caFile !== undefined ? { caFile } : {}), ...(insecure ? { insecure } : {}) } : undefined;
}

/**
 * Parses a proxy URL (or comma-separated chain) given on the command line or in `--proxy`; a URL with a
 * user name but no password takes it from `NETPROBE_PROXY_PASSWORD`; `tls` applies to `https://` proxies. Bad
 * input throws `invalid-input` (exit 2) without echoing the password.
 */
export function parseCliProxy(text: string, env: NodeJS.ProcessEnv = process.env, tls?: ProxyTlsOptions): ProxyConfig {
  const password = env[PROXY_PASSWORD_ENV];
  return parseProxyUrl(text, { ...(password !== undefined && password !== '' ? { password } : {}), ...(tls ? { tls } : {}) });
}

/** The `--proxy` option's value, parsed (with `--proxy-cacert`/`--proxy-insecure`), or undefined when not given. */
export function proxyFromCli(ctx: CliContext): ProxyConfig | undefined {
  const text = stringOption(ctx, 'proxy');
  return text === undefined ? undefined : parseCliProxy(text, process.env, proxyTlsFromCli(ctx));
}

/** A table of proxy stages with their timings, for text output. */
export function stagesTable(stages: ProxyStageTiming[]): string {
  return table(
    ['STAGE', 'PROXY', 'TIME', 'DETAIL'],
    stages.map(s => [s.stage, String(s.hop + 1), ms(s.elapsedMs), s.detail ?? '']),
  );
}
