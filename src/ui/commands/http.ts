import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { hostPortProblem } from '../../core/address/host-port';
import type { HttpRequestOptions } from '../../core/http/client';
import { HttpError, sendHttp } from '../../core/http/client';
import type { RequestPlan } from '../../core/http/plan';
import type { RequestBlock } from '../../core/http/request-file';
import { parseRequestFile } from '../../core/http/request-file';
import { isUntrustedCertificate } from '../../core/http/tls-connect';
import { TlsContextCache } from '../../core/http/tls-context-cache';
import { parseHttpUrl, requestForUrl } from '../../core/http/target';
import { temporaryBodyDirs } from '../../core/http/body-sink';
import { shownBody } from '../../core/http/decode';
import type { HttpExchange } from '../../core/http/types';
import { NetProbeError, problemOf } from '../../core/errors';
import { RAW_HTTP_LANGUAGE, RawHttpCodeLensProvider, adoptHttpFiles, blockIndexAt } from '../http-language/codelens';
import type { Services } from '../services';
import { HttpPanel } from '../webviews/http/panel';
import type { CopyFormat, HttpTab } from '../webviews/http/protocol';
import { registerCommand } from './command';
import { curlCommand, pythonSocketCode, rawRequestText } from './http-copy';
import type { SendOptions } from './http-plan';
import { editorPlan } from './http-plan';
import { httpResultView, httpView } from './http-view';
import { proxyForCommand } from './proxy-profiles';

const INSECURE_HINT = 'To connect anyway, add a "# @insecure" line above the request or set netprobe.http.insecure; netprobe.http.caFile trusts a private CA.';

export type { SendOptions } from './http-plan';

/** What the send commands return (JSON-friendly). */
export interface SendSummary {
  status?: number;
  statusText?: string;
  url?: string;
  exchanges: number;
  bytesSent: number;
  bytesReceived: number;
  timings?: HttpExchange['timings'];
  tlsProtocol?: string;
  body?: string;
  error?: string;
}

const TEMPLATE = `# Raw HTTP requests: each request is sent byte for byte. "###" separates requests.
# "@name = value" lines define variables, used as {{name}} (the Wire tab shows the bytes sent).
@server = localhost:8080
# @target {{server}}
GET / HTTP/1.1
Host: {{server}}
User-Agent: netprobe
Accept: */*

###
# @target localhost:8443 tls
GET /health HTTP/1.1
Host: localhost
Connection: close
`;

function urlProblem(text: string): string | undefined {
  return problemOf(() => parseHttpUrl(text.trim()));
}

