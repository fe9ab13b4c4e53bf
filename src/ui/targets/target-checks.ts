import * as vscode from 'vscode';
import { checkPort } from '../../core/ports/check-port';
import { errorMessage } from '../../core/errors';
import type { Services } from '../services';
import { Settings } from '../settings';
import type { TargetSpec } from '../tree/targets-parse';
import { targetKey } from '../tree/targets-parse';
import type { TargetStatus, TargetsTreeProvider } from '../tree/targets-tree';
import { statusOf } from '../tree/targets-tree';
import type { TargetsStore } from './targets-store';
import { checkedAutomatically } from './targets-store';

const MIN_INTERVAL_S = 5;

/**
 * Checks targets (one check per target at a time) into the Targets view, and every
 * `netprobe.targetsView.checkInterval` seconds the user's own targets (never a workspace's).
 */
export class TargetChecks implements vscode.Disposable {
  private readonly inFlight = new Map<string, Promise<TargetStatus>>();
  private timer: NodeJS.Timeout | undefined;
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly services: Services,
    private readonly store: TargetsStore,
    private readonly tree: TargetsTreeProvider,
  ) {
    this.sub = vscode.workspace.onDidChangeConfiguration(e => {
      if (Settings.affects(e, 'targetsView.checkInterval')) this.schedule();
    });
    this.schedule();
  }

  /**
   * Connects to a target (through the default proxy, like Check Port) and shows the outcome in the view and the
   * log (`automatic`: a periodic check, logged only when the state changes; it never notifies).
   */
  check(t: TargetSpec, automatic = false): Promise<TargetStatus> {
    const key = targetKey(t);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const before = this.tree.status(key).state;
    this.tree.setStatus(key, { state: 'checking' });
    const p = this.services.proxies
      .forCommand()
      .then(proxy => checkPort(t.host, t.port, { timeout: this.services.timeout, ...(proxy ? { proxy } : {}) }))
      .then(statusOf, (e: unknown): TargetStatus => ({ state: 'down', message: errorMessage(e), checkedAt: Date.now() }))
      .then(s => {
        this.tree.setStatus(key, s);
        if (!automatic || s.state !== before) this.log(key, s, automatic);
        return s;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  private log(key: string, s: TargetStatus, automatic: boolean): void {
    const line = `Target ${key}: ${s.state}${s.message ? ` (${s.message})` : ''}${automatic ? ' [periodic check]' : ''}`;
    if (s.state === 'down') this.services.log.warn(line);
    else this.services.log.info(line);
  }

  /** Checks every target (`automatic`: the periodic check, which never contacts a workspace's targets). */
  async checkAll(automatic: boolean): Promise<Record<string, TargetStatus>> {
    const all = automatic ? this.store.all().filter(checkedAutomatically) : this.store.all();
    const results = await Promise.all(all.map(t => this.check(t, automatic)));
    return Object.fromEntries(all.map((t, i) => [t.key, results[i]]));
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const seconds = this.services.settings.get('targetsView.checkInterval');
    if (seconds > 0)
      this.timer = setInterval(
        () => {
          void this.checkAll(true);
        },
        Math.max(MIN_INTERVAL_S, seconds) * 1000,
      );
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.sub.dispose();
  }
}
