import * as fs from 'fs';
import * as path from 'path';
import type * as tls from 'tls';
import * as vscode from 'vscode';
import type { HttpRequestOptions } from '../../core/http/client';
import type { RequestBlock } from '../../core/http/request-file';
import { parseRequestFile, sendTogetherProblem } from '../../core/http/request-file';
import type { HttpTarget } from '../../core/http/target';
import { createTlsContext } from '../../core/http/tls-connect';
import { parseHttpUrl, requestForUrl, splitHostPort } from '../../core/http/target';
import { NetProbeError } from '../../core/errors';
import type { SendSummary } from '../http/http-exchanges';
import { HttpExchanges } from '../http/http-exchanges';
import { RAW_HTTP_LANGUAGE, blockIndexAt } from '../http-language/codelens';
import type { Services } from '../services';
import { HttpPanel } from '../webviews/http/panel';
import type { HttpTab } from '../webviews/http/protocol';
import { assertMaySendFrom } from '../trust';
import { registerCommand } from './command';

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

export type { SendSummary } from '../http/http-exchanges';

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
  const exchanges = new HttpExchanges(services, panel);

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
    const caFile = services.settings.get('http.caFile');
    const secureContext = caFile ? caSecureContext(caFile) : undefined;
    const insecure = o.insecure ?? services.settings.get('http.insecure');
    const proxy = await services.proxies.forCommand(o.proxy);
    return {
      timeout: services.timeout,
      tls: { ...(insecure ? { insecure } : {}), ...(caFile ? { caFile } : {}), ...(secureContext ? { secureContext } : {}) },
      followRedirects: o.follow ?? services.settings.get('http.followRedirects'),
      addContentLength: services.settings.get('http.addContentLength'),
      limits: { memoryBodyBytes: services.settings.get('http.memoryBodyMB') * 1024 * 1024, maxBodyBytes: services.settings.get('http.maxBodyMB') * 1024 * 1024 },
      ...(proxy ? { proxy } : {}),
    };
  };

  const send = (requests: Buffer[], opts: HttpRequestOptions, label: string, notes: string[][] = []): Promise<SendSummary> => exchanges.send(requests, opts, label, notes);

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
    assertMaySendFrom(doc);
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
    const what = blocks.length > 1 ? `${blocks.length} requests` : first.text.split(/\r?\n/)[0] ?? 'request';
    const label = `${what}${docUri ? ` (${path.basename(docUri.fsPath)})` : ''}`;
    const requests = blocks.map(b => Buffer.from(b.text, 'utf8'));
    const notes = blocks.map(b => [...(b.variables.length ? [`Expanded variables: ${b.variables.map(v => `{{${v}}}`).join(', ')}.`] : []), ...b.warnings]);
    if (!options.interactive) return send(requests, opts, label, notes);
    return send(requests, opts, label, notes).catch((e: unknown) => { services.reportError(blocks.length > 1 ? 'Send all raw requests' : 'Send raw request', e); return undefined; });
  };

  return [
    panel,
    exchanges,

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
