// A child process for multicast tests inside network namespaces: runs one core operation given as JSON in
// argv[2] and prints JSON lines (ready, packet, done, error). Ending stdin stops a receiver.
import { errorMessage, NetProbeError } from '../../src/core/errors';
import { mcastJoin, mcastSend, payloadHex } from '../../src/core/udp/index';

interface Job {
  op: 'join' | 'send';
  group: string;
  port: number;
  iface?: string;
  source?: string;
  count?: number;
  duration?: number;
  hex?: string;
  ttl?: number;
  loopback?: boolean;
  bindToGroup?: boolean;
  repeat?: number;
  /** Leave the group when a `leave` line arrives on stdin. */
  leaveOnInput?: boolean;
  interval?: number;
}

function print(o: unknown): void {
  process.stdout.write(`${JSON.stringify(o)}\n`);
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as Job;
  const ac = new AbortController();
  process.stdin.on('end', () => ac.abort());
  let leave: (() => void) | undefined;
  process.stdin.on('data', (d: Buffer) => {
    if (!d.toString().includes('leave') || !leave) return;
    try {
      leave();
      print({ event: 'left' });
    } catch (e) {
      print({ event: 'error', message: errorMessage(e) });
    }
  });
  process.stdin.resume();
  try {
    if (job.op === 'join') {
      const r = await mcastJoin(job.group, job.port, {
        ...(job.iface !== undefined ? { iface: job.iface } : {}),
        ...(job.source !== undefined ? { source: job.source } : {}),
        ...(job.count !== undefined ? { count: job.count } : {}),
        ...(job.duration !== undefined ? { duration: job.duration } : {}),
        ...(job.bindToGroup !== undefined ? { bindToGroup: job.bindToGroup } : {}),
        signal: ac.signal,
        onReady: rec => {
          if (job.leaveOnInput) leave = () => rec.socket.leave(rec.group.group, rec.iface, rec.source);
          print({ event: 'ready', options: rec.socket.effective(), warnings: rec.warnings });
        },
        onPacket: p => print({ event: 'packet', from: p.from, port: p.port, size: p.size, hex: payloadHex(p.payload) }),
      });
      print({ event: 'done', endedBy: r.endedBy, packets: r.stats.packets });
    } else {
      const r = await mcastSend(job.group, job.port, Buffer.from(job.hex ?? '', 'hex'), {
        ...(job.iface !== undefined ? { iface: job.iface } : {}),
        ...(job.ttl !== undefined ? { ttl: job.ttl } : {}),
        ...(job.loopback !== undefined ? { loopback: job.loopback } : {}),
        ...(job.repeat !== undefined ? { count: job.repeat } : {}),
        ...(job.interval !== undefined ? { interval: job.interval } : {}),
      });
      print({ event: 'done', message: r.message, options: r.options });
    }
  } catch (e) {
    print({
      event: 'error',
      code: e instanceof NetProbeError ? e.code : 'unexpected',
      errno: e instanceof NetProbeError ? e.errno : undefined,
      message: errorMessage(e),
    });
  }
  process.stdin.pause();
  process.stdin.destroy();
}

void main();
