import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ConfigurationSource } from './settings';

/** Reads a small settings file; a missing or unreadable one is empty. */
function read(file: string): string {
  try {
    return fs.statSync(file).size < 1024 * 1024 ? fs.readFileSync(file, 'utf8') : '';
  } catch {
    return '';
  }
}

/** `vscode.workspace` as the settings module's source, with the text of the workspace's settings files. */
export function workspaceConfigurationSource(): ConfigurationSource {
  return {
    getConfiguration: section => vscode.workspace.getConfiguration(section),
    get isTrusted() {
      return vscode.workspace.isTrusted;
    },
    workspaceSettingsTexts: () => {
      const folders = (vscode.workspace.workspaceFolders ?? [])
        .filter(f => f.uri.scheme === 'file')
        .map(f => path.join(f.uri.fsPath, '.vscode', 'settings.json'));
      const file = vscode.workspace.workspaceFile;
      return [...folders, ...(file?.scheme === 'file' ? [file.fsPath] : [])].map(read).filter(t => t !== '');
    },
  };
}
