import { test } from 'node:test';
import * as assert from 'assert';
import * as os from 'os';
import { runEngine } from '../../../src/core/scan/engine';
import type { EngineResult } from '../../../src/core/scan/engine';
import type { RawCallback, RawConnector } from '../../../src/core/scan/raw-connect';

const E = os.constants.errno;

/** A scripted connector: `answer(port, attempt)` says what each connect gets (undefined: never answers). */
function fake(answer: (port: number, attempt: number) => [number, string?, number?] | undefined): RawConnector & { open: () => number; peak: () => number } {
  const tries = new Map<number, number>();
  let open = 0;
  let peak = 0;
  return {
    kind: 'net',
    open: () => open,
    peak: () => peak,
    connect(_address, _family, port, done: RawCallback) {
      const n = (tries.get(port) ?? 0) + 1;
      tries.set(port, n);
      open++;
      peak = Math.max(peak, open);
      const a = answer(port, n);
      let live = true;
      if (a)
        setImmediate(() => {
          if (live) {
            live = false;
            open--;
            done(a[0], a[1], a[2]);
          }
        });
      return {
        cancel() {
          if (live) {
            live = false;
            open--;
          }
        },
      };
    },
  };
}

async function run(
  connector: RawConnector,
  ports: number[],
  extra: Partial<{ concurrency: number; portTimeout: number; retries: number }> = {},
): Promise<EngineResult[]> {
  const out: EngineResult[] = [];
  const e = runEngine({ targets: [{ address: '127.0.0.1', family: 4 }], ports, concurrency: 50, portTimeout: 100, retries: 1, ...extra }, connector, r =>
    out.push(r),
  );
  await e.done;
  return out.sort((a, b) => a.port - b.port);
}

test('a self-connect (local port equals the target port on the same address) is closed, not open', async () => {
  const c = fake(port => (port === 2 ? [0, '127.0.0.1', 2] : port === 3 ? [0, '127.0.0.1', 40000] : [-E.ECONNREFUSED]));
  const r = await run(c, [1, 2, 3]);
  assert.deepStrictEqual(
    r.map(x => [x.port, x.state, x.errno]),
    [
      [1, 'closed', 'ECONNREFUSED'],
      [2, 'closed', 'ESELFCONNECT'],
      [3, 'open', undefined],
    ],
  );
});

test('unanswered probes are retried, then filtered; a late answer on retry counts', async () => {
  const c = fake((port, attempt) =>
    port === 1 ? undefined : port === 2 && attempt === 2 ? [0, '127.0.0.1', 50000] : port === 2 ? undefined : [-E.ECONNREFUSED],
  );
  const r = await run(c, [1, 2, 3], { portTimeout: 40, retries: 1 });
  assert.deepStrictEqual(
    r.map(x => [x.port, x.state]),
    [
      [1, 'filtered'],
      [2, 'open'],
      [3, 'closed'],
    ],
  );
  assert.strictEqual(c.open(), 0, 'timed-out attempts were cancelled');
});

test('resource errors (EMFILE, EADDRNOTAVAIL) are retried, not reported as answers', async () => {
  const c = fake((port, attempt) => (attempt < 3 ? [port % 2 ? -E.EMFILE : -E.EADDRNOTAVAIL] : [-E.ECONNREFUSED]));
  const r = await run(c, [1, 2, 3, 4]);
  assert.ok(r.every(x => x.state === 'closed'));
  const persistent = fake(() => [-E.EMFILE]);
  const r2 = await run(persistent, [7]);
  assert.deepStrictEqual(
    r2.map(x => [x.state, x.errno]),
    [['error', 'EMFILE']],
  );
});

test('concurrency never exceeds the cap, and cancel closes everything in flight', async () => {
  const c = fake(() => undefined);
  const e = runEngine(
    { targets: [{ address: '127.0.0.1', family: 4 }], ports: Array.from({ length: 500 }, (_, i) => i + 1), concurrency: 30, portTimeout: 60_000, retries: 0 },
    c,
    () => undefined,
  );
  await new Promise(r => setImmediate(r));
  assert.ok(c.open() > 0 && c.open() <= 30);
  e.cancel();
  await e.done;
  assert.strictEqual(c.open(), 0);
  assert.strictEqual(e.inFlight(), 0);
  assert.ok(c.peak() <= 30);
});

test('two addresses: every port of each is probed once', async () => {
  const c = fake(() => [-E.ECONNREFUSED]);
  const out: EngineResult[] = [];
  const e = runEngine(
    {
      targets: [
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ],
      ports: [5, 6, 7],
      concurrency: 4,
      portTimeout: 100,
      retries: 0,
    },
    c,
    r => out.push(r),
  );
  await e.done;
  assert.deepStrictEqual(out.map(r => `${r.target}:${r.port}`).sort(), ['0:5', '0:6', '0:7', '1:5', '1:6', '1:7']);
});
