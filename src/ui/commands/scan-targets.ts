import * as vscode from 'vscode';
import { checkPort } from '../../core/ports/check-port';
import { ask } from '../input';
import type { Services } from '../services';
import type { TargetSpec } from '../tree/targets-parse';
import { parseTarget, targetKey, targetProblem } from '../tree/targets-parse';
import type { Target } from '../tree/targets-store';
import { TargetsStore } from '../tree/targets-store';
import type { TargetStatus } from '../tree/targets-tree';
import { TargetsTreeProvider, statusOf } from '../tree/targets-tree';
import { registerCommand } from './command';
import { proxyForCommand } from './proxy-profiles';
import { errorMessage } from '../../core/errors';

const RAW_SESSION_COMMAND = 'netprobe.openRawSession';
const MIN_INTERVAL_S = 5;

/** A target from a tree node, `host:port` text or `{ host, port }`. */
function toSpec(arg: unknown): TargetSpec | undefined {
  if (typeof arg === 'string') return parseTarget(arg);
  if (arg && typeof arg === 'object' && 'host' in arg && 'port' in arg) {
    const { host, port } = arg;
    if (typeof host === 'string') return parseTarget(targetKey({ host, port: Number(port) }));
  }
  return undefined;
}

/** The Targets view and its commands: add, remove, check now / all, scan, diagnose, open raw session. */
export function registerTargetsView(services: Services): vscode.Disposable[] {
  const store = new TargetsStore(services.context.globalState, services.log);
  const tree = new TargetsTreeProvider(store);
  services.trees.set('netprobe.targets', tree);
  const inFlight = new Map<string, Promise<TargetStatus>>();

  const check = (t: TargetSpec): Promise<TargetStatus> => {
    const key = targetKey(t);
    const pending = inFlight.get(key);
    if (pending) return pending;
    tree.setStatus(key, { state: 'checking' });
    // Like Check Port: through the default proxy (netprobe.defaultProxy) when one is set.
    const p = proxyForCommand(services)
      .then(proxy => checkPort(t.host, t.port, { timeout: services.timeout, ...(proxy ? { proxy } : {}) }))
      .then(statusOf, (e: unknown): TargetStatus => ({ state: 'down', message: errorMessage(e), checkedAt: Date.now() }))
      .then(s => { tree.setStatus(key, s); return s; })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, p);
    return p;
  };
  const checkAll = async (): Promise<Record<string, TargetStatus>> => {
    const all = store.all();
    const results = await Promise.all(all.map(t => check(t)));
    return Object.fromEntries(all.map((t, i) => [t.key, results[i]]));
  };

  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    if (timer) clearInterval(timer);
    timer = undefined;
    const seconds = services.setting('targetCheckInterval', 0);
    if (seconds > 0) timer = setInterval(() => { void checkAll(); }, Math.max(MIN_INTERVAL_S, seconds) * 1000);
  };
  schedule();

  const pickTarget = async (arg: unknown, verb: string): Promise<TargetSpec | undefined> => {
    const spec = toSpec(arg);
    if (spec) return spec;
    const all = store.all();
    if (!all.length) {
      void vscode.window.showInformationMessage('NetProbe: no targets yet. Add one with "NetProbe: Add Target…".');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(all.map(t => ({ label: t.key, description: tree.status(t.key).state, target: t })), { title: `NetProbe: Target to ${verb}` });
    return pick?.target;
  };

  return [
    store,
    tree,
    vscode.window.createTreeView('netprobe.targets', { treeDataProvider: tree }),
    { dispose: () => { if (timer) clearInterval(timer); } },
    vscode.workspace.onDidChangeConfiguration(e => { if (e.affectsConfiguration('netprobe.targetCheckInterval')) schedule(); }),
    registerCommand<[string | TargetSpec], Target>(services, 'netprobe.addTarget', 'Add target', async arg => {
      const spec = toSpec(arg) ?? toSpec(await ask('Target to watch (host:port)', 'localhost:8080 or [::1]:22', targetProblem));
      if (!spec) return undefined;
      const t = await store.add(spec);
      void check(t);
      return t;
    }),
    registerCommand<[string | TargetSpec], boolean>(services, 'netprobe.removeTarget', 'Remove target', async arg => {
      const spec = await pickTarget(arg, 'remove');
      return spec ? store.remove(targetKey(spec)) : undefined;
    }),
    registerCommand<[string | TargetSpec], TargetStatus>(services, 'netprobe.checkTarget', 'Check target', async arg => {
      const spec = await pickTarget(arg, 'check');
      return spec ? check(spec) : undefined;
    }),
    registerCommand<[], Record<string, TargetStatus>>(services, 'netprobe.checkAllTargets', 'Check targets', () => checkAll()),
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