/** Raw request files, the HTTP panel and the send commands. */
export function registerHttpCommands(services: Services): vscode.Disposable[] {
  const panel = new HttpPanel(services.webviews);
  const tempDirs = new Set<string>();
  let last: { requests: Buffer[]; opts: HttpRequestOptions; label: string; notes: string[][] } | undefined;
  let lastExchanges: HttpExchange[] = [];

  const caContexts = new TlsContextCache();
  const planSettings = (): { insecure: boolean; followRedirects: number } => ({
    insecure: services.setting('http.insecure', false), followRedirects: services.setting('http.followRedirects', 0),
  });

  /** Request options for a plan's trust, redirects and proxy (the proxy name resolved to a profile here). */
  const baseOptions = async (o: Pick<RequestPlan, 'insecure' | 'follow' | 'proxy'>): Promise<HttpRequestOptions> => {
    const caFile = services.setting('http.caFile', '');
    const secureContext = caFile ? caContexts.get(caFile) : undefined;
    const insecure = o.insecure;
    const proxy = await proxyForCommand(services, o.proxy);
    return {
      timeout: services.timeout,
      tls: { ...(insecure ? { insecure } : {}), ...(caFile ? { caFile } : {}), ...(secureContext ? { secureContext } : {}) },
      followRedirects: o.follow,
      addContentLength: services.setting('http.addContentLength', true),
      limits: { memoryBodyBytes: services.setting('http.memoryBodyMB', 8) * 1024 * 1024, maxBodyBytes: services.setting('http.maxBodyMB', 1024) * 1024 * 1024 },
      decode: { maxBytes: services.setting('http.maxDecodedBodyMB', 64) * 1024 * 1024 },
      ...(proxy ? { proxy } : {}),
    };
  };

  const trackTemp = (exchanges: HttpExchange[]): void => {
    for (const dir of temporaryBodyDirs(exchanges)) tempDirs.add(dir);
  };

  const copy = (format: CopyFormat, index: number): string | undefined => {
    const ex = lastExchanges[index];
    if (!ex) return undefined;
    const tlsOpts = { ...(last?.opts.tls?.insecure ? { insecure: true } : {}), ...(last?.opts.tls?.caFile ? { caFile: last.opts.tls.caFile } : {}) };
    switch (format) {
      case 'curl': return curlCommand(ex, { ...tlsOpts, ...(last?.opts.proxy ? { proxy: last.opts.proxy } : {}) });
      case 'raw': return rawRequestText(ex);
      case 'python': return pythonSocketCode(ex, { ...tlsOpts, ...(last?.opts.proxy ? { proxy: last.opts.proxy } : {}) });
      case 'response': return ex.wire.received.toString('latin1');
      case 'json': return JSON.stringify(httpResultView(httpView('copy', [ex]), undefined, true).data, null, 2);
    }
  };

  const openBody = (index: number): void => {
    const ex = lastExchanges[index];
    const body = ex?.response ? shownBody(ex.response).body : undefined;
    if (!ex || !body) return;
    let file = body.file;
    if (!file && body.data) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-body-'));
      tempDirs.add(dir);
      const type = ex.response?.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
      const ext = /json/.test(type) ? '.json' : /html/.test(type) ? '.html' : /xml/.test(type) ? '.xml' : /^text\//.test(type) ? '.txt' : '.bin';
      file = path.join(dir, `body${ext}`);
      fs.writeFileSync(file, body.data);
    }
    if (file) void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
  };

  /** `notes[i]`: what NetProbe did to request `i` before sending (shown with the changes it made to the bytes). */
  const send = async (requests: Buffer[], opts: HttpRequestOptions, label: string, notes: string[][] = []): Promise<SendSummary> => {
    last = { requests, opts, label, notes };
    const id = `http-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const actions = { copy, openBody, resend: () => { if (last) void send(last.requests, last.opts, last.label, last.notes).catch((e: unknown) => services.reportError('Resend', e)); } };
    try {
      const result = await services.runWithProgress(`Sending ${label}`, signal => sendHttp(requests, { ...opts, signal }));
      lastExchanges = result.exchanges;
      trackTemp(result.exchanges);
      const view = httpView(id, result.exchanges, undefined, notes);
      panel.show(view, actions);
      services.show(httpResultView(view), { panel: false });
      const f = result.final;
      const r = f.response;
      return {
        ...(r ? { status: r.statusCode, statusText: r.statusText } : {}), url: f.url, exchanges: result.exchanges.length,
        bytesSent: result.exchanges.reduce((n, e) => n + e.bytesSent, 0), bytesReceived: result.exchanges.reduce((n, e) => n + e.bytesReceived, 0),
        timings: f.timings, ...(f.connection.tls ? { tlsProtocol: f.connection.tls.protocol } : {}),
        ...(r?.body.data && r.body.size <= 64 * 1024 ? { body: r.body.data.toString('utf8') } : {}),
      };
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      lastExchanges = e.partial;
      trackTemp(e.partial);
      const untrusted = isUntrustedCertificate(e);
      const message = untrusted ? `${e.message} ${INSECURE_HINT}` : e.message;
      const view = httpView(id, e.partial, message, notes);
      panel.show(view, actions);
      services.show(httpResultView(view), { panel: false });
      throw untrusted ? new NetProbeError(e.code, message, e.errno, { cause: e }) : e;
    }
  };

  /** The requests of a file (a URI, the active editor, or text given by a caller) and the block under the cursor. */
  const requestFile = async (source: vscode.Uri | string | undefined): Promise<{ blocks: RequestBlock[]; uri?: vscode.Uri; cursorBlock?: number }> => {
    if (typeof source === 'string') return { blocks: parseRequestFile(source) };
    const editor = vscode.window.activeTextEditor;
    const doc = source ? await vscode.workspace.openTextDocument(source) : editor?.document;
    if (!doc) throw new NetProbeError('invalid-input', 'Open a raw request file (.rawhttp) first, or use "NetProbe: New Raw Request".');
    const cursorBlock = editor && editor.document === doc ? blockIndexAt(doc, editor.selection.active.line) : undefined;
    return { blocks: parseRequestFile(doc.getText()), uri: doc.uri, ...(cursorBlock !== undefined ? { cursorBlock } : {}) };
  };

  /** The plan for `blocks` (core's rules); asks where to send when nothing in the request says. */
  const planFor = async (blocks: RequestBlock[], options: SendOptions): Promise<RequestPlan | undefined> => {
    const plan = editorPlan(blocks, options, planSettings());
    if (plan.problems.length) throw new NetProbeError('invalid-input', plan.problems.join(' '));
    if (!plan.needsTarget) return plan;
    const hp = await vscode.window.showInputBox({ prompt: 'Send to host:port (add " tls" for TLS)', placeHolder: 'localhost:8080', ignoreFocusOut: true, validateInput: v => hostPortProblem(v.trim().split(/\s+/)[0] ?? '') });
    if (!hp) return undefined;
    const [target = '', mode] = hp.trim().split(/\s+/);
    return planFor(blocks, { ...options, target, ...(mode === 'tls' ? { tls: true } : {}) });
  };

  /**
   * Sends requests of a file in order on one connection (kept alive while the server allows it), as planned by
   * core's planRequests (one target, proxy, trust and redirect policy for all).
   */
  const sendBlocks = async (blocks: RequestBlock[], docUri: vscode.Uri | undefined, options: SendOptions): Promise<SendSummary | undefined> => {
    if (blocks.length === 0) return undefined;
    const plan = await planFor(blocks, options);
    if (!plan) return undefined;
    const opts = await baseOptions(plan);
    if (plan.target) opts.target = plan.target;
    const what = blocks.length > 1 ? `${blocks.length} requests` : plan.requests[0]?.firstLine ?? 'request';
    const label = `${what}${docUri ? ` (${path.basename(docUri.fsPath)})` : ''}`;
    const requests = plan.requests.map(r => r.bytes);
    const notes = plan.requests.map(r => r.notes);
    if (!options.interactive) return send(requests, opts, label, notes);
    return send(requests, opts, label, notes).catch((e: unknown) => { services.reportError(blocks.length > 1 ? 'Send all raw requests' : 'Send raw request', e); return undefined; });
  };

  return [
    panel,
    vscode.languages.registerCodeLensProvider({ language: RAW_HTTP_LANGUAGE }, new RawHttpCodeLensProvider()),
    adoptHttpFiles(),
    { dispose: () => { for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true }); } },

    registerCommand<[vscode.Uri | string, number, SendOptions], SendSummary>(services, 'netprobe.sendRawRequest', 'Send raw request', async (source, index, options = {}) => {
      const file = await requestFile(source);
      const blockIndex = index ?? file.cursorBlock ?? 0;
      const block = file.blocks[blockIndex] ?? (file.uri ? file.blocks[0] : undefined);
      if (!block) throw new NetProbeError('invalid-input', 'There is no request here: write a request line such as "GET / HTTP/1.1".');
      return sendBlocks([block], file.uri, options);
    }),

    registerCommand<[vscode.Uri | string, SendOptions], SendSummary>(services, 'netprobe.sendAllRawRequests', 'Send all raw requests', async (source, options = {}) => {
      const file = await requestFile(source);
      if (file.blocks.length === 0) throw new NetProbeError('invalid-input', 'There is no request here: write a request line such as "GET / HTTP/1.1".');
      return sendBlocks(file.blocks, file.uri, options);
    }),

    registerCommand<[string, string, SendOptions], SendSummary>(services, 'netprobe.httpRequest', 'HTTP request', async (urlArg, method, options = {}) => {
      const url = urlArg ?? await vscode.window.showInputBox({ prompt: 'URL to request (http:// or https://)', placeHolder: 'https://localhost:8443/', ignoreFocusOut: true, validateInput: urlProblem });
      if (!url) return undefined;
      const { target, raw } = requestForUrl(url.trim(), method ?? 'GET');
      const settings = planSettings();
      const opts = await baseOptions({ insecure: options.insecure ?? settings.insecure, follow: options.follow ?? settings.followRedirects, ...(options.proxy !== undefined ? { proxy: options.proxy } : {}) });
      opts.target = target;
      return send([Buffer.from(raw, 'latin1')], opts, `${method ?? 'GET'} ${url}`);
    }),

    vscode.commands.registerCommand('netprobe.newRawRequest', async () => {
      const doc = await vscode.workspace.openTextDocument({ language: RAW_HTTP_LANGUAGE, content: TEMPLATE });
      return vscode.window.showTextDocument(doc);
    }),

    // Test hooks (not contributed): switch the panel's tab and read what the webview rendered.
    vscode.commands.registerCommand('netprobe.internal.showHttpTab', (tab: HttpTab) => panel.showTab(tab)),
    vscode.commands.registerCommand('netprobe.internal.httpPanelState', () => ({ shown: panel.shown, lastRendered: panel.lastRendered ? { ...panel.lastRendered.id, text: panel.lastRendered.text } : undefined })),
  ];
}
