import { errorMessage, NetProbeError } from '../../core/errors';
import { newView } from './new-view';
import type { ResultView } from './view-model';

/** What a failure report knows besides the error: the command, its arguments and who started it. */
export interface FailureContext {
  command?: string;
  args?: readonly unknown[];
  /** `palette`, `link`, `codelens`, `tree`, `menu`, `panel`, `notification`, `history` or `code`. */
  origin?: string;
}

const ORIGIN_WORDS: Record<string, string> = {
  palette: 'the command palette',
  link: 'a link (hover)',
  codelens: 'a CodeLens',
  tree: 'a view',
  menu: 'a menu',
  panel: 'a panel button',
  notification: 'a notification',
  history: 'History',
  code: 'a script or another command',
};

/** The messages of an error's causes, outermost first (each once). */
export function causeChain(e: unknown): string[] {
  const out: string[] = [];
  let c: unknown = e instanceof Error ? e.cause : undefined;
  for (let depth = 0; c !== undefined && depth < 5; depth++) {
    const m = errorMessage(c);
    if (m && !out.includes(m) && m !== errorMessage(e)) out.push(m);
    c = c instanceof Error ? c.cause : undefined;
  }
  return out;
}

/** Plain data a re-run can pass again (no URIs, class instances or functions). */
function plainData(v: unknown, depth = 0): boolean {
  if (depth > 6) return false;
  if (v === undefined || v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return true;
  if (Array.isArray(v)) return v.every(x => plainData(x, depth + 1));
  if (typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && Object.values(v).every(x => plainData(x, depth + 1));
}

/** A failed operation as History keeps it: what was asked, the error in plain words, its kind and OS error, and a Re-run. */
export function failureView(what: string, e: unknown, context: FailureContext = {}): ResultView {
  const message = errorMessage(e);
  const ne = e instanceof NetProbeError ? e : undefined;
  const causes = causeChain(e);
  const args = context.args ?? [];
  const rows: Array<[string, string]> = [
    ['Operation', what],
    ['Error', message],
  ];
  if (ne) rows.push(['Kind', ne.code]);
  if (ne?.errno) rows.push(['OS error', ne.errno]);
  for (const c of causes) rows.push(['Because', c]);
  if (context.origin) rows.push(['Started from', ORIGIN_WORDS[context.origin] ?? context.origin]);
  if (context.command) rows.push(['Command', context.command]);
  if (args.length) rows.push(['Arguments', plainData(args) ? JSON.stringify(args) : `${args.length} (not plain data)`]);
  const rerunnable = context.command !== undefined && plainData(args);
  return newView({
    kind: 'failure',
    title: `${what} failed`,
    summary: message,
    status: 'error',
    sections: [{ type: 'kv', rows }],
    data: {
      operation: what,
      error: { message, ...(ne ? { code: ne.code } : {}), ...(ne?.errno ? { errno: ne.errno } : {}), causes },
      ...(context.command ? { command: context.command } : {}),
      ...(rerunnable ? { args } : {}),
    },
    ...(rerunnable && context.command ? { rerun: { command: context.command, args: [...args] } } : {}),
  });
}
