import * as path from 'path';
import * as vscode from 'vscode';
import { hostPortProblem } from '../../core/address/host-port';
import type { HttpRequestOptions } from '../../core/http/client';
import type { RequestPlan } from '../../core/http/plan';
import type { RequestBlock } from '../../core/http/request-file';
import { parseRequestFile } from '../../core/http/request-file';
import { TlsContextCache } from '../../core/tls/context-cache';
import { parseHttpUrl, requestForUrl } from '../../core/http/target';
import { NetProbeError, problemOf } from '../../core/errors';
import type { SendContext, SendSummary } from '../http/http-exchanges';
import { formatProxyUrl } from '../../core/proxy/url';
import { EnvConsent } from '../http/env-consent';
import { HttpExchanges } from '../http/http-exchanges';
import { retryChoice, retryOptions } from '../http/http-retry';
import { blockIndexAt } from '../http-language/codelens';
import { newRequestDocument } from '../http/new-request';
import type { Services } from '../services';
import { askRemembered } from '../input';
import { assertMaySendFrom } from '../trust';
import type { HttpTab } from '../webviews/http/protocol';
import { registerCommand } from './command';
import type { SendOptions } from './http-plan';
import { editorPlan } from './http-plan';
import { fileRerun, locateBlocks } from './http-rerun';

export type { SendOptions } from './http-plan';
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

const FROM_REQUEST_TEXT: SendContext = { fromRequestText: true };

function urlProblem(text: string): string | undefined {
  return problemOf(() => parseHttpUrl(text.trim()));
}

