import { test } from 'node:test';
import * as assert from 'assert';
import * as net from 'net';
import { once } from 'events';
import { spawn } from 'child_process';
import * as os from 'os';
import { scanPorts } from '../../../src/core/scan/scan';
import type { ScanPortResult } from '../../../src/core/scan/types';
import { createConnector } from '../../../src/core/scan/raw-connect';
import { NetProbeError } from '../../../src/core/errors';
import { blackholePort, closedPort, listeningServer } from '../../helpers/tcp-peers';
import { socketFds } from '../../helpers/sockets';

// Host namespace: only ports this test opened (other listeners exist on this machine).

test('a port list over loopback: open, closed and service names, streamed and returned', async () => {
  const open = await Promise.all([listeningServer(), listeningServer()]);
  const closed = [await closedPort(), await closedPort()];
  try {
    const ports = [...open.map(o => o.port), ...closed];
    const streamed: ScanPortResult[] = [];
    const r = await scanPorts('127.0.0.1', { ports: ports.join(','), includeClosed: true, onResult: x => streamed.push(x) });
    assert.deepStrictEqual(
      r.open,
      open.map(o => o.port).sort((a, b) => a - b),
    );
    assert.deepStrictEqual(
      r.ports
        .filter(p => p.state === 'closed')
        .map(p => p.port)
        .sort(),
      [...closed].sort(),
    );
    assert.strictEqual(r.counts.open, 2);
    assert.strictEqual(r.counts.closed, 2);
    assert.strictEqual(streamed.length, 4);
    assert.ok(r.ports.every(p => typeof p.rttMs === 'number' && p.address === '127.0.0.1' && p.family === 4));
  } finally {
    await Promise.all(open.map(o => o.close()));
  }
});

test('closed ports are only counted unless asked for', async () => {
  const o = await listeningServer();
  const c = await closedPort();
  try {
    const r = await scanPorts('127.0.0.1', { ports: `${o.port},${c}` });
    assert.deepStrictEqual(
      r.ports.map(p => [p.port, p.state]),
      [[o.port, 'open']],
    );
    assert.strictEqual(r.counts.closed, 1);
  } finally {
    await o.close();
  }
});

test('IPv6 ::1', async () => {
  const o = await listeningServer('::1');
  const c = await closedPort('::1');
  try {
    const r = await scanPorts('::1', { ports: `${o.port},${c}`, includeClosed: true });
    assert.deepStrictEqual(r.targets, [{ address: '::1', family: 6 }]);
    assert.deepStrictEqual(r.open, [o.port]);
    assert.strictEqual(r.ports.find(p => p.port === c)?.state, 'closed');
  } finally {
    await o.close();
  }
});

test('a listener whose backlog is full is filtered (no answer within the per-port timeout)', async () => {
  const bh = await blackholePort();
  const o = await listeningServer();
  try {
    const r = await scanPorts('127.0.0.1', { ports: `${bh.port},${o.port}`, portTimeout: 300, retries: 1 });
    const f = r.ports.find(p => p.port === bh.port);
    assert.strictEqual(f?.state, 'filtered');
    assert.strictEqual(f?.errno, 'ETIMEDOUT');
    assert.deepStrictEqual(r.open, [o.port]);
  } finally {
    await o.close();
    await bh.close();
  }
});

test('banner grab: text and hex of what the service says first; silent services have none', async () => {
  const talker = net.createServer(s => {
    s.on('error', () => undefined);
    s.end(Buffer.concat([Buffer.from('SSH-2.0-NetProbeTest\r\n'), Buffer.from([0x00, 0xff])]));
  });
  talker.listen(0, '127.0.0.1');
  await once(talker, 'listening');
  const silent = await listeningServer();
  const port = (talker.address() as net.AddressInfo).port;
  try {
    const r = await scanPorts('127.0.0.1', { ports: `${port},${silent.port}`, banner: true, bannerTimeout: 300 });
    const b = r.ports.find(p => p.port === port)?.banner;
    assert.ok(b);
    assert.strictEqual(b.text, 'SSH-2.0-NetProbeTest\r\n\\x00\\xff');
    assert.strictEqual(b.hex, `${Buffer.from('SSH-2.0-NetProbeTest\r\n').toString('hex')}00ff`);
    assert.strictEqual(b.bytes, 24);
    const quiet = r.ports.find(p => p.port === silent.port);
    assert.strictEqual(quiet?.state, 'open');
    assert.strictEqual(quiet?.banner, undefined);
  } finally {
    await new Promise<void>(r => talker.close(() => r()));
    await silent.close();
  }
});

