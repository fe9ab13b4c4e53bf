import * as vscode from 'vscode';
import { errorMessage, NetProbeError, problemOf } from '../../core/errors';
import { interfaces } from '../../core/platform/interfaces';
import { parseMulticastGroup } from '../../core/udp/group';
import type { PayloadSpec } from '../../core/udp/payload';
import { parseHex } from '../../core/udp/payload';
import { ask } from '../input';

/** A payload as command argument: plain text, or a spec. */
export type PayloadArg = string | PayloadSpec;

export function payloadSpec(p: PayloadArg): PayloadSpec {
  return typeof p === 'string' ? { text: p } : p;
}

export function numberProblem(min: number, max: number, what: string) {
  return (v: string): string | undefined =>
    /^[0-9]+$/.test(v.trim()) && Number(v) >= min && Number(v) <= max ? undefined : `${what} must be a whole number from ${min} to ${max}.`;
}

export async function askPayload(): Promise<PayloadSpec | undefined> {
  const kinds: Array<vscode.QuickPickItem & { pk: 'text' | 'escapes' | 'hex' | 'file' }> = [
    { label: '$(symbol-string) Text', description: 'UTF-8', pk: 'text' },
    { label: '$(symbol-key) Text with escapes', description: '\\n \\r \\t \\0 \\xHH', pk: 'escapes' },
    { label: '$(symbol-numeric) Hex bytes', description: 'e.g. 48 65 6c 6c 6f', pk: 'hex' },
    { label: "$(file-binary) A file's bytes", pk: 'file' },
  ];
  const pick = await vscode.window.showQuickPick(kinds, { title: 'NetProbe: Datagram payload' });
  if (!pick) return undefined;
  if (pick.pk === 'file') {
    const uris = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Send this file' });
    return uris?.[0] ? { file: uris[0].fsPath } : undefined;
  }
  if (pick.pk === 'hex') {
    const hex = await ask('Payload as hex bytes', '48 65 6c 6c 6f', v => problemOf(() => parseHex(v)));
    return hex === undefined ? undefined : { hex };
  }
  const text = await vscode.window.showInputBox({ prompt: 'Payload text', placeHolder: pick.pk === 'escapes' ? 'hello\\n' : 'hello', ignoreFocusOut: true });
  return text === undefined ? undefined : { text, escapes: pick.pk === 'escapes' };
}

export async function askInterface(family: 4 | 6, purpose: string): Promise<string | null | undefined> {
  const seen = new Set<string>();
  const items: Array<vscode.QuickPickItem & { value: string | null }> = [
    { label: '$(globe) Let the operating system choose', description: 'from the routing table', value: null },
  ];
  for (const a of interfaces().filter(x => x.family === family)) {
    if (seen.has(a.name)) continue;
    seen.add(a.name);
    items.push({ label: a.name, description: a.address, detail: a.internal ? 'loopback' : undefined, value: a.name });
  }
  const pick = await vscode.window.showQuickPick(items, { title: `NetProbe: Interface to ${purpose}` });
  return pick ? pick.value : undefined;
}

export function groupProblem(v: string): string | vscode.InputBoxValidationMessage | undefined {
  try {
    const g = parseMulticastGroup(v);
    return { message: `${g.group}: ${g.description}${g.wellKnown ? ` — ${g.wellKnown}` : ''}`, severity: vscode.InputBoxValidationSeverity.Info };
  } catch (e) {
    return errorMessage(e);
  }
}

export async function askGroup(): Promise<string | undefined> {
  const v = await vscode.window.showInputBox({
    prompt: 'Multicast group (IPv4 224.0.0.0/4 or IPv6 ff00::/8)',
    placeHolder: '239.1.2.3 or ff15::1234',
    ignoreFocusOut: true,
    validateInput: groupProblem,
  });
  return v?.trim();
}

export function checkArgs(o: unknown, what: string): void {
  if (o !== undefined && (typeof o !== 'object' || o === null)) throw new NetProbeError('invalid-input', `${what} options must be an object.`);
}
