import * as path from 'path';
import * as vscode from 'vscode';
import type { CliInstallOptions, CliInstallResult } from '../cli-launcher';
import { installCli, uninstallCli } from '../cli-launcher';
import type { Services } from '../services';
import { registerCommand } from './command';

export type { CliInstallOptions, CliInstallResult };

/** NetProbe: Install / Uninstall 'netprobe' Command in PATH (as VS Code does for `code`). */
export function registerInstallCliCommands(services: Services): vscode.Disposable[] {
  const extensionPath = services.context.extensionPath;
  return [
    registerCommand<[CliInstallOptions], CliInstallResult>(services, 'netprobe.installCli', "Install 'netprobe' command", async (opts = {}) => {
      const r = await installCli(extensionPath, opts);
      services.log.info(`CLI launcher written to ${r.path}`);
      const how = r.onPath
        ? 'Run `netprobe --help` in a new terminal.'
        : `${path.dirname(r.path)} is not on PATH: add it (e.g. in ~/.profile: export PATH="${path.dirname(r.path)}:$PATH").`;
      void vscode.window.showInformationMessage(`NetProbe: installed ${r.path}. ${how}`);
      return r;
    }),
    registerCommand<[CliInstallOptions], CliInstallResult>(services, 'netprobe.uninstallCli', "Uninstall 'netprobe' command", async (opts = {}) => {
      const r = await uninstallCli(opts);
      void vscode.window.showInformationMessage(r ? `NetProbe: removed ${r.path}.` : "NetProbe: no 'netprobe' command installed by this extension was found.");
      return r;
    }),
  ];
}
