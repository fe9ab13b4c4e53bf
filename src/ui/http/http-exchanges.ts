import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { HttpRequestOptions } from '../../core/http/client';
import { HttpError, sendHttp } from '../../core/http/client';
import { isUntrustedCertificate } from '../../core/tls/connect';
import { temporaryBodyDirs } from '../../core/http/body-sink';
import { shownBody } from '../../core/http/decode';
import type { HttpExchange } from '../../core/http/types';
import { NetProbeError } from '../../core/errors';
import { curlCommand, pythonSocketCode, rawRequestText } from '../commands/http-copy';
import { httpResultView, httpView, requestLabel } from '../commands/http-view';
import { maskEnvResultView } from '../history/redact';
import { formatProxyUrl } from '../../core/proxy/url';
import type { ResultView } from '../results/view-model';
import type { Services } from '../services';
import type { HttpPanel, HttpPanelActions } from '../webviews/http/panel';
import type { CopyFormat, FrameQuery, HttpView, RetryChoice, RetryHow } from '../webviews/http/protocol';
import { offerToRemember, pickCaFile, retriesFor, retryMark, retryOptions, retryRerun, untrustedAdvice } from './http-retry';
import { describeConnection } from '../../core/http/http2/frame-view';
import { framePage } from './http2-frames';

/** Where a send came from, for advice that fits: `fromRequestText` when a request file (or request text) gave it. */
export interface SendContext {
  fromRequestText?: boolean;
  /** A retry (or History's re-run of one): its title says what was sent differently. */
  retry?: RetryChoice;
}

/** What the send commands return (JSON-friendly). */
export interface SendSummary {
  status?: number;
  statusText?: string;
  /** `1.1` or `2`. */
  httpVersion?: string;
  /** HTTP/2 frames kept over all connections (both directions). */
  frames?: number;
  /** Why HTTP/1.1 was used when HTTP/2 was asked for. */
  negotiationNote?: string;
  url?: string;
  exchanges: number;
  bytesSent: number;
  bytesReceived: number;
  timings?: HttpExchange['timings'];
  tlsProtocol?: string;
  body?: string;
  error?: string;
}

/**
 * Sends raw requests into the HTTP panel and History, and keeps what the panel's actions need: each send's own
 * exchanges (back/forward shows older sends, whose buttons copy their own bytes) and the temporary bodies.
 */
export class HttpExchanges implements vscode.Disposable {
  private readonly tempDirs = new Set<string>();

  constructor(
    private readonly services: Services,
    private readonly panel: HttpPanel,
  ) {}

  private trackTemp(exchanges: HttpExchange[]): void {
    for (const dir of temporaryBodyDirs(exchanges)) this.tempDirs.add(dir);
  }

  /** What the panel's buttons do for one send: copy and open its own exchanges, send its bytes again. */
  private actionsFor(
    exchanges: HttpExchange[],
    opts: HttpRequestOptions,
    resend: () => void,
    retry: (how: RetryHow, caFile?: string) => void,
  ): HttpPanelActions {
    return {
      copy: (format: CopyFormat, index: number): string | undefined => {
        const ex = exchanges[index];
        if (!ex) return undefined;
        const tlsOpts = { ...(opts.tls?.insecure ? { insecure: true } : {}), ...(opts.tls?.caFile ? { caFile: opts.tls.caFile } : {}) };
        switch (format) {
          case 'curl':
            return curlCommand(ex, { ...tlsOpts, ...(opts.proxy ? { proxy: opts.proxy } : {}) });
          case 'raw':
            return rawRequestText(ex);
          case 'python':
            return pythonSocketCode(ex, { ...tlsOpts, ...(opts.proxy ? { proxy: opts.proxy } : {}) });
          case 'response':
            return ex.bytesReceived ? ex.wire.received.toString('latin1') : undefined;
          case 'json':
            return JSON.stringify(httpResultView(httpView('copy', [ex]), undefined, true).data, null, 2);
          case 'frames':
            return ex.connection.http2 ? describeConnection(ex.connection.http2).join('\n') : undefined;
        }
      },
      openBody: (index: number) => this.openBody(exchanges[index]),
      frames: (query: FrameQuery) => framePage(exchanges[query.exchange], query),
      resend,
      retry,
    };
  }

