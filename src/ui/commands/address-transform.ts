import * as vscode from 'vscode';
import type { AddressInfo } from '../../core/address/describe';
import { addressFromInteger, describeAddress } from '../../core/address/describe';
import type { AddressToken } from '../../core/address/detect';
import { MAX_TOKEN_LENGTH, addressTokenAt, scanAddresses } from '../../core/address/detect';
import { describeMac } from '../../core/address/mac';
import type { Services } from '../services';
import { registerCommand } from './command';

/** How a Transform Selection command rewrites addresses. */
export type TransformMode = 'canonical' | 'integer' | 'hex' | 'expand' | 'compress';

/** One replacement a transform made. */
export interface TransformEdit {
  line: number;
  character: number;
  from: string;
  to: string;
}

function withZone(a: AddressInfo, text: string): string {
  return a.zone !== undefined ? `${text}%${a.zone}` : text;
}

/** An address token, or (for a whole selection) an integer too large for inet_aton, read as IPv6. */
function readAddress(text: string, kind: AddressToken['kind'] | 'any'): AddressInfo {
  try {
    return describeAddress(text);
  } catch (e) {
    if (kind === 'any' && /^(0[xX][0-9a-fA-F]{9,32}|[0-9]{10,39})$/.test(text)) return addressFromInteger(text);
    throw e;
  }
}

/** The new text of one address under `mode`, or undefined when the mode does not apply to it. */
export function transformText(text: string, kind: AddressToken['kind'] | 'any', mode: TransformMode): string | undefined {
  try {
    if (kind === 'mac') return mode === 'canonical' ? describeMac(text).canonical : mode === 'hex' ? describeMac(text).bare : undefined;
    if (kind === 'cidr') {
      const slash = text.lastIndexOf('/');
      if (slash < 0 || mode === 'integer' || mode === 'hex') return undefined;
      const inner = transformText(text.slice(0, slash), 'any', mode);
      return inner === undefined ? undefined : `${inner}${text.slice(slash)}`;
    }
    const a = readAddress(text, kind);
    switch (mode) {
      case 'canonical':
        return withZone(a, a.canonical);
      case 'integer':
        return a.integer;
      case 'hex':
        return a.integerHex;
      case 'expand':
        return a.family === 6 ? withZone(a, a.expanded) : undefined;
      case 'compress':
        return a.family === 6 ? withZone(a, a.canonical) : undefined;
    }
  } catch {
    return undefined;
  }
}

function tokensIn(
  document: vscode.TextDocument,
  selection: vscode.Selection,
): Array<{ range: vscode.Range; token: AddressToken | { kind: 'any'; text: string } }> {
  if (selection.isEmpty) {
    const line = document.lineAt(selection.active.line).text;
    const span = MAX_TOKEN_LENGTH + 8;
    const from = Math.max(0, selection.active.character - span);
    const to = Math.min(line.length, selection.active.character + span);
    const t = addressTokenAt(line.slice(from, to), selection.active.character - from, from > 0, to < line.length);
    return t ? [{ range: new vscode.Range(selection.active.line, from + t.start, selection.active.line, from + t.end), token: t }] : [];
  }
  const text = document.getText(selection);
  const trimmed = text.trim();
  if (trimmed !== '' && !/\s/.test(trimmed)) {
    const lead = text.indexOf(trimmed);
    const start = document.offsetAt(selection.start) + lead;
    return [{ range: new vscode.Range(document.positionAt(start), document.positionAt(start + trimmed.length)), token: { kind: 'any', text: trimmed } }];
  }
  const base = document.offsetAt(selection.start);
  const out: Array<{ range: vscode.Range; token: AddressToken }> = [];
  scanAddresses(text, t => {
    if (t.invalid === undefined) out.push({ range: new vscode.Range(document.positionAt(base + t.start), document.positionAt(base + t.end)), token: t });
  });
  return out;
}

/**
 * Rewrites the addresses in every selection of `editor` (the token under each empty cursor, or every
 * address inside a non-empty selection) in one undoable edit. Returns what it replaced.
 */
export async function transformSelections(editor: vscode.TextEditor, mode: TransformMode): Promise<TransformEdit[]> {
  const edits: Array<{ range: vscode.Range; edit: TransformEdit }> = [];
  const seen = new Set<string>();
  for (const selection of editor.selections) {
    for (const { range, token } of tokensIn(editor.document, selection)) {
      const key = `${range.start.line}:${range.start.character}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const kind = token.kind === 'any' && token.text.includes('/') ? 'cidr' : token.kind;
      let to = transformText(token.text, kind, mode);
      if (to === undefined && token.kind === 'any') to = transformText(token.text, 'mac', mode);
      if (to === undefined || to === token.text) continue;
      edits.push({ range, edit: { line: range.start.line, character: range.start.character, from: token.text, to } });
    }
  }
  if (edits.length === 0) return [];
  const ok = await editor.edit(b => {
    for (const e of edits) b.replace(e.range, e.edit.to);
  });
  if (!ok) throw new Error('The editor refused the edit (the document changed meanwhile); try again.');
  return edits.map(e => e.edit);
}

const COMMANDS: Array<[string, TransformMode]> = [
  ['netprobe.transformToCanonical', 'canonical'],
  ['netprobe.transformToInteger', 'integer'],
  ['netprobe.transformToHex', 'hex'],
  ['netprobe.transformExpandIpv6', 'expand'],
  ['netprobe.transformCompressIpv6', 'compress'],
];

/** The Transform Selection commands (multi-cursor aware; one undo step each). */
export function registerAddressTransformCommands(services: Services): vscode.Disposable[] {
  return COMMANDS.map(([id, mode]) =>
    registerCommand<[], TransformEdit[]>(services, id, 'Transform selection', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) throw new Error('Open an editor and select addresses first.');
      const edits = await transformSelections(editor, mode);
      if (edits.length === 0) void vscode.window.setStatusBarMessage('NetProbe: no address to transform in the selection', 3000);
      return edits;
    }),
  );
}
