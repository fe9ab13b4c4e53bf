import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as dgram from 'dgram';
import * as net from 'net';
import { once } from 'events';
import { NetProbeError, dnsBatch, dnsQuery, runQueries, zoneTransfer } from '../../../src/core';

type Reply = (buf: Buffer) => void;

/** A UDP "nameserver" on 127.0.0.1 whose answers the test scripts. */
async function udpServer(handler: (query: Buffer, reply: Reply, spoof: Reply) => void): Promise<{ server: string; port: number; close: () => Promise<void> }> {
  const sock = dgram.createSocket('udp4');
  const other = dgram.createSocket('udp4');
  sock.on('message', (msg, rinfo) =>
    handler(
      msg,
      b => sock.send(b, rinfo.port, rinfo.address),
      b => other.send(b, rinfo.port, rinfo.address),
    ),
  );
  sock.bind(0, '127.0.0.1');
  other.bind(0, '127.0.0.1');
  await Promise.all([once(sock, 'listening'), once(other, 'listening')]);
  const port = sock.address().port;
  return {
    server: `127.0.0.1:${port}`,
    port,
    close: async () => {
      await Promise.all([new Promise<void>(r => sock.close(() => r())), new Promise<void>(r => other.close(() => r()))]);
    },
  };
}

/** A TCP "nameserver" on 127.0.0.1 that hands each connection to the test. */
async function tcpServer(onConn: (s: net.Socket, firstFrame: Buffer) => void, port = 0): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer(s => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    s.once('data', (d: Buffer) => onConn(s, d.subarray(2)));
  });
  srv.listen(port, '127.0.0.1');
  await once(srv, 'listening');
  return {
    port: (srv.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>(r => srv.close(() => r()));
    },
  };
}

/** End offset of the question in a query (one question, uncompressed). */
function questionEnd(q: Buffer): number {
  let p = 12;
  while ((q[p] ?? 0) !== 0) p += (q[p] ?? 0) + 1;
  return p + 5;
}

/** An answer to `q`: header with the given flags word and counts, the question, then `rest`. */
function answer(q: Buffer, opts: { id?: number; flags?: number; an?: number; ns?: number; ar?: number; rest?: Buffer; question?: Buffer } = {}): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(opts.id ?? q.readUInt16BE(0), 0);
  h.writeUInt16BE(opts.flags ?? 0x8580, 2);
  h.writeUInt16BE(1, 4);
  h.writeUInt16BE(opts.an ?? 0, 6);
  h.writeUInt16BE(opts.ns ?? 0, 8);
  h.writeUInt16BE(opts.ar ?? 0, 10);
  return Buffer.concat([h, opts.question ?? q.subarray(12, questionEnd(q)), opts.rest ?? Buffer.alloc(0)]);
}

/** An A record owned by the question name (pointer 0xc00c) with the given address bytes. */
function aRecord(addr: number[], ttl = 60): Buffer {
  const r = Buffer.alloc(16);
  r.writeUInt16BE(0xc00c, 0);
  r.writeUInt16BE(1, 2);
  r.writeUInt16BE(1, 4);
  r.writeUInt32BE(ttl, 6);
  r.writeUInt16BE(4, 10);
  Buffer.from(addr).copy(r, 12);
  return r;
}

const isCode =
  (...codes: string[]) =>
  (e: unknown): boolean =>
    e instanceof NetProbeError && codes.includes(e.code);

test('silence: a timeout error within the deadline, never a hang', { timeout: 5000 }, async () => {
  const s = await udpServer(() => undefined);
  try {
    await assert.rejects(dnsQuery('example.test', { server: s.server, timeout: 300, tries: 3 }), isCode('timeout'));
  } finally {
    await s.close();
  }
});

test('the query is resent on each try', { timeout: 5000 }, async () => {
  let seen = 0;
  const s = await udpServer(() => {
    seen++;
  });
  try {
    await assert.rejects(dnsQuery('example.test', { server: s.server, timeout: 300, tries: 3 }), isCode('timeout'));
    assert.equal(seen, 3);
  } finally {
    await s.close();
  }
});