  /** Opens the body of an exchange in an editor (written to a temporary file when in memory). */
  private openBody(ex: HttpExchange | undefined): void {
    const body = ex?.response ? shownBody(ex.response).body : undefined;
    if (!ex || !body) return;
    let file = body.file;
    if (!file && body.data) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-body-'));
      this.tempDirs.add(dir);
      const type = ex.response?.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
      const ext = /json/.test(type) ? '.json' : /html/.test(type) ? '.html' : /xml/.test(type) ? '.xml' : /^text\//.test(type) ? '.txt' : '.bin';
      file = path.join(dir, `body${ext}`);
      fs.writeFileSync(file, body.data);
    }
    if (file) void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
  }

  /**
   * Sends `requests` on one connection and shows the exchanges in the HTTP panel and History. `notes[i]`: what
   * NetProbe did to request `i` before sending (shown with the changes it made to the bytes); `envValues`: values
   * read from the environment, which the log and History show as their `{{$processEnv NAME}}`; `rerun`: how
   * History runs it again (a request file's block is read again from the file). A send that fails before any
   * exchange is still titled with its request and target.
   */
  async send(
    requests: Buffer[],
    opts: HttpRequestOptions,
    label: string,
    notes: string[][] = [],
    envValues: Array<[string, string]> = [],
    rerun?: ResultView['rerun'],
    context: SendContext = {},
  ): Promise<SendSummary> {
    const id = `http-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const resend = (): void => {
      void this.send(requests, opts, label, notes, envValues, rerun, context).catch((e: unknown) => this.services.reportError('Resend', e));
    };
    // Once, as the panel offered it: without verification (the badge says so), or trusting a CA file the user picks.
    const retry = (how: RetryHow, chosen?: string): void => {
      const run = async (): Promise<void> => {
        const caFile = how === 'caFile' ? (chosen ?? (await pickCaFile())) : undefined;
        if (how === 'caFile' && !caFile) return;
        const choice: RetryChoice = caFile ? { how: 'caFile', caFile } : { how: 'insecure' };
        // History re-runs the retry as sent (insecure, or this CA file), not the send that failed.
        await this.send(requests, retryOptions(opts, choice), label, notes, envValues, retryRerun(rerun, choice), { ...context, retry: choice });
        if (caFile && caFile !== this.services.settings.get('http.caFile')) offerToRemember(this.services.settings, caFile);
      };
      run().catch((e: unknown) => this.services.reportError(how === 'insecure' ? 'Retry without verification' : 'Retry with a CA file', e));
    };
    const target: HttpView['target'] = { label: requestLabel(requests[0], opts.target), ...(opts.proxy ? { via: formatProxyUrl(opts.proxy) } : {}) };
    const show = (exchanges: HttpExchange[], error?: string, retries: RetryHow[] = []): HttpView => {
      this.trackTemp(exchanges);
      const view = httpView(id, exchanges, error, notes, target);
      if (context.retry) view.title += retryMark(context.retry);
      if (retries.length) view.retries = retries;
      this.panel.show(view, this.actionsFor(exchanges, opts, resend, retry), { ...(rerun ? { rerun } : {}) });
      this.services.show(maskEnvResultView(httpResultView(view, rerun), envValues), { panel: false });
      return view;
    };
    try {
      const result = await this.services.runWithProgress(`Sending ${label}${context.retry ? retryMark(context.retry) : ''}`, signal =>
        sendHttp(requests, { ...opts, signal }),
      );
      show(result.exchanges);
      const f = result.final;
      const r = f.response;
      return {
        ...(r ? { status: r.statusCode, statusText: r.statusText, httpVersion: r.httpVersion } : {}),
        url: f.url,
        exchanges: result.exchanges.length,
        ...(f.connection.http2 ? { frames: f.connection.http2.frames.length } : {}),
        ...(f.connection.negotiation?.used === '1.1' && f.connection.negotiation.note ? { negotiationNote: f.connection.negotiation.note } : {}),
        bytesSent: result.exchanges.reduce((n, e) => n + e.bytesSent, 0),
        bytesReceived: result.exchanges.reduce((n, e) => n + e.bytesReceived, 0),
        timings: f.timings,
        ...(f.connection.tls ? { tlsProtocol: f.connection.tls.protocol } : {}),
        ...(r?.body.data && r.body.size <= 64 * 1024 ? { body: r.body.data.toString('utf8') } : {}),
      };
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      const untrusted = isUntrustedCertificate(e);
      const message = untrusted ? `${e.message} ${untrustedAdvice(context.fromRequestText === true)}` : e.message;
      // Every exchange that learned something, also one whose connection failed before the request went out.
      const view = show(e.exchanges, message, retriesFor(e, opts));
      const thrown = untrusted ? new NetProbeError(e.code, message, e.errno, { cause: e }) : e;
      // The HTTP panel and History show it: the failure report points there ("Show details" reveals the panel).
      this.services.failures.shownElsewhere(thrown, { historyId: view.id, show: () => this.panel.reveal(false) });
      throw thrown;
    }
  }

  dispose(): void {
    for (const d of this.tempDirs) fs.rmSync(d, { recursive: true, force: true });
  }
}
