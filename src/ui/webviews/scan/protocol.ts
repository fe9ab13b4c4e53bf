import type { ScanCounts, ScanPortResult, ScanProgress } from '../../../core/scan/types';

/** Messages from the extension to the scan webview. */
export type ToScanWebview =
  /** `via`: the proxy (chain) the scan goes through, password redacted. */
  | { type: 'start'; host: string; spec: string; total: number; nmap: string; startedAt: number; via?: string }
  | { type: 'rows'; rows: ScanPortResult[] }
  | { type: 'progress'; progress: ScanProgress }
  | { type: 'done'; status: 'finished' | 'cancelled' | 'failed'; message: string; counts?: ScanCounts; elapsedMs?: number };

/** Messages from the scan webview to the extension. */
export type FromScanWebview =
  | { type: 'ready' }
  | { type: 'cancel' }
  | { type: 'rescan' }
  | { type: 'copyNmap' }
  | { type: 'export'; format: 'csv' | 'json' }
  | { type: 'addTarget'; address: string; port: number }
  /** Sent after rendering: the number of table rows shown and the page text (lets tests check the DOM). */
  | { type: 'rendered'; rows: number; text: string };

/** Narrows an unknown webview message to a FromScanWebview. */
export function isFromScanWebview(m: unknown): m is FromScanWebview {
  if (typeof m !== 'object' || m === null) return false;
  const o = m as Record<string, unknown>;
  switch (o.type) {
    case 'ready': case 'cancel': case 'rescan': case 'copyNmap': return true;
    case 'export': return o.format === 'csv' || o.format === 'json';
    case 'addTarget': return typeof o.address === 'string' && typeof o.port === 'number' && Number.isInteger(o.port) && o.port > 0 && o.port < 65536;
    case 'rendered': return typeof o.rows === 'number' && typeof o.text === 'string';
    default: return false;
  }
}
