import * as fs from 'fs';
import type { ParseArgsConfig } from 'util';
import { errorMessage, isErrnoException } from '../core/errors';
import type { ClientCertificate } from '../core/tls/client-cert';
import { loadClientCertificate, parseClientCertificateType } from '../core/tls/client-cert';
import type { TlsOptions } from '../core/tls/connect';
import { KeyLogFile } from '../core/tls/keylog';
import { stringOption } from './args';
import type { CliContext } from './types';
import { UsageError } from './types';

/** Environment variable holding the passphrase of the client key or PKCS#12 bundle. */
export const CERT_PASSPHRASE_ENV = 'NETPROBE_CERT_PASSPHRASE';
/** The key log file curl, browsers and Wireshark's documentation name; the CLI honours it as curl does. */
export const SSLKEYLOGFILE_ENV = 'SSLKEYLOGFILE';

/**
 * Client certificate and key logging options, named as curl names them (`--cert`/`-E`, `--key`, `--cert-type`), plus
 * `--cert-pass-file` and `--keylog`. `--pass` is declared only to refuse it: a passphrase on a command line shows in
 * `ps` and in shell history.
 */
export const TLS_EXTRA_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  cert: { type: 'string', short: 'E' },
  key: { type: 'string' },
  'cert-type': { type: 'string' },
  'cert-pass-file': { type: 'string' },
  pass: { type: 'string' },
  keylog: { type: 'string' },
};

/** Usage fragment for commands that speak TLS. */
export const TLS_EXTRA_USAGE = '[--cert FILE [--key FILE] [--cert-type PEM|P12] [--cert-pass-file FILE]] [--keylog FILE]';

function readPassFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (e) {
    throw new UsageError(`cannot read the passphrase file ${file}: ${isErrnoException(e) ? e.code : errorMessage(e)}.`);
  }
}

/** The client certificate `--cert`/`--key`/`--cert-type` name, its passphrase from `--cert-pass-file` or `NETPROBE_CERT_PASSPHRASE`; checked now (exit 2 when it does not load). */
export function clientCertFromCli(ctx: CliContext, env: NodeJS.ProcessEnv = process.env): ClientCertificate | undefined {
  if (stringOption(ctx, 'pass') !== undefined) {
    throw new UsageError(
      `no passphrase on the command line (it shows in ps and shell history): put it in a file for --cert-pass-file FILE or in ${CERT_PASSPHRASE_ENV}.`,
    );
  }
  const certFile = stringOption(ctx, 'cert');
  const keyFile = stringOption(ctx, 'key');
  const typeText = stringOption(ctx, 'cert-type');
  const passFile = stringOption(ctx, 'cert-pass-file');
  if (certFile === undefined) {
    if (keyFile !== undefined || typeText !== undefined || passFile !== undefined)
      throw new UsageError('--key, --cert-type and --cert-pass-file go with --cert FILE.');
    return undefined;
  }
  const type = typeText !== undefined ? parseClientCertificateType(typeText) : undefined;
  if (typeText !== undefined && type === undefined) throw new UsageError(`--cert-type must be PEM or P12, not "${typeText}".`);
  const fromEnv = env[CERT_PASSPHRASE_ENV];
  const passphrase = passFile !== undefined ? readPassFile(passFile) : fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined;
  const cert: ClientCertificate = {
    certFile,
    ...(keyFile !== undefined ? { keyFile } : {}),
    ...(type ? { type } : {}),
    ...(passphrase !== undefined ? { passphrase } : {}),
  };
  loadClientCertificate(cert);
  return cert;
}

/**
 * The key log `--keylog FILE` names, else the one `SSLKEYLOGFILE` names (as curl and browsers honour it), opened
 * append-only with mode 0600; says so on stderr, since whoever reads the file can decrypt the sessions.
 */
export function keyLogFromCli(ctx: CliContext, env: NodeJS.ProcessEnv = process.env): KeyLogFile | undefined {
  const flagFile = stringOption(ctx, 'keylog');
  const envFile = env[SSLKEYLOGFILE_ENV];
  const file = flagFile ?? (envFile !== undefined && envFile !== '' ? envFile : undefined);
  if (file === undefined) return undefined;
  const log = new KeyLogFile(file);
  ctx.err(
    `netprobe: TLS session keys are appended to ${file}${flagFile === undefined ? ` (${SSLKEYLOGFILE_ENV})` : ''}: anyone who can read it can decrypt these sessions.`,
  );
  return log;
}

/** `clientCert` and `keylog` for a command's {@link TlsOptions}, from its flags and environment. */
export function tlsExtrasFromCli(ctx: CliContext, env: NodeJS.ProcessEnv = process.env): Pick<TlsOptions, 'clientCert' | 'keylog'> {
  const clientCert = clientCertFromCli(ctx, env);
  const keylog = keyLogFromCli(ctx, env);
  return { ...(clientCert ? { clientCert } : {}), ...(keylog ? { keylog } : {}) };
}
