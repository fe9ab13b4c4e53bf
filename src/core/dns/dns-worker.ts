import { parentPort, workerData } from 'worker_threads';
import { runUdpPump } from './udp-pump';
import type { DnsWorkerCommand, DnsWorkerJob, DnsWorkerMessage } from './worker-protocol';

// Entry point of the DNS batch worker thread (bundled as dist/dns-worker.js): runs one UDP pump job.
const port = parentPort;
if (port) {
  const run = runUdpPump(workerData as DnsWorkerJob, (m: DnsWorkerMessage) => port.postMessage(m));
  port.on('message', (m: DnsWorkerCommand) => {
    if (m.type === 'cancel') run.cancel();
  });
  void run.done.finally(() => port.close());
}
