import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as dgram from 'dgram';
import { once } from 'events';
import { NetProbeError, UdpSocket, payloadBytes, udpListen, udpSend } from '../../../src/core';
import type { UdpSocket as UdpSocketType } from '../../../src/core';

/** A UDP echo server on a loopback address; replies `times` copies of each datagram. */
async function echoServer(host: string, times = 1): Promise<{ port: number; close: () => Promise<void> }> {
  const s = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  s.on('message', (m, r) => {
    for (let i = 0; i < times; i++) s.send(m, r.port, r.address);
  });
  s.bind(0, host);
  await once(s, 'listening');
  return { port: s.address().port, close: () => new Promise(r => s.close(() => r())) };
}

/** A loopback UDP port with nothing bound (sends to it get ICMP port unreachable). */
async function closedUdpPort(host: string): Promise<number> {
  const s = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  s.bind(0, host);
  await once(s, 'listening');
  const { port } = s.address();
  await new Promise<void>(r => s.close(() => r()));
  return port;
}

function sendFrom(host: string, port: number, payload: Buffer): Promise<void> {
  const s = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  return new Promise((resolve, reject) =>
    s.send(payload, port, host, e => {
      s.close();
      if (e) reject(e);
      else resolve();
    }),
  );
}

test('udpSend: text round trip on 127.0.0.1 with the reply', async () => {
  const echo = await echoServer('127.0.0.1');
  try {
    const r = await udpSend('127.0.0.1', echo.port, await payloadBytes({ text: 'hello udp' }), { wait: 2000, maxReplies: 1 });
    assert.equal(r.outcome, 'replied');
    assert.equal(r.bytesSent, 9);
    assert.equal(r.replies.length, 1);
    assert.equal(r.replies[0]?.payload.toString(), 'hello udp');
    assert.equal(r.replies[0]?.from, '127.0.0.1');
    assert.equal(r.replies[0]?.port, echo.port);
    assert.ok((r.firstReplyMs ?? -1) >= 0);
    assert.equal(r.options.localAddress, '127.0.0.1');
    assert.ok(r.elapsedMs < 2000, 'stops waiting at maxReplies');
  } finally {
    await echo.close();
  }
});

test('udpSend: binary round trip on ::1, several replies within the window', async () => {
  const echo = await echoServer('::1', 3);
  try {
    const bytes = await payloadBytes({ hex: '00 ff 10 0a 80' });
    const r = await udpSend('::1', echo.port, bytes, { wait: 2000, maxReplies: 3, family: 6 });
    assert.equal(r.family, 6);
    assert.equal(r.outcome, 'replied');
    assert.equal(r.replies.length, 3);
    for (const p of r.replies) assert.deepEqual(p.payload, bytes);
    assert.deepEqual(
      r.replies.map(p => p.seq),
      [1, 2, 3],
    );
  } finally {
    await echo.close();
  }
});

test('udpSend: "localhost" resolves through /etc/hosts', async () => {
  const echo = await echoServer('127.0.0.1');
  try {
    const r = await udpSend('localhost', echo.port, Buffer.from('x'), { wait: 2000, maxReplies: 1, family: 4 });
    assert.equal(r.address, '127.0.0.1');
    assert.equal(r.outcome, 'replied');
  } finally {
    await echo.close();
  }
});

test('udpSend: port unreachable is reported as refused', async () => {
  const port = await closedUdpPort('127.0.0.1');
  const r = await udpSend('127.0.0.1', port, Buffer.from('ping'), { wait: 3000 });
  assert.equal(r.outcome, 'refused');
  assert.match(r.message, /port unreachable.*nothing is listening/);
  assert.ok(r.elapsedMs < 3000);
});

test('udpSend: silence within the window is no-reply; no wait is sent', async () => {
  const silent = dgram.createSocket('udp4');
  silent.bind(0, '127.0.0.1');
  await once(silent, 'listening');
  const got = once(silent, 'message');
  try {
    const r = await udpSend('127.0.0.1', silent.address().port, Buffer.from('a'), { wait: 150 });
    assert.equal(r.outcome, 'no-reply');
    assert.match(r.message, /no reply within 150 ms/);
    const r2 = await udpSend('127.0.0.1', silent.address().port, Buffer.from('b'));
    assert.equal(r2.outcome, 'sent');
    const [msg] = (await got) as [Buffer];
    assert.equal(msg.toString(), 'a');
  } finally {
    silent.close();
  }
});

test('udpSend: bad input is explained', async () => {
  await assert.rejects(udpSend('127.0.0.1', 0, Buffer.from('x')), /out of range/);
  await assert.rejects(udpSend('127.0.0.1', 9, Buffer.alloc(70000)), /70000 bytes; one UDP datagram over IPv4 carries at most 65507/);
  await assert.rejects(udpSend('239.1.2.3', 9, Buffer.from('x')), /multicast group: use multicast send/);
  await assert.rejects(udpSend('127.0.0.1', 9, Buffer.from('x'), { wait: -1 }), /reply window/);
  await assert.rejects(udpSend('127.0.0.1', 9, Buffer.from('x'), { ttl: 300 }), /TTL must be a whole number from 1 to 255/);
});