test('answers with the wrong id are ignored; the right one is taken', { timeout: 5000 }, async () => {
  const s = await udpServer((q, reply) => {
    reply(answer(q, { id: (q.readUInt16BE(0) + 1) & 0xffff, an: 1, rest: aRecord([6, 6, 6, 6]) }));
    reply(answer(q, { an: 1, rest: aRecord([192, 0, 2, 7]) }));
  });
  try {
    const r = await dnsQuery('example.test', { server: s.server, timeout: 2000 });
    assert.deepEqual(
      r.answers.map(a => a.data),
      ['192.0.2.7'],
    );
    assert.equal(r.ignored, 1);
  } finally {
    await s.close();
  }
});

test('only wrong ids: a protocol error naming the problem', { timeout: 5000 }, async () => {
  const s = await udpServer((q, reply) => reply(answer(q, { id: (q.readUInt16BE(0) ^ 0x5555) & 0xffff })));
  try {
    await assert.rejects(
      dnsQuery('example.test', { server: s.server, timeout: 300, tries: 1 }),
      (e: unknown) => isCode('protocol')(e) && /wrong id/.test((e as Error).message),
    );
  } finally {
    await s.close();
  }
});

test('an answer to a different question is ignored', { timeout: 5000 }, async () => {
  const other = Buffer.from([5, ...Buffer.from('other'), 4, ...Buffer.from('test'), 0, 0, 1, 0, 1]);
  const s = await udpServer((q, reply) => reply(answer(q, { question: other, an: 1, rest: aRecord([6, 6, 6, 6]) })));
  try {
    await assert.rejects(
      dnsQuery('example.test', { server: s.server, timeout: 300, tries: 1 }),
      (e: unknown) => isCode('protocol')(e) && /different question/.test((e as Error).message),
    );
  } finally {
    await s.close();
  }
});

test('a spoofed answer from another source port never reaches the client', { timeout: 5000 }, async () => {
  const s = await udpServer((q, reply, spoof) => {
    spoof(answer(q, { an: 1, rest: aRecord([6, 6, 6, 6]) }));
    setTimeout(() => reply(answer(q, { an: 1, rest: aRecord([192, 0, 2, 8]) })), 30);
  });
  try {
    const r = await dnsQuery('example.test', { server: s.server, timeout: 2000 });
    assert.deepEqual(
      r.answers.map(a => a.data),
      ['192.0.2.8'],
    );
  } finally {
    await s.close();
  }
});

const malformed: Array<[string, (q: Buffer) => Buffer]> = [
  ['a 5-byte datagram', q => q.subarray(0, 5)],
  ['a header claiming answers that are not there', q => answer(q, { an: 3 })],
  ['a record cut in the middle', q => answer(q, { an: 1, rest: aRecord([1, 2, 3, 4]).subarray(0, 13) })],
  [
    'a compression pointer to itself',
    q => {
      const loop = Buffer.alloc(16);
      const at = questionEnd(q);
      loop.writeUInt16BE(0xc000 | at, 0);
      loop.writeUInt16BE(1, 2);
      loop.writeUInt16BE(1, 4);
      loop.writeUInt32BE(1, 6);
      loop.writeUInt16BE(4, 10);
      return answer(q, { an: 1, rest: loop });
    },
  ],
  [
    'two pointers pointing at each other',
    q => {
      const end = questionEnd(q);
      const rest = Buffer.alloc(20);
      rest.writeUInt16BE(0xc000 | (end + 2), 0);
      rest.writeUInt16BE(0xc000 | end, 2);
      rest.writeUInt16BE(1, 4);
      rest.writeUInt16BE(1, 6);
      rest.writeUInt32BE(1, 8);
      rest.writeUInt16BE(4, 12);
      return answer(q, { an: 1, rest });
    },
  ],
  [
    'an rdlength past the end',
    q => {
      const r = aRecord([1, 2, 3, 4]);
      r.writeUInt16BE(400, 10);
      return answer(q, { an: 1, rest: r });
    },
  ],
  [
    'an A record of 3 bytes',
    q => {
      const r = aRecord([1, 2, 3, 4]).subarray(0, 15);
      r.writeUInt16BE(3, 10);
      return answer(q, { an: 1, rest: r });
    },
  ],
  ['a label of a reserved type', q => answer(q, { an: 1, rest: Buffer.from([0x80, 1, 2, 3]) })],
  [
    'an MX whose name runs out of its rdata',
    q => {
      const r = Buffer.from([0xc0, 0x0c, 0, 15, 0, 1, 0, 0, 0, 1, 0, 4, 0, 10, 3, 0x61, 0x62, 0x63, 0]);
      return answer(q, { an: 1, rest: r });
    },
  ],
  ['random bytes', () => Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919) & 0xff))],
];

