import type { ScanPortResult, ScanResult } from '../../../core/scan/types';
import { csvCell } from '../../results/csv';

/** CSV of scan rows: address, port, protocol, state, service, rtt, errno, banner text and hex. */
export function scanCsv(rows: readonly ScanPortResult[]): string {
  const head = ['address', 'port', 'protocol', 'state', 'service', 'rtt_ms', 'errno', 'banner_text', 'banner_hex'];
  const lines = rows.map(r =>
    [
      csvCell(r.address),
      csvCell(r.port),
      csvCell('tcp'),
      csvCell(r.state),
      csvCell(r.service),
      csvCell(r.rttMs),
      csvCell(r.errno),
      csvCell(r.banner?.text),
      csvCell(r.banner?.hex),
    ].join(','),
  );
  return `${[head.join(','), ...lines].join('\r\n')}\r\n`;
}

/** JSON export: the scan result as the CLI's `--json` prints it. */
export function scanJson(result: ScanResult | { host: string; spec: string; ports: readonly ScanPortResult[] }): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
