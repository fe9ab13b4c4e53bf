import type { ParseArgsConfig } from 'util';
import { isEncryptedSpec } from '../core/dns/encrypted/spec';
import type { SecureDnsOptions } from '../core/dns/encrypted/types';
import { flag, stringOption } from './args';
import type { CliContext } from './types';
import { UsageError } from './types';

/** Options of `netprobe dns` for `tls://` and `https://` servers. */
export const SECURE_DNS_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  cacert: { type: 'string' },
  'tls-hostname': { type: 'string' },
  pin: { type: 'string' },
  insecure: { type: 'boolean', short: 'k' },
  'doh-get': { type: 'boolean' },
  'no-padding': { type: 'boolean' },
};

/** Usage fragment for {@link SECURE_DNS_OPTIONS}. */
export const SECURE_DNS_USAGE = '[--cacert F] [--tls-hostname N] [--pin sha256//B64] [--insecure] [--doh-get] [--no-padding]';

/** The encrypted-DNS settings given on the command line; a UsageError when they are given for a plain server. */
export function secureDnsFromCli(ctx: CliContext, server: string | undefined): SecureDnsOptions {
  const out: SecureDnsOptions = {};
  const caFile = stringOption(ctx, 'cacert');
  const tlsHostname = stringOption(ctx, 'tls-hostname');
  const pin = stringOption(ctx, 'pin');
  if (caFile !== undefined) out.caFile = caFile;
  if (tlsHostname !== undefined) out.tlsHostname = tlsHostname;
  if (pin !== undefined) out.pin = pin;
  if (flag(ctx, 'insecure')) out.insecure = true;
  if (flag(ctx, 'doh-get')) out.dohMethod = 'GET';
  if (flag(ctx, 'no-padding')) out.padding = false;
  const given = Object.keys(SECURE_DNS_OPTIONS).filter(k => ctx.values[k] !== undefined);
  const encrypted = server !== undefined && isEncryptedSpec(server);
  if (given.length && !encrypted)
    throw new UsageError(`--${given[0]} applies to tls:// and https:// servers only (give --server tls://HOST or https://HOST/PATH).`);
  if (out.dohMethod && server !== undefined && !/^@?https:/i.test(server.trim())) throw new UsageError('--doh-get applies to https:// servers only.');
  return out;
}
