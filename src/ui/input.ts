import * as vscode from 'vscode';
import { hostNameProblem } from '../core/address/host-name';
import { parseAddressLiteral } from '../core/address/literal';
import { parsePort } from '../core/check-port';
import { NetProbeError } from '../core/errors';

/** Why `text` is not a usable host (name or address), or undefined when it is. */
export function hostProblem(text: string): string | undefined {
  const t = text.trim();
  if (t === '') return 'Enter a host name or an IP address.';
  try {
    if (parseAddressLiteral(t)) return undefined;
  } catch (e) {
    return e instanceof NetProbeError ? e.message : String(e);
  }
  return hostNameProblem(t);
}

/** Why `text` is not a port (1–65535), or undefined. */
export function portProblem(text: string): string | undefined {
  try {
    parsePort(text);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Why `text` is not an IP address, or undefined. */
export function addressProblem(text: string): string | undefined {
  try {
    return parseAddressLiteral(text) ? undefined : `"${text.trim()}" is not an IP address.`;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Asks for a value with validation as you type; undefined when the user cancels. */
export async function ask(prompt: string, placeHolder: string, validate: (v: string) => string | undefined, value?: string): Promise<string | undefined> {
  const v = await vscode.window.showInputBox({ prompt, placeHolder, value, ignoreFocusOut: true, validateInput: validate });
  return v?.trim();
}

/** The selected text of the active editor if it is a single short line. */
export function selectedText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  const text = editor?.document.getText(editor.selection).trim();
  return text && !text.includes('\n') && text.length < 300 ? text : undefined;
}
