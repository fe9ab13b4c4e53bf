// The scan panel's messages, imported by the host (panel.ts) and the webview (src/webview/scan): no vscode here.
import type { ScanCounts, ScanPortResult, ScanProgress, ScanResult } from '../../../core/scan/types';
import type { RowsId, ShellMessage } from '../protocol';
import { isMessage, isRowsId } from '../protocol';

/** The first message of a scan. `via`: the proxy (chain) the scan goes through, password redacted. */
export type ScanStart = { type: 'start'; host: string; spec: string; total: number; nmap: string; startedAt: number; via?: string };

/** The last message of a scan. */
export type ScanDone = { type: 'done'; status: 'finished' | 'cancelled' | 'failed'; message: string; counts?: ScanCounts; elapsedMs?: number };

/**
 * A scan as the panel shows it (and History keeps it): how it started, its rows, how it ended, and the final
 * result's facts without its rows. History keeps a bounded sample of the rows (closed ones first to go).
 */
export interface ScanSnapshot {
  start: ScanStart;
  rows: ScanPortResult[];
  progress?: ScanProgress;
  done?: ScanDone;
  result?: Omit<ScanResult, 'ports'>;
}

/** Messages from the extension to the scan webview: start, rows and progress as they come, done. */
export type ToScanWebview = ScanStart | { type: 'rows'; rows: ScanPortResult[] } | { type: 'progress'; progress: ScanProgress } | ScanDone;

/** What the scan webview's buttons ask of the extension. */
export type ScanAction =
  | { type: 'cancel' }
  | { type: 'rescan' }
  | { type: 'copyNmap' }
  | { type: 'export'; format: 'csv' | 'json' }
  | { type: 'addTarget'; address: string; port: number };

/** The scan webview reports, once the scan is done, how many table rows it shows. */
export type ScanRenderedId = RowsId;
export const isScanRenderedId = isRowsId;

/** Messages from the scan webview to the extension. */
export type FromScanWebview = ShellMessage<ScanRenderedId> | ScanAction;

/** Narrows an unknown webview message to a ScanAction. */
export function isScanAction(m: unknown): m is ScanAction {
  if (!isMessage(m)) return false;
  switch (m.type) {
    case 'cancel':
    case 'rescan':
    case 'copyNmap':
      return true;
    case 'export':
      return m.format === 'csv' || m.format === 'json';
    case 'addTarget':
      return typeof m.address === 'string' && typeof m.port === 'number' && Number.isInteger(m.port) && m.port > 0 && m.port < 65536;
    default:
      return false;
  }
}
