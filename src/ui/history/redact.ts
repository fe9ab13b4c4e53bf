import { redactUrls } from '../../core/http/credentials';
import { maskEnvValues } from '../../core/http/request-variables';
import type { ResultView } from '../results/view-model';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Every string in `value` (arrays and plain objects walked) through `fn`. */
function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map(v => mapStrings(v, fn));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  return value;
}

/** Every string in `value` with URL passwords and credential query values redacted. */
function redactStrings(value: unknown): unknown {
  return mapStrings(value, redactUrls);
}

/**
 * A result with every value read from the environment (`{{$processEnv NAME}}`) shown as its reference, wherever
 * it appears (URL, header, title): what the log and History keep of a request that carried one. A re-run that
 * needs a masked value is dropped.
 */
export function maskEnvResultView(view: ResultView, envValues: ReadonlyArray<readonly [string, string]>): ResultView {
  if (envValues.length === 0) return view;
  const { rerun, ...rest } = view;
  const mask = (s: string): string => maskEnvValues(s, envValues);
  const out = mapStrings(rest, mask) as ResultView;
  if (rerun && JSON.stringify(mapStrings(rerun.args, mask)) === JSON.stringify(rerun.args)) out.rerun = rerun;
  return out;
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
