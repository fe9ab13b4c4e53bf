import * as vscode from 'vscode';
import { registerWebviewCommands } from './webviews/register';
import { registerTestHooks } from './test-hooks';
import { registerSidebar } from './commands/sidebar';
import { openWalkthroughOnFirstRun } from './commands/walkthrough';
import { FeatureLoader } from './features';
import type { Services } from './services';
import { Settings } from './settings';
import { registerViews } from './views';
import { registerPromptHook } from './prompts';

/**
 * Registers what NetProbe shows from start-up (views, status bar, hover, CodeLens, sidebar commands) and a
 * stub for every other command; each feature's code loads when one of its commands is first used.
 */
export function registerAll(services: Services): { disposables: vscode.Disposable[]; features: FeatureLoader } {
  const { views, disposables } = registerViews(services);
  const features = new FeatureLoader(services, views);
  // Periodic target checks run in the targets feature: load it when an interval is set.
  const targetChecks = (): void => {
    if (services.settings.get('targetsView.checkInterval') > 0) void features.load('targets');
  };
  targetChecks();
  openWalkthroughOnFirstRun(services.context);
  return {
    features,
    disposables: [
      ...registerWebviewCommands(services.webviews),
      registerPromptHook(services.prompts),
      ...registerTestHooks(services),
      ...disposables,
      ...registerSidebar(services),
      features,
      vscode.workspace.onDidChangeConfiguration(e => {
        if (Settings.affects(e, 'targetsView.checkInterval')) targetChecks();
      }),
    ],
  };
}
