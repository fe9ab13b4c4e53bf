import type { ResultModel } from './result-model';

/** A section of a result as the results panel and the log show it. All strings are shown as text. */
export type ResultSection =
  | { type: 'kv'; heading?: string; rows: Array<[string, string]> }
  | { type: 'table'; heading?: string; columns: string[]; rows: string[][] }
  | { type: 'text'; heading?: string; text: string };

/** A finished operation, ready to show, log, copy and keep in History. Must be JSON-serialisable. */
export interface ResultView {
  /** Unique id (History uses it). */
  id: string;
  /** Which operation made it, e.g. `resolve`, `checkPort`, `dns`. */
  kind: string;
  title: string;
  /** One line under the title: the verdict in plain words. */
  summary: string;
  status: 'ok' | 'warning' | 'error';
  /** Epoch milliseconds. */
  createdAt: number;
  /** Total time of the operation in ms, when it has one. */
  elapsedMs?: number;
  sections: ResultSection[];
  /** The raw typed result, for Copy as JSON. */
  data: unknown;
  /** The command and arguments that re-run it (History "re-run"). */
  rerun?: { command: string; args: unknown[] };
  /**
   * The feature's own result, for a feature with its own panel (DNS, zone transfer, scan, HTTP): the panel shows
   * it, now and when History reopens it. Absent: the shared results panel shows `sections`.
   */
  model?: ResultModel;
  /** Set on a bounded form of a result (History's): what was left out, in words. Re-run gives the rest. */
  partial?: string;
}
