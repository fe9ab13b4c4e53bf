// The results panel's messages, imported by the host (panel.ts) and the webview (src/webview/results): no vscode here.
import type { ResultView } from '../../results/view-model';
import type { ColumnKind, ShellMessage } from '../protocol';
import { isMessage, isStringId } from '../protocol';

/** A result as the page draws it: without its raw data and model (they stay in the extension). */
export type ShownResult = Omit<ResultView, 'data' | 'model'>;

/**
 * Messages from the extension to the results webview (`json`: Copy as JSON has something to copy), and for each of
 * the view's sections that is a table how its columns give way when the view is narrow (src/ui/results/columns.ts).
 */
export type ToResultsWebview = { type: 'show'; view: ShownResult; json: boolean; kinds: Array<ColumnKind[] | null> };

/** What the results webview's buttons ask of the extension. */
export type ResultsAction = { type: 'copy'; format: 'text' | 'json' } | { type: 'rerun' };

/** The results webview reports the id of the ResultView it rendered. */
export type ResultsRenderedId = string;
export const isResultsRenderedId = isStringId;

/** Messages from the results webview to the extension. */
export type FromResultsWebview = ShellMessage<ResultsRenderedId> | ResultsAction;

/** Narrows an unknown webview message to a ResultsAction. */
export function isResultsAction(m: unknown): m is ResultsAction {
  if (!isMessage(m)) return false;
  if (m.type === 'rerun') return true;
  return m.type === 'copy' && (m.format === 'text' || m.format === 'json');
}
