import * as vscode from 'vscode';
import { RAW_HTTP_LANGUAGE } from '../http-language/codelens';

/** Whether a file exists at `uri`. */
async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * A new, unsaved request file holding `content`, named `request-N.rawhttp` (its tab shows that name, not its
 * first line) in the first workspace folder when there is one, N the first number no open or saved file uses.
 */
export async function newRequestDocument(content: string): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const open = new Set(vscode.workspace.textDocuments.map(d => d.uri.toString()));
  for (let n = 1; ; n++) {
    const name = `request-${n}.rawhttp`;
    const uri = folder ? vscode.Uri.joinPath(folder, name).with({ scheme: 'untitled' }) : vscode.Uri.from({ scheme: 'untitled', path: name });
    if (open.has(uri.toString()) || (folder && (await exists(vscode.Uri.joinPath(folder, name))))) continue;
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), content);
    await vscode.workspace.applyEdit(edit);
    return doc.languageId === RAW_HTTP_LANGUAGE ? doc : vscode.languages.setTextDocumentLanguage(doc, RAW_HTTP_LANGUAGE);
  }
}
