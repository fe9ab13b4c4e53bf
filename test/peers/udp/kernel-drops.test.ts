import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import { udpListen } from '../../../src/core/udp/listen';
import { UdpSocket } from '../../../src/core/udp/socket';
import { skipOutsideCi } from '../../helpers/peers';

const SENDER = `
const s = require('dgram').createSocket('udp4'); const [port, n] = process.argv.slice(1).map(Number); let done = 0;
s.bind(0, '127.0.0.1', () => { for (let i = 0; i < n; i++) s.send(Buffer.alloc(64, 120), port, '127.0.0.1', () => { if (++done === n) s.close(); }); });`;

/** Blocks this thread for `ms` (so the socket's receive buffer fills and the kernel drops the rest). */
function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    /* the event loop is meant to be stuck */
  }
}

test(
  "kernel drops: the socket's own counter from /proc/net/udp; received + dropped = sent",
  { skip: skipOutsideCi(process.platform === 'linux' ? undefined : 'needs Linux /proc/net/udp', 'kernel drops') },
  async () => {
    const sock = await UdpSocket.open({ family: 4, address: '127.0.0.1', recvBufferSize: 4096 });
    let received = 0;
    const stop = sock.onPacket(() => {
      received++;
    });
    try {
      assert.ok(sock.fd() !== undefined, 'Node exposes the descriptor');
      assert.deepEqual(await sock.kernelDrops(), { available: true, drops: 0, queuedBytes: 0 });
      const n = 2000;
      // The sender runs while this thread is stuck: nothing reads, the small buffer overflows.
      spawnSync(process.execPath, ['-e', SENDER, String(sock.effective().localPort), String(n)], { stdio: 'ignore' });
      busy(50);
      const deadline = Date.now() + 5000;
      let k = await sock.kernelDrops();
      while (k.available && (received + k.drops < n || k.queuedBytes > 0) && Date.now() < deadline) {
        await new Promise(r => setImmediate(r));
        k = await sock.kernelDrops();
      }
      assert.ok(k.available);
      assert.ok(k.drops > 0, 'the kernel dropped some');
      assert.equal(received + k.drops, n);
    } finally {
      stop();
      await sock.close();
    }
    assert.deepEqual(await sock.kernelDrops(), {
      available: false,
      reason: "The socket's file descriptor is not available in this Node version, so its kernel drop count cannot be read.",
    });
  },
);

test(
  'kernel drops: a listen reports them apart from what it received',
  { skip: skipOutsideCi(process.platform === 'linux' ? undefined : 'needs Linux /proc/net/udp', 'listen kernel drops') },
  async () => {
    const r = await udpListen(0, { address: '127.0.0.1', duration: 50 });
    assert.deepEqual(r.kernelDrops, { available: true, drops: 0, queuedBytes: 0 });
  },
);
