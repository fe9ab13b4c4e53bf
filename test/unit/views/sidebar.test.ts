import { test } from 'node:test';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

interface View {
  id: string;
  name: string;
  visibility?: string;
  initialSize?: number;
}
interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}
interface Manifest {
  contributes: { views: Record<string, View[]>; commands: Array<{ command: string; icon?: string }>; menus: Record<string, MenuItem[]> };
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as Manifest;
const views = manifest.contributes.views.netprobe ?? [];

/** Each view's main action, which must stay in its title bar (issue 16 rule 9). */
const MAIN: Record<string, string> = {
  'netprobe.interfaces': 'netprobe.refreshInterfaces',
  'netprobe.targets': 'netprobe.addTarget',
  'netprobe.nameservers': 'netprobe.addNameserver',
  'netprobe.proxies': 'netprobe.addProxy',
  'netprobe.sockets': 'netprobe.listenUdp',
  'netprobe.history': 'netprobe.clearHistory',
};

/** VS Code's weight for a view without `initialSize`. */
const DEFAULT_WEIGHT = 20;

test('the sidebar leaves room: only Targets and History start expanded, History gets the most', () => {
  assert.deepStrictEqual(
    views.filter(v => v.visibility !== 'collapsed').map(v => v.id),
    ['netprobe.targets', 'netprobe.history'],
  );
  // VS Code sizes each view as its weight over all the container's weights (collapsed views count too), the last
  // one sized exactly and the views above it taking what is left: History is last, so its share is what it gets.
  const weight = (v: View): number => v.initialSize ?? DEFAULT_WEIGHT;
  const total = views.reduce((sum, v) => sum + weight(v), 0);
  const history = views.find(v => v.id === 'netprobe.history');
  assert.strictEqual(views[views.length - 1], history, 'History is the last view');
  const share = weight(history as View) / total;
  assert.ok(share >= 0.5 && share <= 0.65, `History starts with about half the side bar, not all of it (${share.toFixed(2)})`);
});

test('each view keeps its main action in its title bar, with an icon', () => {
  const icons = new Map(manifest.contributes.commands.map(c => [c.command, c.icon]));
  const titleBar = manifest.contributes.menus['view/title'] ?? [];
  assert.deepStrictEqual(Object.keys(MAIN).sort(), views.map(v => v.id).sort(), 'every view has a main action');
  for (const [view, command] of Object.entries(MAIN)) {
    const item = titleBar.find(m => m.command === command && m.when === `view == ${view}`);
    assert.ok(item, `${command} is in the title bar of ${view}`);
    assert.match(item.group ?? '', /^navigation/, `${command} shows as a button, not in the … menu`);
    assert.match(icons.get(command) ?? '', /^\$\([a-z-]+\)$/, `${command} has an icon`);
  }
});
