import * as path from 'path';
import * as vscode from 'vscode';
import type { HttpRequestOptions } from '../../core/http/client';
import type { HttpError } from '../../core/http/http-error';
import { isUntrustedCertificate } from '../../core/tls/connect';
import type { Settings } from '../settings';
import type { ResultView } from '../results/view-model';
import type { RetryChoice, RetryHow } from '../webviews/http/protocol';

const REMEMBER = 'Trust it for every request';

/** The retries a failure offers: a certificate that did not verify can be sent again without verification or with a CA file. */
export function retriesFor(e: HttpError, opts: HttpRequestOptions): RetryHow[] {
  if (!isUntrustedCertificate(e) || opts.tls?.insecure) return [];
  return ['insecure', 'caFile'];
}

/** What to do about an untrusted certificate, in the words of where the request came from (`# @insecure` only in a request file). */
export function untrustedAdvice(fromRequestText: boolean): string {
  return fromRequestText
    ? 'To connect anyway, add a "# @insecure" line above the request or set netprobe.http.insecure; netprobe.http.caFile trusts a private CA.'
    : 'The panel can send it again without verification, or trusting a CA file you choose (netprobe.http.caFile trusts one for every request).';
}

/** The options of a retry: without verification, or trusting its CA file instead of the configured CAs. */
export function retryOptions(opts: HttpRequestOptions, retry: RetryChoice): HttpRequestOptions {
  // A context made from the configured CA file would win over the chosen one: leave it out.
  const { secureContext: _configured, ...tls } = opts.tls ?? {};
  return retry.how === 'insecure' ? { ...opts, tls: { ...tls, insecure: true } } : { ...opts, tls: { ...tls, caFile: retry.caFile } };
}

/** A retry choice as History kept it (anything else is no retry: the send goes as its file and settings say). */
export function retryChoice(value: unknown): RetryChoice | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as { how?: unknown; caFile?: unknown };
  if (v.how === 'insecure') return { how: 'insecure' };
  return v.how === 'caFile' && typeof v.caFile === 'string' && v.caFile !== '' ? { how: 'caFile', caFile: v.caFile } : undefined;
}

/** How a retry is marked in its title (the panel and History): what was sent differently. */
export function retryMark(retry: RetryChoice): string {
  return retry.how === 'insecure' ? ' (retried without certificate verification)' : ` (retried trusting ${path.basename(retry.caFile)})`;
}

/**
 * History's re-run of a retry: the original send's re-run (a URL, or a request file's block read again) with the
 * retry in its options (always the last argument), so it repeats what was finally sent, not the failing send.
 */
export function retryRerun(rerun: ResultView['rerun'], retry: RetryChoice): ResultView['rerun'] {
  if (!rerun) return undefined;
  const last = rerun.args[rerun.args.length - 1];
  const options = typeof last === 'object' && last !== null ? last : {};
  return { command: rerun.command, args: [...rerun.args.slice(0, -1), { ...options, retry }] };
}

/** Asks for a CA file (PEM) to trust for one send. */
export async function pickCaFile(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'CA certificate to trust for this request (PEM)',
    canSelectMany: false,
    openLabel: 'Trust this CA',
    filters: { Certificates: ['pem', 'crt', 'cer'], All: ['*'] },
  });
  return picked?.[0]?.fsPath;
}

/** After a send that verified with a chosen CA file, offers to keep it in the user's (machine-scoped) netprobe.http.caFile. */
export function offerToRemember(settings: Settings, caFile: string): void {
  void vscode.window
    .showInformationMessage(
      `NetProbe: the certificate verified with ${caFile}. Trust this CA for every HTTP request (user setting netprobe.http.caFile)?`,
      REMEMBER,
    )
    .then(async answer => {
      if (answer === REMEMBER) await settings.update('http.caFile', caFile);
    });
}