test('udpListen: receives text and binary from 127.0.0.1 and ::1 until the count', async () => {
  let ready!: (s: UdpSocketType) => void;
  const bound = new Promise<UdpSocketType>(r => {
    ready = r;
  });
  const seen: string[] = [];
  const listening = udpListen(0, { count: 2, duration: 5000, onReady: s => ready(s), onPacket: p => seen.push(p.from) });
  const sock = await bound;
  const port = sock.effective().localPort;
  await sendFrom('127.0.0.1', port, Buffer.from('text one'));
  await sendFrom('::1', port, Buffer.from([0, 1, 2, 255]));
  const r = await listening;
  assert.equal(r.endedBy, 'count');
  assert.equal(r.stats.packets, 2);
  assert.equal(r.stats.bytes, 12);
  const byFrom = new Map(r.packets.map(p => [p.from, p]));
  assert.equal(byFrom.get('127.0.0.1')?.payload.toString(), 'text one');
  assert.equal(byFrom.get('127.0.0.1')?.family, 4, 'IPv4-mapped sources are shown as IPv4');
  assert.deepEqual(byFrom.get('::1')?.payload, Buffer.from([0, 1, 2, 255]));
  assert.deepEqual([...seen].sort(), ['127.0.0.1', '::1']);
  assert.equal(sock.isOpen, false, 'socket closed after the count');
});

test('udpListen: ends after the duration with what arrived; bind address and family', async () => {
  const r = await udpListen(0, { address: '127.0.0.1', duration: 100 });
  assert.equal(r.endedBy, 'duration');
  assert.equal(r.stats.packets, 0);
  assert.equal(r.options.localAddress, '127.0.0.1');
  assert.equal(r.options.family, 4);
});

test('udpListen: cancel closes the socket at once, keeping what arrived', async () => {
  const ac = new AbortController();
  let port = 0;
  let sock!: UdpSocketType;
  let first!: () => void;
  const gotFirst = new Promise<void>(r => {
    first = r;
  });
  const listening = udpListen(0, {
    address: '127.0.0.1',
    signal: ac.signal,
    onReady: s => {
      sock = s;
      port = s.effective().localPort;
      void sendFrom('127.0.0.1', port, Buffer.from('before cancel'));
    },
    onPacket: () => first(),
  });
  await gotFirst;
  ac.abort();
  const r = await listening;
  assert.equal(r.endedBy, 'aborted');
  assert.equal(r.packets[0]?.payload.toString(), 'before cancel');
  assert.equal(sock.isOpen, false);
  // The port is free again: binding it without address reuse succeeds.
  const again = await UdpSocket.open({ family: 4, address: '127.0.0.1', port });
  await again.close();
});

test('udpListen: an already-cancelled signal throws aborted without binding', async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(udpListen(0, { signal: ac.signal }), (e: unknown) => e instanceof NetProbeError && e.code === 'aborted');
});

test('udpListen: port in use is explained; reuseAddr shares it', async () => {
  const holder = await UdpSocket.open({ family: 4, address: '127.0.0.1', port: 0 });
  const port = holder.effective().localPort;
  try {
    await assert.rejects(
      udpListen(port, { address: '127.0.0.1', duration: 50 }),
      (e: unknown) => e instanceof NetProbeError && e.code === 'in-use' && e.errno === 'EADDRINUSE' && /already in use.*port \d+/.test(e.message),
    );
  } finally {
    await holder.close();
  }
  const a = await UdpSocket.open({ family: 4, address: '127.0.0.1', port: 0, reuseAddr: true });
  try {
    const r = await udpListen(a.effective().localPort, { address: '127.0.0.1', duration: 20, reuseAddr: true });
    assert.equal(r.options.reuseAddr, true);
  } finally {
    await a.close();
  }
});

test('UdpSocket: buffer sizes are set and read back; reusePort is reported', async () => {
  const s = await UdpSocket.open({ family: 4, address: '127.0.0.1', recvBufferSize: 65536, sendBufferSize: 32768 });
  try {
    const e = s.effective();
    assert.equal(e.recvBufferSize.requested, 65536);
    assert.ok(e.recvBufferSize.effective >= 65536, `kernel reports ${e.recvBufferSize.effective}`);
    assert.equal(e.sendBufferSize.requested, 32768);
    assert.ok(e.sendBufferSize.effective >= 32768);
    assert.equal(e.multicastTtl, 1);
    assert.equal(e.multicastLoopback, true);
    assert.ok(e.reusePort === false || e.reusePort === 'unsupported');
  } finally {
    await s.close();
  }
  await assert.rejects(UdpSocket.open({ family: 4, recvBufferSize: -5 }), /positive number of bytes/);
});

test('udpListen: bad count and address are explained', async () => {
  await assert.rejects(udpListen(0, { count: 0 }), /at least 1/);
  await assert.rejects(udpListen(70000), /out of range/);
  await assert.rejects(udpListen(0, { address: '10.77.77.77', duration: 10 }), (e: unknown) => e instanceof NetProbeError && e.errno === 'EADDRNOTAVAIL');
});

test('udpSend: cancelling during the reply window throws aborted and closes the socket', async () => {
  const silent = dgram.createSocket('udp4');
  silent.bind(0, '127.0.0.1');
  await once(silent, 'listening');
  const ac = new AbortController();
  silent.once('message', () => ac.abort());
  try {
    const start = Date.now();
    await assert.rejects(
      udpSend('127.0.0.1', silent.address().port, Buffer.from('x'), { wait: 10000, signal: ac.signal }),
      (e: unknown) => e instanceof NetProbeError && e.code === 'aborted',
    );
    assert.ok(Date.now() - start < 5000, 'released at once');
  } finally {
    silent.close();
  }
});
