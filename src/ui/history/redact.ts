import { redactUrls } from '../../core/http/credentials';
import type { ResultView } from '../results/view-model';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Every string in `value` (arrays and plain objects walked) with URL passwords and credential query values redacted. */
function redactStrings(value: unknown): unknown {
  if (typeof value === 'string') return redactUrls(value);
  if (Array.isArray(value)) return value.map(redactStrings);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v)]));
  return value;
}

/**
 * A result as History and the log keep it: URL passwords and the values of credential query parameters
 * (`?access_token=`, `api_key=` …, the one list in core/http/credentials) redacted everywhere in it. A re-run
 * that needs a redacted value is dropped (it could not send the secret again).
 */
export function redactResultView(view: ResultView): ResultView {
  const { rerun, ...rest } = view;
  const out = redactStrings(rest) as ResultView;
  if (rerun && JSON.stringify(redactStrings(rerun.args)) === JSON.stringify(rerun.args)) out.rerun = rerun;
  return out;
}