test('in-process mode (workers: 0) gives the same answer', async () => {
  const o = await listeningServer();
  const c = await closedPort();
  try {
    const r = await scanPorts('127.0.0.1', { ports: `${o.port},${c}`, workers: 0, includeClosed: true });
    assert.deepStrictEqual(
      r.ports.map(p => [p.port, p.state]).sort(),
      [
        [o.port, 'open'],
        [c, 'closed'],
      ].sort(),
    );
  } finally {
    await o.close();
  }
});

test('both connectors (libuv handles and net.Socket) agree', async () => {
  const o = await listeningServer();
  const c = await closedPort();
  try {
    for (const kind of ['libuv', 'net'] as const) {
      const connector = createConnector(kind);
      assert.strictEqual(connector.kind, kind);
      const status = (port: number): Promise<[number, number | undefined]> =>
        new Promise(r => {
          connector.connect('127.0.0.1', 4, port, (s, _a, lp) => r([s, lp]));
        });
      const [okStatus, localPort] = await status(o.port);
      assert.strictEqual(okStatus, 0);
      assert.ok((localPort ?? 0) > 0);
      const [refused] = await status(c);
      assert.strictEqual(refused, -os.constants.errno.ECONNREFUSED);
      connector.close?.();
    }
  } finally {
    await o.close();
  }
});

test(
  'libuv connector: a refused socket is reused for the next probe (v4 and v6), answers stay right, close() frees it',
  { skip: process.platform !== 'linux' ? 'counts sockets in /proc/self/fd' : false },
  async () => {
    // The open ports live in another process, so this one's socket count is only the connector's.
    const code = [
      'import socket, sys',
      'a = socket.socket(socket.AF_INET); a.bind(("127.0.0.1", 0)); a.listen(16)',
      'b = socket.socket(socket.AF_INET6); b.bind(("::1", 0)); b.listen(16)',
      'print(a.getsockname()[1], b.getsockname()[1], flush=True)',
      'sys.stdin.read()',
    ].join('\n');
    const child = spawn('python3', ['-c', code], { stdio: ['pipe', 'pipe', 'inherit'] });
    let line = '';
    for await (const chunk of child.stdout) {
      line += String(chunk);
      if (line.includes('\n')) break;
    }
    const [p4, p6] = line.trim().split(' ').map(Number);
    const o4 = { port: p4 ?? 0 };
    const o6 = { port: p6 ?? 0 };
    const c4 = await closedPort();
    const c6 = await closedPort('::1');
    try {
      const connector = createConnector('libuv');
      const status = (address: string, family: 4 | 6, port: number): Promise<[number, string | undefined, number | undefined]> =>
        new Promise(r => {
          connector.connect(address, family, port, (s, a, lp) => r([s, a, lp]));
        });
      const before = socketFds();
      for (let i = 0; i < 50; i++) {
        assert.strictEqual((await status('127.0.0.1', 4, c4))[0], -os.constants.errno.ECONNREFUSED);
        assert.strictEqual((await status('::1', 6, c6))[0], -os.constants.errno.ECONNREFUSED);
      }
      assert.strictEqual(socketFds(), before + 2, 'one refused socket per family, kept for reuse');
      // The kept sockets connect again, to open ports too, and report their new local address.
      const [ok4, a4, lp4] = await status('127.0.0.1', 4, o4.port);
      const [ok6, a6, lp6] = await status('::1', 6, o6.port);
      assert.deepStrictEqual([ok4, a4, ok6, a6], [0, '127.0.0.1', 0, '::1']);
      assert.ok((lp4 ?? 0) > 0 && lp4 !== o4.port && (lp6 ?? 0) > 0);
      assert.strictEqual(socketFds(), before, 'answered open ports are closed, not kept');
      await status('127.0.0.1', 4, c4);
      assert.strictEqual(socketFds(), before + 1);
      connector.close?.();
      await new Promise(r => setImmediate(r));
      assert.strictEqual(socketFds(), before, 'close() releases the kept sockets');
      const fresh = createConnector('libuv', false);
      await new Promise(r => {
        fresh.connect('127.0.0.1', 4, c4, r);
      });
      assert.strictEqual(socketFds(), before, 'without reuse a refused socket is closed at once');
    } finally {
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    }
  },
);

test('bad input and cancel are NetProbeErrors', async () => {
  await assert.rejects(scanPorts('127.0.0.1', { ports: '70000' }), (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input');
  await assert.rejects(scanPorts('127.0.0.1', { ports: '1', concurrency: 0 }), (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input');
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(scanPorts('127.0.0.1', { ports: '1', signal: ac.signal }), (e: unknown) => e instanceof NetProbeError && e.code === 'aborted');
});

test('a missing worker script is a clear error, not a silent in-thread scan', async () => {
  await assert.rejects(
    scanPorts('127.0.0.1', { ports: '1', workerPath: '/nonexistent/scan-worker.js' }),
    (e: unknown) => e instanceof NetProbeError && e.code === 'os-error' && /worker script is missing/.test(e.message),
  );
});
