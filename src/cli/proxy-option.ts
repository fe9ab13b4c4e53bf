import type { ParseArgsConfig } from 'util';
import type { ProxyConfig, ProxyStageTiming } from '../core/proxy/types';
import { parseProxyUrl } from '../core/proxy/url';
import { stringOption } from './args';
import { ms, table } from './format';
import type { CliContext } from './types';

/** Environment variable holding the proxy password, for URLs that give only a user name. */
export const PROXY_PASSWORD_ENV = 'NETPROBE_PROXY_PASSWORD';

/** Spread into a command's `options` to accept `--proxy URL`. */
export const PROXY_OPTION: NonNullable<ParseArgsConfig['options']> = { proxy: { type: 'string' } };

/** Usage fragment for commands that accept `--proxy`. */
export const PROXY_USAGE = '[--proxy socks5h://[user[:pass]@]host:port[,…]]';

/**
 * Parses a proxy URL (or comma-separated chain) given on the command line or in `--proxy`; a URL with a
 * user name but no password takes it from `NETPROBE_PROXY_PASSWORD`. Bad input throws `invalid-input`
 * (exit 2) without echoing the password.
 */
export function parseCliProxy(text: string, env: NodeJS.ProcessEnv = process.env): ProxyConfig {
  const password = env[PROXY_PASSWORD_ENV];
  return parseProxyUrl(text, password !== undefined && password !== '' ? { password } : {});
}

/** The `--proxy` option's value, parsed, or undefined when not given. */
export function proxyFromCli(ctx: CliContext): ProxyConfig | undefined {
  const text = stringOption(ctx, 'proxy');
  return text === undefined ? undefined : parseCliProxy(text);
}

/** A table of proxy stages with their timings, for text output. */
export function stagesTable(stages: ProxyStageTiming[]): string {
  return table(['STAGE', 'PROXY', 'TIME', 'DETAIL'], stages.map(s => [s.stage, String(s.hop + 1), ms(s.elapsedMs), s.detail ?? '']));
}
