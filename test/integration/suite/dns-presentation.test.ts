import * as assert from 'assert';
import { execFile } from 'child_process';
import * as vscode from 'vscode';
import type { DnsResponse } from '../../../src/core/dns/types';
import type { DnsPanel } from '../../../src/ui/webviews/dns/panel';
import type { KnotServer } from '../../helpers/knot';
import { startKnot } from '../../helpers/knot';
import { randomZone } from '../../helpers/random-zone';
import { rng } from '../../helpers/rng';
import { until } from './helpers';

/** `dig +short` over TCP, its lines. */
function digShort(port: number, name: string, type: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile('dig', ['+short', '+tcp', '+tries=3', '@127.0.0.1', '-p', String(port), name, type], { encoding: 'latin1' }, (e, out) => {
      if (e) reject(new Error(`dig failed: ${e.message}`));
      else resolve(out.split('\n').filter(Boolean));
    });
  });
}

const squeeze = (s: string): string => s.replace(/\s+/g, ' ');

suite('DNS presentation in the editor', () => {
  const zone = randomZone(rng(4242), 'panel.test', 36);
  let knot: KnotServer;

  suiteSetup(async () => {
    knot = await startKnot({ noDefaultZones: true, zones: { 'panel.test': zone.text } });
  });

  suiteTeardown(async () => {
    await knot?.close();
  });

  test("the DNS panel shows each record's data as dig +short prints it (hostile bytes, every type)", async () => {
    const panel = await vscode.commands.executeCommand<DnsPanel>('netprobe.internal.dnsPanel');
    let compared = 0;
    for (const s of zone.rrsets.filter(x => x.queryable)) {
      const want = await digShort(knot.port, s.owner, s.type);
      const r = await vscode.commands.executeCommand<DnsResponse>('netprobe.dnsLookup', s.owner, s.type, knot.server4);
      assert.deepStrictEqual(
        r.answers.map(a => a.data),
        want,
        `${s.owner} ${s.type}`,
      );
      const rendered = await until(`the DNS panel to render ${s.owner} ${s.type}`, () =>
        panel.lastRendered?.id === r.receivedAt ? panel.lastRendered : undefined,
      );
      for (const line of want) {
        assert.ok(squeeze(rendered.text).includes(squeeze(line)), `the panel shows ${line}`);
        assert.ok(
          ![...rendered.text].some(c => (c < ' ' && c !== '\n' && c !== '\t') || (c >= '\u007f' && c <= '\u009f')),
          'no control characters reach the page',
        );
      }
      compared += want.length;
    }
    assert.ok(compared >= 36, `compared ${compared} records`);
  });
});
