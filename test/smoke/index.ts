import * as vscode from 'vscode';
import { runMocha } from '../integration/suite/index';

/** Entry point for the smoke run against the installed .vsix (test/integration/vsix.test.ts). */
export async function run(): Promise<void> {
  await vscode.extensions.getExtension('netprobe-dev.netprobe')?.activate();
  await vscode.commands.executeCommand('netprobe.internal.reportRendering', true);
  return runMocha(__dirname, '.smoke.js');
}
