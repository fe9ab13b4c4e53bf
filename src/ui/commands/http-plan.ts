import type { PlanOverrides, RequestPlan } from '../../core/http/plan';
import { planRequests } from '../../core/http/plan';
import type { RequestBlock } from '../../core/http/request-file';
import type { RetryChoice } from '../webviews/http/protocol';

/** Per-send options a caller (or a `# @…` directive) may give: core's overrides, without the settings' defaults. */
export interface SendOptions extends Omit<PlanOverrides, 'defaults'> {
  /** Called from a CodeLens: show failures to the user instead of rejecting. */
  interactive?: boolean;
  /** History's re-run of a retry: send as the retry did (without verification, or trusting its CA file). */
  retry?: RetryChoice;
}

/** The `netprobe.http.*` settings a plan depends on. */
export interface HttpPlanSettings {
  insecure: boolean;
  followRedirects: number;
}

/**
 * What the editor sends for these requests: core's {@link planRequests} with the command's options over the
 * file's directives, and the settings under both. (The send commands call this; the CLI calls planRequests too.)
 */
export function editorPlan(blocks: readonly RequestBlock[], options: SendOptions, settings: HttpPlanSettings): RequestPlan {
  return planRequests(blocks, {
    ...(options.target !== undefined ? { target: options.target } : {}),
    ...(options.tls !== undefined ? { tls: options.tls } : {}),
    ...(options.insecure !== undefined ? { insecure: options.insecure } : {}),
    ...(options.follow !== undefined ? { follow: options.follow } : {}),
    ...(options.proxy !== undefined ? { proxy: options.proxy } : {}),
    ...(options.http2 !== undefined ? { http2: options.http2 } : {}),
    defaults: { insecure: settings.insecure, follow: settings.followRedirects },
  });
}
