import * as vscode from 'vscode';
import { ask } from '../input';
import type { Services } from '../services';
import type { TargetSpec } from '../tree/targets-parse';
import { parseTarget, targetKey, targetProblem } from '../tree/targets-parse';
import { TargetChecks } from '../targets/target-checks';
import type { Target } from '../targets/targets-store';
import type { TargetStatus } from '../tree/targets-tree';
import type { Views } from '../views';
import { registerCommand } from './command';

const RAW_SESSION_COMMAND = 'netprobe.openRawSession';

/** A target from a tree node, `host:port` text or `{ host, port }`. */
function toSpec(arg: unknown): TargetSpec | undefined {
  if (typeof arg === 'string') return parseTarget(arg);
  if (arg && typeof arg === 'object' && 'host' in arg && 'port' in arg) {
    const { host, port } = arg;
    if (typeof host === 'string') return parseTarget(targetKey({ host, port: Number(port) }));
  }
  return undefined;
}

/** The Targets view's commands (add, remove, check now / all, scan, diagnose, open raw session) and periodic checks. */
export function registerTargetCommands(services: Services, views: Views): vscode.Disposable[] {
  const store = services.targets;
  const tree = views.targets;
  const checks = new TargetChecks(services, store, tree);

  const pickTarget = async (arg: unknown, verb: string): Promise<TargetSpec | undefined> => {
    const spec = toSpec(arg);
    if (spec) return spec;
    const all = store.all();
    if (!all.length) {
      void vscode.window.showInformationMessage('NetProbe: no targets yet. Add one with "NetProbe: Add Target…".');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      all.map(t => ({ label: t.key, description: tree.status(t.key).state, target: t })),
      { title: `NetProbe: Target to ${verb}` },
    );
    return pick?.target;
  };

  return [
    checks,
    registerCommand<[string | TargetSpec], Target>(services, 'netprobe.addTarget', 'Add target', async arg => {
      const spec = toSpec(arg) ?? toSpec(await ask('Target to watch (host:port)', 'localhost:8080 or [::1]:22', targetProblem));
      if (!spec) return undefined;
      const t = await store.add(spec);
      void checks.check(t);
      return t;
    }),
    registerCommand<[string | TargetSpec], boolean>(services, 'netprobe.removeTarget', 'Remove target', async arg => {
      const spec = await pickTarget(arg, 'remove');
      return spec ? store.remove(targetKey(spec)) : undefined;
    }),
    registerCommand<[string | TargetSpec], TargetStatus>(services, 'netprobe.checkTarget', 'Check target', async arg => {
      const spec = await pickTarget(arg, 'check');
      return spec ? checks.check(spec) : undefined;
    }),
    registerCommand<[], Record<string, TargetStatus>>(services, 'netprobe.checkAllTargets', 'Check targets', () => checks.checkAll(false)),
    registerCommand<[string | TargetSpec], unknown>(services, 'netprobe.scanTarget', 'Scan target', async arg => {
      const spec = await pickTarget(arg, 'scan');
      return spec ? vscode.commands.executeCommand('netprobe.scanPorts', spec.host) : undefined;
    }),
    registerCommand<[string | TargetSpec], unknown>(services, 'netprobe.diagnoseTarget', 'Diagnose target', async arg => {
      const spec = await pickTarget(arg, 'diagnose');
      return spec ? vscode.commands.executeCommand('netprobe.diagnose', spec.host, spec.port) : undefined;
    }),
    registerCommand<[string | TargetSpec], unknown>(services, 'netprobe.openTargetSession', 'Open raw session', async arg => {
      const spec = await pickTarget(arg, 'connect to');
      if (!spec) return undefined;
      if (!(await vscode.commands.getCommands(true)).includes(RAW_SESSION_COMMAND)) {
        void vscode.window.showWarningMessage('NetProbe: raw sessions are not available in this build.');
        return undefined;
      }
      return vscode.commands.executeCommand(RAW_SESSION_COMMAND, spec.host, spec.port);
    }),
  ];
}
