import type { ScanPortResult, ScanResult } from '../../../core/scan/types';

function csvCell(v: string | number | undefined): string {
  const s = v === undefined ? '' : String(v);
  // Quote every text cell; neutralise spreadsheet formulas in data from the network.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return typeof v === 'number' ? s : `"${safe.replace(/"/g, '""')}"`;
}

/** CSV of scan rows: address, port, protocol, state, service, rtt, errno, banner text and hex. */
export function scanCsv(rows: readonly ScanPortResult[]): string {
  const head = ['address', 'port', 'protocol', 'state', 'service', 'rtt_ms', 'errno', 'banner_text', 'banner_hex'];
  const lines = rows.map(r => [
    csvCell(r.address), csvCell(r.port), csvCell('tcp'), csvCell(r.state), csvCell(r.service), csvCell(r.rttMs), csvCell(r.errno),
    csvCell(r.banner?.text), csvCell(r.banner?.hex),
  ].join(','));
  return `${[head.join(','), ...lines].join('\r\n')}\r\n`;
}

/** JSON export: the scan result as the CLI's `--json` prints it. */
export function scanJson(result: ScanResult | { host: string; spec: string; ports: readonly ScanPortResult[] }): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
