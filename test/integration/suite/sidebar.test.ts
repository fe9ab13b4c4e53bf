import * as assert from 'assert';
import * as vscode from 'vscode';
import type { ElementBox } from './harness';
import { boxesOf, harness } from './harness';
import { activateNetProbe, until } from './helpers';

const VIEWS = ['Interfaces', 'Targets', 'Nameservers', 'Proxies', 'Sockets', 'History'];

/** The NetProbe views in the side bar, by name, once all six are laid out. */
async function views(): Promise<Map<string, ElementBox>> {
  return until('the six NetProbe views in the side bar', async () => {
    const boxes = await boxesOf('.part.sidebar .split-view-view', '.pane-header .title');
    const byName = new Map(boxes.filter(b => VIEWS.includes(b.label)).map(b => [b.label, b]));
    return byName.size === VIEWS.length ? byName : undefined;
  });
}

suite('A sidebar with room to breathe', () => {
  test('at 1400×900 and 900×700 History has the most room and every view, with its title-bar actions, is in sight', async () => {
    await activateNetProbe();
    try {
      for (const [width, height] of [
        [1400, 900],
        [900, 700],
      ] as const) {
        await harness({ viewport: { width, height } });
        await vscode.commands.executeCommand('workbench.view.extension.netprobe');
        const panes = await views();
        const [bar] = await boxesOf('.part.sidebar');
        assert.ok(bar, 'the side bar is open');
        const size = (name: string): number => panes.get(name)?.height ?? 0;
        const what = `${width}×${height}: ${VIEWS.map(v => `${v} ${Math.round(size(v))} px`).join(', ')} in a ${Math.round(bar.height)} px side bar`;
        for (const [name, box] of panes) assert.ok(box.y + 22 <= bar.y + bar.height + 1, `${what}: the ${name} header is off-screen`);
        for (const name of ['Interfaces', 'Nameservers', 'Proxies', 'Sockets']) assert.ok(size(name) < 40, `${what}: ${name} starts collapsed`);
        assert.ok(size('History') > size('Targets'), `${what}: History has more room than Targets`);
        assert.ok(size('History') >= 0.4 * bar.height, `${what}: History has at least 40% of the side bar`);
        assert.ok(size('Targets') >= 100, `${what}: Targets keeps room for its welcome buttons`);
      }
    } finally {
      await harness({ viewport: { width: 1400, height: 900 } });
    }
  });
});
