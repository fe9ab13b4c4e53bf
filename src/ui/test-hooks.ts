import * as vscode from 'vscode';
import type { ModalQuestion } from './modal';
import type { Services } from './services';

/**
 * Test hooks shared by every feature (not contributed, so never in the palette): `netprobe.internal.modals`
 * scripts the answers to NetProbe's modal questions and returns the questions asked (see `Modals.script`).
 */
export function registerTestHooks(services: Services): vscode.Disposable[] {
  return [vscode.commands.registerCommand('netprobe.internal.modals', (answers?: Array<string | null>): ModalQuestion[] => services.modals.script(answers))];
}
