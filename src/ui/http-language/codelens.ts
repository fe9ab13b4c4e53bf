import * as vscode from 'vscode';
import type { RequestBlock } from '../../core/http/request-file';
import { parseRequestFile, sendTogetherProblem } from '../../core/http/request-file';
import { maskEnvValues } from '../../core/http/request-variables';
import { redactProxyUrls } from '../../core/proxy/url';
import { formatHostPort } from '../../core/address/host-port';
import { RESTRICTED_SEND, maySendFrom } from '../trust';
import { userArgs } from '../commands/entry-point';

/** The language id of raw request files. */
export const RAW_HTTP_LANGUAGE = 'netprobe-http';

/**
 * "Send raw" (and "Doctor" when the target is known) above each request of a request file; "Send all" above the
 * first when the requests can share a connection.
 */
export class RawHttpCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly trustSub = vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());

  dispose(): void {
    this.trustSub.dispose();
    this.changed.dispose();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    const blocks = parseRequestFile(doc.getText());
    if (!maySendFrom(doc)) {
      return blocks.map(
        b =>
          new vscode.CodeLens(new vscode.Range(b.line, 0, b.line, 0), {
            title: '$(workspace-untrusted) Restricted Mode: trust this workspace to send',
            tooltip: RESTRICTED_SEND,
            command: 'workbench.trust.manage',
          }),
      );
    }
    for (const block of blocks) {
      const range = new vscode.Range(block.line, 0, block.line, 0);
      if (block.index === 0 && blocks.length > 1 && !sendTogetherProblem(blocks)) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: `$(run-all) Send all ${blocks.length}`,
            tooltip: `Send the ${blocks.length} requests of this file in order on one connection (kept alive while the server allows it)`,
            command: 'netprobe.sendAllRawRequests',
            arguments: userArgs('codelens', [doc.uri, { interactive: true }]),
          }),
        );
      }
      // Problems come from core with values from the environment never expanded; the rest is masked here.
      const shown = (text: string): string => maskEnvValues(text, block.envValues);
      const via = block.proxy === undefined ? '' : block.proxy === 'direct' ? ' (direct, no proxy)' : ` through proxy ${shown(redactProxyUrls(block.proxy))}`;
      const env = block.env.length ? ` It reads ${block.env.map(n => `{{$processEnv ${n}}}`).join(', ')}: NetProbe asks before the first send to a host.` : '';
      const vars = block.variables.length ? ` (with ${block.variables.map(v => `{{${v}}}`).join(', ')} expanded)` : '';
      lenses.push(
        new vscode.CodeLens(range, {
          title: '$(play) Send raw',
          tooltip: `Send these exact bytes${vars}${via} and show the response, wire bytes, timing and TLS.${env}`,
          command: 'netprobe.sendRawRequest',
          arguments: userArgs('codelens', [doc.uri, block.index, { interactive: true }]),
        }),
      );
      const t = block.target;
      const hp = t ? formatHostPort(t.host, t.port) : '';
      // No Doctor for a target built from the environment: it would look the value up without asking.
      if (t && shown(hp) === hp) {
        const d = doctorRequest(block);
        lenses.push(
          new vscode.CodeLens(range, {
            title: '$(pulse) Doctor',
            tooltip: d.tooltip,
            command: 'netprobe.connectionDoctor',
            arguments: userArgs('codelens', [d.url, d.options]),
          }),
        );
      }
      for (const p of block.problems) lenses.push(new vscode.CodeLens(range, { title: `$(warning) ${p}`, command: '' }));
      for (const w of block.warnings) lenses.push(new vscode.CodeLens(range, { title: `$(info) ${w}`, command: '' }));
    }
    return lenses;
  }
}

/**
 * What the Doctor lens examines for a request: its target with the request's own path (left out when the request
 * reads environment variables, which may hold secrets), its `# @insecure` and `# @proxy`.
 */
export function doctorRequest(block: RequestBlock): { url: string; options: { insecure?: boolean; proxy?: string }; tooltip: string } {
  const t = block.target;
  const hp = t ? formatHostPort(t.host, t.port) : '';
  const target = block.text.split(/\r?\n/, 1)[0]?.trim().split(/\s+/)[1] ?? '/';
  let path = target.startsWith('/') ? target : '/';
  if (/^https?:\/\//i.test(target)) {
    try {
      const u = new URL(target);
      path = `${u.pathname}${u.search}`;
    } catch {
      path = '/';
    }
  }
  const secret = maskEnvValues(path, block.envValues) !== path;
  if (secret) path = '/';
  const options = { ...(block.insecure ? { insecure: true } : {}), ...(block.proxy !== undefined ? { proxy: block.proxy } : {}) };
  const notes = [
    block.insecure ? 'certificate not verified (# @insecure)' : '',
    block.proxy !== undefined ? (block.proxy === 'direct' ? 'direct' : `through ${maskEnvValues(redactProxyUrls(block.proxy), block.envValues)}`) : '',
    secret ? 'path left out: it holds a value from the environment' : '',
  ].filter(Boolean);
  return {
    url: `${t?.tls ? 'https' : 'http'}://${hp}${path}`,
    options,
    tooltip: `Connection doctor for ${hp}${path}${notes.length ? ` (${notes.join('; ')})` : ''}`,
  };
}

/** The request block under `line`, or the first one. */
export function blockIndexAt(doc: vscode.TextDocument, line: number): number {
  const blocks = parseRequestFile(doc.getText());
  const hit = blocks.find(b => line <= b.endLine && (blocks[b.index + 1]?.line ?? Infinity) > line) ?? blocks.filter(b => b.line <= line).pop();
  return hit?.index ?? 0;
}

/**
 * `.http` files open as netprobe-http when no other extension claims them (they would be plain text);
 * a REST Client-style extension keeps its own `.http` language.
 */
export function adoptHttpFiles(): vscode.Disposable {
  const adopt = (doc: vscode.TextDocument): void => {
    if (doc.languageId === 'plaintext' && /\.http$/i.test(doc.fileName)) void vscode.languages.setTextDocumentLanguage(doc, RAW_HTTP_LANGUAGE);
  };
  vscode.workspace.textDocuments.forEach(adopt);
  return vscode.workspace.onDidOpenTextDocument(adopt);
}
