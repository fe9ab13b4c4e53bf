import type { ResultView } from '../../results/view-model';

/** Messages from the extension to the results webview. */
export type ToResultsWebview = { type: 'show'; view: ResultView; text: string };

/** Messages from the results webview to the extension. */
export type FromResultsWebview =
  | { type: 'ready' }
  | { type: 'copy'; format: 'text' | 'json' }
  | { type: 'rerun' }
  /** Sent after a view was rendered: what the page now shows (lets tests check the real DOM). */
  | { type: 'rendered'; id: string; text: string };

/** Narrows an unknown webview message to a FromResultsWebview. */
export function isFromResultsWebview(m: unknown): m is FromResultsWebview {
  if (typeof m !== 'object' || m === null) return false;
  const t = (m as { type?: unknown }).type;
  if (t === 'ready' || t === 'rerun') return true;
  if (t === 'rendered') return typeof (m as { id?: unknown }).id === 'string' && typeof (m as { text?: unknown }).text === 'string';
  const f = (m as { format?: unknown }).format;
  return t === 'copy' && (f === 'text' || f === 'json');
}
