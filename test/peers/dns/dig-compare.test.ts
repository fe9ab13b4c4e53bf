import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { KnotServer } from '../../helpers/knot';
import { startKnot } from '../../helpers/knot';
import type { RandomRRset } from '../../helpers/random-zone';
import { randomZone } from '../../helpers/random-zone';
import { rng } from '../../helpers/rng';
import { json, runCli as runBundledCli } from '../../helpers/cli';
import { COMMANDS } from '../../../src/cli/registry';
import { runCli } from '../../../src/cli/run';
import { encodeName } from '../../../src/core/dns/name';

// Issue 13 item 12: every record of a random zone, served by knot, reads the same in NetProbe as in dig.
const SEED = Number(process.env.NETPROBE_DIG_SEED ?? 20261206);
const ORIGIN = 'fuzz.test';
const zone = randomZone(rng(SEED), ORIGIN, 420);
const SEPARATOR = '"netprobe-separator"';
const zoneText = `${zone.text}separator.${ORIGIN}. TXT ${SEPARATOR}\n`;

let knot: KnotServer;
before(async () => {
  knot = await startKnot({ noDefaultZones: true, zones: { [ORIGIN]: zoneText } });
});
after(async () => {
  await knot.close();
});

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('latin1');
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('close', code => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}: ${err}`))));
  });
}

/**
 * dig +short for every RRset in one dig process (batch mode, over TCP so a lost or stray datagram on a loaded
 * machine cannot shift the answers), each answer ended by the separator record's.
 */
async function digShort(sets: RandomRRset[]): Promise<string[]> {
  const server = `+short +tcp +tries=3 +time=3 @127.0.0.1 -p ${knot.port}`;
  const batch = sets.flatMap(s => [`${server} ${s.owner} ${s.type}`, `${server} separator.${ORIGIN} TXT`]).join('\n');
  const file = path.join(os.tmpdir(), `netprobe-dig-batch-${process.pid}-${Date.now()}.txt`);
  fs.writeFileSync(file, `${batch}\n`);
  try {
    const out = await run('dig', ['-f', file]);
    const answers: string[] = [];
    let current: string[] = [];
    for (const line of out.split('\n')) {
      if (line === SEPARATOR) {
        answers.push(current.join('\n'));
        current = [];
      } else if (line !== '') current.push(line);
    }
    // On a loaded machine a query of the batch may fail (dig then prints a diagnostic, ";; …", and the count of
    // separators can be off): such answers, or all when the count is off, are asked again one by one.
    if (answers.length !== sets.length) answers.splice(0, answers.length, ...sets.map(() => ';; asked again'));
    for (let i = 0; i < answers.length; i++) {
      for (let attempt = 0; attempt < 3 && /^;;/m.test(answers[i] ?? ''); attempt++) {
        const s = sets[i];
        if (s) answers[i] = (await run('dig', ['+short', '+tcp', '+tries=3', '+time=3', '@127.0.0.1', '-p', String(knot.port), s.owner, s.type])).trimEnd();
      }
    }
    return answers;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** The netprobe CLI run in this process (the same command code as the bundle), stdout as printed. */
async function netprobe(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(
    args,
    COMMANDS,
    {
      stdout: t => {
        out += `${t}\n`;
      },
      stderr: () => undefined,
    },
    new AbortController().signal,
  );
  return { code, out };
}

/** Data of the answer-section lines of NetProbe's full dig-like view, with their owner and type. */
function answerData(full: string): Array<{ owner: string; type: string; data: string }> {
  const section = /;; ANSWER SECTION:\n([\s\S]*?)\n\n/.exec(full)?.[1] ?? '';
  return section
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const m = /^(\S+)\s+\d+\s+\S+\s+(\S+)\s+(.*)$/.exec(line);
      return { owner: m?.[1] ?? '', type: m?.[2] ?? '', data: m?.[3] ?? line };
    });
}

/** Same name on the wire (presentation escapes may differ: `\\046` and `\\.`), letters in any case. */
function sameName(a: string, b: string): boolean {
  return encodeName(a).toString('latin1').toLowerCase() === encodeName(b).toString('latin1').toLowerCase();
}

function report(diffs: string[]): string {
  return `seed ${SEED} (NETPROBE_DIG_SEED): ${diffs.length} difference(s)\n${diffs
    .slice(0, 8)
    .map(d => d.slice(0, 1500))
    .join('\n\n')}`;
}

test(`dns --short and the full view equal dig +short for ${zone.records} random records (every presented type)`, { timeout: 240_000 }, async t => {
  const sets = zone.rrsets.filter(s => s.queryable);
  const dig = await digShort(sets);
  assert.equal(dig.length, sets.length, 'dig answered every query');
  const diffs: string[] = [];
  let records = 0;
  for (const [i, s] of sets.entries()) {
    const want = dig[i] ?? '';
    assert.ok(want !== '', `dig got no answer for ${s.owner} ${s.type} (knot did not serve it?)`);
    records += want.split('\n').length;
    const short = await netprobe(['dns', s.owner, s.type, `@${knot.server4}`, '--short']);
    if (short.code !== 0 || short.out !== `${want}\n`)
      diffs.push(
        `--short ${s.owner} ${s.type}\n  zone: ${s.rdata.join('\n        ')}\n  dig:  ${want.split('\n').join('\n        ')}\n  ours: ${short.out.trimEnd().split('\n').join('\n        ')}`,
      );
    const full = answerData((await netprobe(['dns', s.owner, s.type, `@${knot.server4}`])).out);
    const fullData = full.map(a => a.data).join('\n');
    if (fullData !== want || full.some(a => a.type !== s.type || !sameName(a.owner, s.owner)))
      diffs.push(`full view ${s.owner} ${s.type}\n  dig:  ${want}\n  ours: ${fullData}`);
  }
  const types = new Set(sets.map(s => s.type));
  t.diagnostic(`compared ${records} records in ${sets.length} RRsets of ${types.size} types with dig +short: ${diffs.length} differences (seed ${SEED})`);
  assert.ok(diffs.length === 0, report(diffs));
});

test("AXFR of the random zone: each record's data equals dig +short AXFR, in order (NSEC3 included)", { timeout: 120_000 }, async t => {
  const dig = (await run('dig', ['+short', '+tries=1', `@127.0.0.1`, '-p', String(knot.port), ORIGIN, 'AXFR'])).split('\n').filter(Boolean);
  const cli = await runBundledCli(['axfr', ORIGIN, '--server', knot.server4, '--json', '--timeout', '20000']);
  assert.equal(cli.code, 0, cli.stderr);
  const ours = json<{ records: Array<{ type: string; data: string }> }>(cli).records.map(x => x.data);
  assert.equal(ours.length, dig.length);
  const diffs = ours.flatMap((d, i) => (d === dig[i] ? [] : [`record ${i}:\n  dig:  ${dig[i] ?? ''}\n  ours: ${d}`]));
  t.diagnostic(`compared ${ours.length} transferred records with dig +short AXFR: ${diffs.length} differences`);
  assert.ok(diffs.length === 0, report(diffs));
});
