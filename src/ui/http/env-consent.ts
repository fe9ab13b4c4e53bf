import type * as vscode from 'vscode';
import type { EnvDisclosure } from '../../core/http/env-disclosure';
import { envDisclosure } from '../../core/http/env-disclosure';
import type { RequestPlan } from '../../core/http/plan';
import type { Modals } from '../modal';

/** The workspace-state key of the answers given (a list of disclosure keys, most recent last). */
const STATE_KEY = 'netprobe.processEnvConsent';
/** Most answers remembered per workspace. */
const REMEMBERED = 500;
const SEND = 'Send';

/** The request file a plan came from: its URI (the key of an answer) and how the user knows it. */
export interface RequestSource {
  key: string;
  label: string;
}

/**
 * Asks before a request file sends environment variables (`{{$processEnv NAME}}`): once per file, destination
 * (and proxy) and set of variables, remembered in the workspace's state across restarts. Variables named in the
 * user-level `netprobe.http.processEnvAllowList` are sent without asking (a workspace cannot set it).
 */
export class EnvConsent {
  /** `allowed`: the allow-list, read from user settings only (a workspace's or folder's value is ignored). */
  constructor(
    private readonly state: vscode.Memento,
    private readonly modals: Modals,
    private readonly allowed: () => readonly string[],
  ) {}

  private remembered(): string[] {
    const v = this.state.get<unknown>(STATE_KEY);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  /** What sending `plan` from `source` would disclose and still needs an answer, or undefined. */
  pending(plan: RequestPlan, source: RequestSource, proxy?: string): EnvDisclosure | undefined {
    const d = envDisclosure(plan, { file: source.key, fileLabel: source.label, allowed: this.allowed(), ...(proxy ? { proxy } : {}) });
    return d && !this.remembered().includes(d.key) ? d : undefined;
  }

  /** True when `plan` may be sent: it reads no environment variable that needs asking, or the user said Send. */
  async confirm(plan: RequestPlan, source: RequestSource, proxy?: string): Promise<boolean> {
    const d = this.pending(plan, source, proxy);
    if (!d) return true;
    if ((await this.modals.warn(d.message, d.detail, SEND)) !== SEND) return false;
    const kept = this.remembered().filter(k => k !== d.key);
    kept.push(d.key);
    await this.state.update(STATE_KEY, kept.slice(-REMEMBERED));
    return true;
  }

  /** Forgets every answer given in this workspace. */
  async forget(): Promise<void> {
    await this.state.update(STATE_KEY, undefined);
  }
}
