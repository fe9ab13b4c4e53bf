import * as vscode from 'vscode';
import type { HttpRequestOptions } from '../../core/http/client';
import type { HttpError } from '../../core/http/http-error';
import { isUntrustedCertificate } from '../../core/tls/connect';
import type { Settings } from '../settings';
import type { RetryHow } from '../webviews/http/protocol';

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

/** The options of a retry: without verification, or trusting `caFile` instead of the configured CAs. */
export function retryOptions(opts: HttpRequestOptions, how: RetryHow, caFile?: string): HttpRequestOptions {
  // A context made from the configured CA file would win over the chosen one: leave it out.
  const { secureContext: _configured, ...tls } = opts.tls ?? {};
  return how === 'insecure' ? { ...opts, tls: { ...tls, insecure: true } } : { ...opts, tls: { ...tls, caFile } };
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