/** Raw request files, the HTTP panel and the send commands. */
export function registerHttpCommands(services: Services): vscode.Disposable[] {
  const panel = services.panels.http;
  const exchanges = new HttpExchanges(services, panel);
  const { settings } = services;
  const envConsent = new EnvConsent(services.context.workspaceState, services.modals, () => settings.get('http.processEnvAllowList').filter(Boolean));

  const caContexts = new TlsContextCache();
  const planSettings = (): { insecure: boolean; followRedirects: number } => ({
    insecure: settings.get('http.insecure'),
    followRedirects: settings.get('http.followRedirects'),
  });

  /** Request options for a plan's trust, redirects and proxy (the proxy name resolved to a profile here). */
  const baseOptions = async (o: Pick<RequestPlan, 'insecure' | 'follow' | 'proxy'>): Promise<HttpRequestOptions> => {
    const caFile = settings.get('http.caFile');
    const secureContext = caFile ? caContexts.get(caFile) : undefined;
    const insecure = o.insecure;
    const proxy = await services.proxies.forCommand(o.proxy);
    return {
      timeout: services.timeout,
      tls: {
        ...(insecure ? { insecure } : {}),
        ...(caFile ? { caFile } : {}),
        ...(secureContext ? { secureContext } : {}),
        ...(await services.tlsExtras.options()),
      },
      followRedirects: o.follow,
      addContentLength: settings.get('http.addContentLength'),
      limits: { memoryBodyBytes: settings.get('http.memoryBodyMB') * 1024 * 1024, maxBodyBytes: settings.get('http.maxBodyMB') * 1024 * 1024 },
      decode: { maxBytes: settings.get('http.maxDecodedBodyMB') * 1024 * 1024 },
      ...(proxy ? { proxy } : {}),
    };
  };

  const send = (...args: Parameters<HttpExchanges['send']>): Promise<SendSummary> => exchanges.send(...args);

  /** A request's line as written in its open file (`{{variables}}` unexpanded), for History's re-run to find it. */
  const requestLineOf =
    (uri: vscode.Uri) =>
    (b: RequestBlock): string => {
      const doc = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
      return doc && b.line < doc.lineCount ? doc.lineAt(b.line).text : (b.text.split(/\r?\n/)[0] ?? '');
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

  /** The plan for `blocks` (core's rules); asks where to send when nothing in the request says. */
  const planFor = async (blocks: RequestBlock[], options: SendOptions): Promise<RequestPlan | undefined> => {
    const plan = editorPlan(blocks, options, planSettings());
    if (plan.problems.length) throw new NetProbeError('invalid-input', plan.problems.join(' '));
    if (!plan.needsTarget) return plan;
    const hp = await askRemembered(services, 'netprobe.sendRawRequest', {
      prompt: 'Send to host:port (add " tls" for TLS)',
      placeHolder: 'localhost:8080, [::1]:8443 tls',
      validate: v => hostPortProblem(v.trim().split(/\s+/)[0] ?? ''),
      useSelection: false,
    });
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
    const retry = retryChoice(options.retry);
    const opts = retry ? retryOptions(await baseOptions(plan), retry) : await baseOptions(plan);
    const context: SendContext = { ...FROM_REQUEST_TEXT, ...(retry ? { retry } : {}) };
    if (plan.target) opts.target = plan.target;
    if (plan.http2) opts.http2 = plan.http2;
    if (plan.concurrent !== undefined) opts.concurrent = plan.concurrent;
    // A request that reads environment variables asks first (once per file, destination and set of variables).
    const source = docUri
      ? { key: docUri.toString(), label: vscode.workspace.asRelativePath(docUri) }
      : { key: 'text', label: 'The request text given to the command' };
    if (!(await envConsent.confirm(plan, source, opts.proxy ? formatProxyUrl(opts.proxy) : undefined))) return undefined;
    if (plan.secrets.length) opts.secrets = plan.secrets;
    const what = blocks.length > 1 ? `${blocks.length} requests` : (plan.requests[0]?.firstLine ?? 'request');
    const label = `${what}${docUri ? ` (${path.basename(docUri.fsPath)})` : ''}`;
    const requests = plan.requests.map(r => r.bytes);
    const notes = plan.requests.map(r => r.notes);
    const envValues = plan.requests.flatMap(r => r.envValues);
    const rerun = docUri ? fileRerun(docUri, blocks, options, requestLineOf(docUri)) : undefined;
    if (!options.interactive) return send(requests, opts, label, notes, envValues, rerun, context);
    return send(requests, opts, label, notes, envValues, rerun, context).catch((e: unknown) => {
      services.reportError(blocks.length > 1 ? 'Send all raw requests' : 'Send raw request', e);
      return undefined;
    });
  };

  return [
    exchanges,

    registerCommand<[vscode.Uri | string, number, SendOptions], SendSummary>(
      services,
      'netprobe.sendRawRequest',
      'Send raw request',
      async (source, index, options = {}) => {
        const file = await requestFile(source);
        const blockIndex = index ?? file.cursorBlock ?? 0;
        const block = file.blocks[blockIndex] ?? (file.uri ? file.blocks[0] : undefined);
        if (!block) throw new NetProbeError('invalid-input', 'There is no request here: write a request line such as "GET / HTTP/1.1".');
        return sendBlocks([block], file.uri, options);
      },
    ),

    registerCommand<[vscode.Uri | string, SendOptions], SendSummary>(
      services,
      'netprobe.sendAllRawRequests',
      'Send all raw requests',
      async (source, options = {}) => {
        const file = await requestFile(source);
        if (file.blocks.length === 0) throw new NetProbeError('invalid-input', 'There is no request here: write a request line such as "GET / HTTP/1.1".');
        return sendBlocks(file.blocks, file.uri, options);
      },
    ),

    registerCommand<[string, string, SendOptions], SendSummary>(services, 'netprobe.httpRequest', 'HTTP request', async (urlArg, method, options = {}) => {
      const url =
        urlArg ??
        (await askRemembered(services, 'netprobe.httpRequest', {
          prompt: 'URL to request (http:// or https://)',
          placeHolder: 'https://localhost:8443/',
          validate: urlProblem,
        }));
      if (!url) return undefined;
      const { target, raw } = requestForUrl(url.trim(), method ?? 'GET');
      const settings = planSettings();
      const base = await baseOptions({
        insecure: options.insecure ?? settings.insecure,
        follow: options.follow ?? settings.followRedirects,
        ...(options.proxy !== undefined ? { proxy: options.proxy } : {}),
      });
      const retry = retryChoice(options.retry);
      const opts = { ...(retry ? retryOptions(base, retry) : base), target };
      const { interactive: _interactive, ...rerunOptions } = options;
      const rerun = { command: 'netprobe.httpRequest', args: [url.trim(), method ?? 'GET', rerunOptions] };
      return send([Buffer.from(raw, 'latin1')], opts, `${method ?? 'GET'} ${url}`, [], [], rerun, retry ? { retry } : {});
    }),

    // History's Re-run of a request file's block(s): reads the file again and sends through the same path.
    registerCommand<[string, number[], string[], SendOptions], SendSummary>(
      services,
      'netprobe.rerunRawRequest',
      'Re-run raw request',
      async (file, indexes, firstLines, options = {}) => {
        if (typeof file !== 'string' || !Array.isArray(indexes) || !Array.isArray(firstLines))
          throw new NetProbeError('invalid-input', 'Re-run needs the request file and the requests to send.');
        const uri = vscode.Uri.parse(file);
        const doc = await vscode.workspace.openTextDocument(uri).then(
          d => d,
          () => {
            throw new NetProbeError('invalid-input', `The request file ${uri.fsPath || file} cannot be opened any more.`);
          },
        );
        const blocks = locateBlocks(parseRequestFile(doc.getText()), indexes, firstLines, path.basename(uri.fsPath), b => doc.lineAt(b.line).text);
        // The same command a CodeLens click runs, so the re-run asks the same questions (environment variables).
        const again: SendOptions = { ...options, interactive: true };
        return indexes.length > 1
          ? vscode.commands.executeCommand<SendSummary>('netprobe.sendAllRawRequests', uri, again)
          : vscode.commands.executeCommand<SendSummary>('netprobe.sendRawRequest', uri, blocks[0]?.index ?? 0, again);
      },
    ),

    registerCommand<[], boolean>(services, 'netprobe.forgetProcessEnvConsent', 'Forget environment variable answers', async () => {
      await envConsent.forget();
      void vscode.window.showInformationMessage('NetProbe: request files in this workspace will ask again before sending environment variables.');
      return true;
    }),

    registerCommand(services, 'netprobe.newRawRequest', 'New raw request', async () => {
      const doc = await newRequestDocument(TEMPLATE);
      return vscode.window.showTextDocument(doc);
    }),

    // Test hooks (not contributed): switch the panel's tab and read what the webview rendered.
    vscode.commands.registerCommand('netprobe.internal.showHttpTab', (tab: HttpTab) => panel.showTab(tab)),
    // Acts as the webview's buttons do; a retry with a CA file takes the file instead of the file picker.
    vscode.commands.registerCommand('netprobe.internal.httpPanelAction', (action: unknown, caFile?: string) => panel.act(action, caFile)),
    vscode.commands.registerCommand('netprobe.internal.httpPanelState', () => ({
      shown: panel.shownView,
      meta: panel.shownMeta,
      lastRendered: panel.lastRendered ? { ...panel.lastRendered.id, text: panel.lastRendered.text } : undefined,
    })),
  ];
}
