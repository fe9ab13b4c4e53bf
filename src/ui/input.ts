import * as vscode from 'vscode';
import { parseAddressLiteral } from '../core/address/literal';
import { parseHost, parsePort } from '../core/address/host-port';
import { problemOf } from '../core/errors';

/** Why `text` is not a usable host (name or address), or undefined when it is. */
export function hostProblem(text: string): string | undefined {
  return problemOf(() => parseHost(text));
}

/** Why `text` is not a port (1–65535), or undefined. */
export function portProblem(text: string): string | undefined {
  return problemOf(() => parsePort(text));
}

/** Why `text` is not an IP address, or undefined. */
export function addressProblem(text: string): string | undefined {
  return problemOf(() => {
    if (!parseAddressLiteral(text)) throw new Error(`"${text.trim()}" is not an IP address.`);
  });
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