for (const [what, make] of malformed) {
  test(`malformed answer (${what}): a typed error, no throw out of core, no hang`, { timeout: 5000 }, async () => {
    const s = await udpServer((q, reply) => reply(make(q)));
    try {
      await assert.rejects(dnsQuery('example.test', { server: s.server, timeout: 300, tries: 1 }), isCode('protocol'));
    } finally {
      await s.close();
    }
  });
}

test('a malformed datagram followed by a good one: the good one wins', { timeout: 5000 }, async () => {
  const s = await udpServer((q, reply) => {
    reply(answer(q, { an: 5 }));
    reply(answer(q, { an: 1, rest: aRecord([192, 0, 2, 9]) }));
  });
  try {
    const r = await dnsQuery('example.test', { server: s.server, timeout: 2000 });
    assert.deepEqual(
      r.answers.map(a => a.data),
      ['192.0.2.9'],
    );
    assert.equal(r.ignored, 1);
  } finally {
    await s.close();
  }
});

test('extended rcode and EDE option are read from the OPT record', { timeout: 5000 }, async () => {
  const s = await udpServer((q, reply) => {
    const text = Buffer.from('go away');
    const opt = Buffer.alloc(11 + 4 + 2 + text.length);
    opt[0] = 0;
    opt.writeUInt16BE(41, 1);
    opt.writeUInt16BE(1232, 3);
    opt.writeUInt32BE((1 << 24) | 0x8000, 5);
    opt.writeUInt16BE(6 + text.length, 9);
    opt.writeUInt16BE(15, 11);
    opt.writeUInt16BE(2 + text.length, 13);
    opt.writeUInt16BE(18, 15);
    text.copy(opt, 17);
    reply(answer(q, { flags: 0x8580, ar: 1, rest: opt }));
  });
  try {
    const r = await dnsQuery('example.test', { server: s.server, timeout: 2000 });
    assert.equal(r.rcode, 'BADVERS');
    assert.equal(r.rcodeCode, 16);
    assert.equal(r.edns?.do, true);
    assert.equal(r.edns?.options[0]?.value, '18 (Prohibited): "go away"');
  } finally {
    await s.close();
  }
});

test('a TC answer whose TCP retry gets a connection closed mid-message is a protocol error', { timeout: 5000 }, async () => {
  // Same port for UDP and TCP: bind TCP first, then UDP on its port.
  const tcp = await tcpServer(sock => {
    sock.end(Buffer.from([0, 100, 1, 2, 3]));
  });
  const udp = dgram.createSocket('udp4');
  udp.on('message', (q, rinfo) => udp.send(answer(q, { flags: 0x8780 }), rinfo.port, rinfo.address));
  udp.bind(tcp.port, '127.0.0.1');
  await once(udp, 'listening');
  try {
    await assert.rejects(
      dnsQuery('example.test', { server: `127.0.0.1:${tcp.port}`, timeout: 2000 }),
      (e: unknown) => isCode('protocol')(e) && /closed the TCP connection in the middle of a message/.test((e as Error).message),
    );
  } finally {
    await new Promise<void>(r => udp.close(() => r()));
    await tcp.close();
  }
});

test('TCP: silence is a timeout', { timeout: 5000 }, async () => {
  const t = await tcpServer(() => undefined);
  try {
    await assert.rejects(dnsQuery('example.test', { server: `127.0.0.1:${t.port}`, tcp: true, timeout: 300 }), isCode('timeout'));
  } finally {
    await t.close();
  }
});

test('TCP: garbage frames then close is a protocol error', { timeout: 5000 }, async () => {
  const t = await tcpServer(s => {
    s.end(Buffer.from([0, 3, 1, 2, 3]));
  });
  try {
    await assert.rejects(dnsQuery('example.test', { server: `127.0.0.1:${t.port}`, tcp: true, timeout: 2000 }), isCode('protocol'));
  } finally {
    await t.close();
  }
});

