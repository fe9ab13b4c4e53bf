import * as vscode from 'vscode';
import { Settings } from '../settings';

/**
 * While `netprobe.tls.keyLogFile` is set: a status-bar warning (warning background) naming the file, and a
 * notification each time it is turned on (and at start-up when it is on). Clicking opens the setting.
 */
export class KeyLogStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('netprobe.keylog', vscode.StatusBarAlignment.Right, 101);
  private readonly subscription: vscode.Disposable;
  private shownFor: string | undefined;

  constructor(private readonly settings: Settings) {
    this.item.name = 'NetProbe TLS key logging';
    this.item.command = { command: 'workbench.action.openSettings', title: 'Open setting', arguments: ['netprobe.tls.keyLogFile'] };
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.subscription = vscode.workspace.onDidChangeConfiguration(e => {
      if (Settings.affects(e, 'tls.keyLogFile')) this.update();
    });
    this.update();
  }

  /** The file being written, or undefined when key logging is off (for tests). */
  get file(): string | undefined {
    return this.shownFor;
  }

  /** What screen readers say for the item (plain text), empty when hidden (for tests). */
  get accessibilityLabel(): string {
    return this.shownFor ? (this.item.accessibilityInformation?.label ?? '') : '';
  }

  /** The text shown now, empty when hidden (for tests). */
  get text(): string {
    return this.shownFor ? this.item.text : '';
  }

  update(): void {
    const file = this.settings.get('tls.keyLogFile');
    if (file === '') {
      this.item.hide();
      this.shownFor = undefined;
      return;
    }
    this.item.text = '$(unlock) NetProbe: TLS keys logged';
    this.item.tooltip = `NetProbe appends the secrets of every TLS session to ${file} (netprobe.tls.keyLogFile). Anyone who can read that file can decrypt those sessions. Click to change or clear the setting.`;
    this.item.accessibilityInformation = {
      label: `Warning: NetProbe logs TLS session keys to ${file}. Anyone who can read that file can decrypt those sessions. Click to change or clear the setting.`,
    };
    this.item.show();
    if (this.shownFor !== file) {
      this.shownFor = file;
      void vscode.window
        .showWarningMessage(
          `NetProbe: TLS key logging is ON — session secrets are appended to ${file}. Anyone who can read it can decrypt those sessions.`,
          'Turn Off',
        )
        .then(choice => {
          if (choice === 'Turn Off') void this.settings.update('tls.keyLogFile', undefined);
        });
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
