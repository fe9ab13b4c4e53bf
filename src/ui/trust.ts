import * as vscode from 'vscode';
import { NetProbeError } from '../core/errors';

/** Why a send from a file is refused in Restricted Mode. */
export const RESTRICTED_SEND =
  'Restricted Mode: NetProbe does not send requests from the files of a workspace you have not trusted. ' +
  'Trust the workspace (Manage Workspace Trust) to send them; address tools, the hover and the commands you type still work.';

/** Whether requests written in `doc` may be sent: always in a trusted workspace; otherwise only from an untitled editor. */
export function maySendFrom(doc: vscode.TextDocument): boolean {
  return vscode.workspace.isTrusted || doc.uri.scheme === 'untitled';
}

/** Throws the Restricted Mode refusal unless requests written in `doc` may be sent. */
export function assertMaySendFrom(doc: vscode.TextDocument): void {
  if (!maySendFrom(doc)) throw new NetProbeError('invalid-input', RESTRICTED_SEND);
}
