import * as vscode from 'vscode';
import { parseAddressLiteral } from '../core/address/literal';
import type { HostInput } from '../core/address/host-port';
import { formatHost, hostInputProblem, parseHost, parseHostInput, parsePort } from '../core/address/host-port';
import { problemOf } from '../core/errors';
import { redactUrls } from '../core/http/credentials';
import type { InputOptions } from './prompts';
import type { Services } from './services';

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

const LAST_KEY = 'netprobe.lastInputs';

/** What a command's prompts were last answered with (this workspace). */
export interface LastInput {
  host?: string;
  port?: number;
  /** Free text of a prompt that is neither (a Doctor URL, a port list). */
  text?: string;
}

/** The answers `command`'s prompts last got in this workspace. */
export function lastInput(services: Services, command: string): LastInput {
  return services.context.workspaceState.get<Record<string, LastInput>>(LAST_KEY, {})[command] ?? {};
}

/** Remembers answers to `command`'s prompts (merged with what it remembered). */
export async function rememberInput(services: Services, command: string, input: LastInput): Promise<void> {
  const all = services.context.workspaceState.get<Record<string, LastInput>>(LAST_KEY, {});
  await services.context.workspaceState.update(LAST_KEY, { ...all, [command]: { ...all[command], ...input } });
}

export interface AskHostOptions {
  prompt: string;
  placeHolder: string;
  /** A further rule for the host (e.g. "an IP address"). */
  check?: (host: string) => string | undefined;
}

/**
 * Asks for a host where a person may type `host`, `host:port`, `[IPv6]:port` or a URL (core's parseHostInput);
 * pre-filled with the editor's selection, else the host this command last used. The port typed with the host,
 * if any, comes back for the next prompt to fill in.
 */
export async function askHost(services: Services, command: string, o: AskHostOptions): Promise<HostInput | undefined> {
  const last = lastInput(services, command);
  const problem = (v: string): string | undefined => hostInputProblem(v) ?? o.check?.(parseHostInput(v).host);
  const text = await services.prompts.input({
    prompt: o.prompt,
    placeHolder: o.placeHolder,
    value: selectedText() ?? (last.host !== undefined ? formatHost(last.host) : undefined),
    validate: problem,
  });
  if (text === undefined) return undefined;
  const given = parseHostInput(text);
  await rememberInput(services, command, { host: given.host });
  return given;
}

/**
 * Asks for a port, pre-filled with the port typed with the host (`given`), else the one this command last
 * used; remembers the answer.
 */
export async function askPort(services: Services, command: string, prompt: string, placeHolder: string, given?: number): Promise<number | undefined> {
  const value = given ?? lastInput(services, command).port;
  const text = await services.prompts.input({ prompt, placeHolder, value: value !== undefined ? String(value) : undefined, validate: portProblem });
  if (text === undefined) return undefined;
  const port = parsePort(text);
  await rememberInput(services, command, { port });
  return port;
}

/** A host given as a command argument, read with the same rule as the prompt (a port in it is kept). */
export function hostArgument(text: string): HostInput {
  return parseHostInput(text);
}

/**
 * Asks for text pre-filled with the editor's selection (`useSelection`), else what this command was last given
 * here; remembers the answer unless it carries a credential (a URL password or token: never kept).
 */
export async function askRemembered(
  services: Services,
  command: string,
  o: InputOptions & { useSelection?: boolean; selection?: string },
): Promise<string | undefined> {
  const value = ((o.useSelection ?? true) ? (o.selection ?? selectedText()) : undefined) ?? lastInput(services, command).text;
  const text = await services.prompts.input({ ...o, ...(value !== undefined ? { value } : {}) });
  if (text && redactUrls(text) === text) await rememberInput(services, command, { text });
  return text;
}