test('TCP: a connection refused is a refused error', { timeout: 5000 }, async () => {
  const t = await tcpServer(() => undefined);
  const port = t.port;
  await t.close();
  await assert.rejects(dnsQuery('example.test', { server: `127.0.0.1:${port}`, tcp: true, timeout: 2000 }), isCode('refused'));
});

test('AXFR: a first message without SOA is a protocol error', { timeout: 5000 }, async () => {
  const t = await tcpServer((s, q) => {
    const a = answer(q, { flags: 0x8400, an: 1, rest: aRecord([1, 2, 3, 4]) });
    const len = Buffer.alloc(2);
    len.writeUInt16BE(a.length);
    s.write(Buffer.concat([len, a]));
  });
  try {
    await assert.rejects(
      zoneTransfer('example.test', { server: `127.0.0.1:${t.port}`, timeout: 2000 }),
      (e: unknown) => isCode('protocol')(e) && /did not start with the zone's SOA/.test((e as Error).message),
    );
  } finally {
    await t.close();
  }
});

test('AXFR: a stream that stops without the closing SOA times out', { timeout: 5000 }, async () => {
  const t = await tcpServer((s, q) => {
    const soa = Buffer.from([0xc0, 0x0c, 0, 6, 0, 1, 0, 0, 0, 60, 0, 22, 0, 0, ...Array<number>(20).fill(0)]);
    const a = answer(q, { flags: 0x8400, an: 1, rest: soa });
    const len = Buffer.alloc(2);
    len.writeUInt16BE(a.length);
    s.write(Buffer.concat([len, a]));
  });
  try {
    await assert.rejects(zoneTransfer('example.test', { server: `127.0.0.1:${t.port}`, timeout: 300 }), isCode('timeout'));
  } finally {
    await t.close();
  }
});

test('batch against a hostile server: every item gets an outcome', { timeout: 10000 }, async () => {
  let n = 0;
  const s = await udpServer((q, reply) => {
    n++;
    if (n % 3 === 0) return;
    if (n % 3 === 1) reply(answer(q, { an: 4 }));
    else reply(answer(q, { an: 1, rest: aRecord([192, 0, 2, 1]) }));
  });
  try {
    const r = await dnsBatch(
      Array.from({ length: 30 }, (_, i) => `h${i}.example.test`),
      { server: s.server, types: ['A'], timeout: 300, tries: 1, concurrency: 5 },
    );
    assert.equal(r.items.length, 30);
    assert.ok(r.items.every(i => i.status === 'ok' || i.status === 'error'));
    assert.ok(r.items.some(i => i.status === 'ok'));
    assert.ok(r.items.some(i => i.status === 'error'));
  } finally {
    await s.close();
  }
});

test('batch in a worker thread against a hostile server: malformed answers fail, silence times out', { timeout: 10000 }, async () => {
  let n = 0;
  const s = await udpServer((q, reply) => {
    n++;
    if (n % 3 === 0) return;
    if (n % 3 === 1) reply(answer(q, { an: 4 }));
    else reply(answer(q, { an: 1, rest: aRecord([192, 0, 2, 1]) }));
  });
  try {
    const out = await runQueries(
      Array.from({ length: 30 }, (_, i) => ({ name: `h${i}.example.test`, type: 'A' })),
      { server: s.server, timeout: 300, tries: 1, workers: 1, concurrency: 5 },
    );
    assert.equal(out.length, 30);
    assert.ok(out.some(o => o.values[0] === '192.0.2.1'));
    assert.ok(out.some(o => o.error?.code === 'protocol'));
    assert.ok(out.some(o => o.error?.code === 'timeout'));
  } finally {
    await s.close();
  }
});

test('batch in a worker thread to a closed UDP port: every question fails, no hang', { timeout: 10000 }, async () => {
  const s = await udpServer(() => undefined);
  const port = s.port;
  await s.close();
  const out = await runQueries(
    Array.from({ length: 20 }, () => ({ name: 'example.test', type: 'A' })),
    { server: `127.0.0.1:${port}`, timeout: 1000, workers: 1 },
  );
  assert.equal(out.length, 20);
  assert.ok(
    out.every(o => o.error && (o.error.code === 'refused' || o.error.code === 'timeout')),
    JSON.stringify(out[0]),
  );
});
