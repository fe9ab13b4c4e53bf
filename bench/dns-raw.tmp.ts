import * as dgram from 'dgram';
import { buildQuery, encodeQuery, nowMs, decodeMessage } from '../src/core';
import { startKnot } from '../test/helpers/knot';

async function main(): Promise<void> {
  const knot = await startKnot({ workers: 2 });
  try {
    const built = buildQuery('example.test', { type: 'A' }).message;
    const fixed = encodeQuery(built);
    let decode = true;
    const variants: Record<string, (s: dgram.Socket) => void> = {
      fixedNoDecode: s => { decode = false; s.send(fixed); },
      encodeNoDecode: s => { decode = false; s.send(encodeQuery(built)); },
      fixedDecode: s => { decode = true; s.send(fixed); },
      plain: s => s.send(encodeQuery(built)),
      micro: s => queueMicrotask(() => s.send(encodeQuery(built))),
      promise: s => void Promise.resolve().then(() => s.send(encodeQuery(built))),
    };
    for (const [name, send] of Object.entries(variants)) {
      const s = dgram.createSocket('udp4');
      await new Promise<void>(r => s.connect(knot.port, '127.0.0.1', () => r()));
      const total = 100000;
      let sent = 0; let got = 0;
      const t = nowMs();
      await new Promise<void>(resolve => {
        s.on('message', (m: Buffer) => { if (decode) decodeMessage(m); got++; if (sent < total) { sent++; send(s); } if (got === total) resolve(); });
        for (let i = 0; i < 100; i++) { sent++; send(s); }
      });
      console.log(name, Math.round(total / ((nowMs() - t) / 1000)));
      s.close();
    }
  } finally { await knot.close(); }
}
void main();
