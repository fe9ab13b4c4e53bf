import type { PacketJson } from '../../../core/udp/format';
import { csvCell } from '../../results/csv';

/** CSV of monitored datagrams: seq, ISO time, source, port, size, text, hex. */
export function packetsCsv(packets: readonly PacketJson[]): string {
  const head = ['seq', 'time', 'source', 'port', 'family', 'size', 'text', 'hex'];
  const lines = packets.map(p =>
    [
      csvCell(p.seq),
      csvCell(new Date(p.time).toISOString()),
      csvCell(p.from),
      csvCell(p.port),
      csvCell(p.family),
      csvCell(p.size),
      csvCell(p.text),
      csvCell(p.hex),
    ].join(','),
  );
  return `${[head.join(','), ...lines].join('\r\n')}\r\n`;
}

/** JSON export: header and packets as the CLI's `--json` shows them. */
export function packetsJson(header: unknown, packets: readonly PacketJson[], stats: unknown): string {
  return `${JSON.stringify({ ...(header as object), stats, packets }, null, 2)}\n`;
}
