// A UDP sender process for the flood benchmarks (run with `node -e PACED_SENDER PORT RATE SECONDS SIZE`).

/** A paced sender: `rate` datagrams of `size` bytes a second for `seconds`, then prints what it sent. */
export const PACED_SENDER = `
const d = require('dgram'); const [port, rate, seconds, size] = process.argv.slice(1).map(Number);
const s = d.createSocket('udp4'); const buf = Buffer.alloc(size, 120); const total = rate * seconds; let sent = 0, errors = 0, acked = 0;
const t0 = process.hrtime.bigint(); const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
function done() { console.log(JSON.stringify({ sent, errors, ms: ms() })); s.close(); }
function tick() {
  const due = Math.min(total, Math.floor((ms() / 1000) * rate));
  while (sent < due) { sent++; s.send(buf, port, '127.0.0.1', e => { if (e) errors++; if (++acked === total) done(); }); }
  if (sent < total) setTimeout(tick, 5);
}
s.bind(0, '127.0.0.1', tick);`;
