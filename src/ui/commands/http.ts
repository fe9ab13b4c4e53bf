import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as tls from 'tls';
import * as vscode from 'vscode';
import type { HttpRequestOptions } from '../../core/http/client';
import { HttpError, sendHttp } from '../../core/http/client';
import type { RequestBlock } from '../../core/http/request-file';
import { http2Plan, parseRequestFile, sendTogetherProblem } from '../../core/http/request-file';
import type { HttpTarget } from '../../core/http/target';
import { createTlsContext, isUntrustedCertificate } from '../../core/http/tls-connect';
import { parseHttpUrl, requestForUrl, splitHostPort } from '../../core/http/target';
import type { HttpExchange } from '../../core/http/types';
import { NetProbeError } from '../../core/errors';
import { RAW_HTTP_LANGUAGE, RawHttpCodeLensProvider, adoptHttpFiles, blockIndexAt } from '../http-language/codelens';
import type { Services } from '../services';
import { HttpPanel } from '../webviews/http/panel';
import type { CopyFormat, HttpTab } from '../webviews/http/protocol';
import { registerCommand } from './command';
import { curlCommand, pythonSocketCode, rawRequestText } from './http-copy';
import { httpResultView, httpView } from './http-view';
import { proxyForCommand } from './proxy-profiles';

const INSECURE_HINT = 'To connect anyway, add a "# @insecure" line above the request or set netprobe.http.insecure; netprobe.http.caFile trusts a private CA.';

/** Per-send options a caller (or a `# @…` directive) may give. */
export interface SendOptions {
  /** `host:port` to send to, overriding the request's own. */
  target?: string;
  tls?: boolean;
  insecure?: boolean;
  follow?: number;
  /** A proxy profile name or URL (`direct` for none). */
  proxy?: string;
  /** Called from a CodeLens: show failures to the user instead of rejecting. */
  interactive?: boolean;
}

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

function hostPortProblem(text: string): string | undefined {
  try {
    splitHostPort(text.trim());
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function urlProblem(text: string): string | undefined {
  try {
    parseHttpUrl(text.trim());
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Raw request files, the HTTP panel and the send commands. */
export function registerHttpCommands(services: Services): vscode.Disposable[] {
  const panel = new HttpPanel(services.webviews);
  const tempDirs = new Set<string>();
  let last: { requests: Buffer[]; opts: HttpRequestOptions; label: string; notes: string[][] } | undefined;
  let lastExchanges: HttpExchange[] = [];

  // The CA file is parsed once per version of the file, not for every connection (that costs more than a
  // loopback request); a file that cannot be read is left to the request to report.
  let caContext: { key: string; context: tls.SecureContext } | undefined;
  const caSecureContext = (caFile: string): tls.SecureContext | undefined => {
    try {
      const st = fs.statSync(caFile);
      const key = `${caFile}\0${st.mtimeMs}\0${st.size}`;
      if (caContext?.key !== key) caContext = { key, context: createTlsContext({ caFile }) };
      return caContext.context;
    } catch {
      return undefined;
    }
  };

  const baseOptions = async (o: SendOptions): Promise<HttpRequestOptions> => {
    const caFile = services.setting('http.caFile', '');
    const secureContext = caFile ? caSecureContext(caFile) : undefined;
    const insecure = o.insecure ?? services.setting('http.insecure', false);
    const proxy = await proxyForCommand(services, o.proxy);
    return {
      timeout: services.timeout,
      tls: { ...(insecure ? { insecure } : {}), ...(caFile ? { caFile } : {}), ...(secureContext ? { secureContext } : {}) },
      followRedirects: o.follow ?? services.setting('http.followRedirects', 0),
      addContentLength: services.setting('http.addContentLength', true),
      limits: { memoryBodyBytes: services.setting('http.memoryBodyMB', 8) * 1024 * 1024, maxBodyBytes: services.setting('http.maxBodyMB', 1024) * 1024 * 1024 },
      ...(proxy ? { proxy } : {}),
    };
  };

  const trackTemp = (exchanges: HttpExchange[]): void => {
    for (const e of exchanges) if (e.response?.body.temporary && e.response.body.file) tempDirs.add(path.dirname(e.response.body.file));
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
    const body = ex?.response?.body;
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

  const targetFor = (given: string | undefined, tls: boolean | undefined): HttpTarget | undefined => {
    if (!given) return undefined;
    const { host, port } = splitHostPort(given, tls ? 443 : 80);
    return { host, port, tls: tls ?? port === 443 };
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

  /**
   * Sends requests of a file in order on one connection (kept alive while the server allows it). A `@target` or
   * `@proxy` line applies to all (they must agree), `@follow` comes from the first request, `@insecure` from any.
   */
  const sendBlocks = async (blocks: RequestBlock[], docUri: vscode.Uri | undefined, options: SendOptions): Promise<SendSummary | undefined> => {
    const first = blocks[0];
    if (!first) return undefined;
    const problems = blocks.flatMap(b => b.problems.map(p => (blocks.length > 1 ? `Request ${b.index + 1}: ${p}` : p)));
    if (problems.length) throw new NetProbeError('invalid-input', problems.join(' '));
    const together = sendTogetherProblem(blocks);
    if (together) throw new NetProbeError('invalid-input', together);
    const blockTarget = blocks.find(b => b.target)?.target;
    const blockProxy = blocks.find(b => b.proxy !== undefined)?.proxy;
    let target = targetFor(options.target, options.tls) ?? blockTarget;
    const opts = await baseOptions({
      ...options, ...(blocks.some(b => b.insecure) ? { insecure: true } : {}), ...(first.follow !== undefined && options.follow === undefined ? { follow: first.follow } : {}),
      ...(blockProxy !== undefined && options.proxy === undefined ? { proxy: blockProxy } : {}),
    });
    if (!target) {
      const headerHost = /^host:\s*(\S+)/im.test(first.text) || /^\S+\s+https?:\/\//i.test(first.text);
      if (!headerHost) {
        const hp = await vscode.window.showInputBox({ prompt: 'Send to host:port (add " tls" for TLS)', placeHolder: 'localhost:8080', ignoreFocusOut: true, validateInput: v => hostPortProblem(v.split(/\s+/)[0] ?? '') });
        if (!hp) return undefined;
        const [h = '', mode] = hp.trim().split(/\s+/);
        target = targetFor(h, mode === 'tls' ? true : undefined);
      }
    }
    if (target) opts.target = target;
    Object.assign(opts, http2Plan(blocks));
    const what = blocks.length > 1 ? `${blocks.length} requests` : first.text.split(/\r?\n/)[0] ?? 'request';
    const label = `${what}${docUri ? ` (${path.basename(docUri.fsPath)})` : ''}`;
    const requests = blocks.map(b => Buffer.from(b.text, 'utf8'));
    const notes = blocks.map(b => [...(b.variables.length ? [`Expanded variables: ${b.variables.map(v => `{{${v}}}`).join(', ')}.`] : []), ...b.warnings]);
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
      const opts = await baseOptions(options);
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
