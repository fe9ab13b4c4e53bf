import { test } from 'node:test';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: {
    commands: Array<{ command: string; title: string }>;
    menus: { commandPalette: Array<{ command: string; when?: string }> };
    viewsWelcome: Array<{ contents: string }>;
  };
};

test('the palette has one entry point for diagnosing a connection; netprobe.diagnose stays for scripts and History', () => {
  const title = (id: string): string | undefined => pkg.contributes.commands.find(c => c.command === id)?.title;
  assert.match(title('netprobe.connectionDoctor') ?? '', /Connection Doctor.*Diagnose Connection/, 'both words find it');
  assert.ok(title('netprobe.diagnose'), 'netprobe.diagnose is still a command');
  assert.strictEqual(pkg.contributes.menus.commandPalette.find(m => m.command === 'netprobe.diagnose')?.when, 'false');
  assert.ok(!pkg.contributes.menus.commandPalette.some(m => m.command === 'netprobe.connectionDoctor' && m.when === 'false'));
  assert.ok(!pkg.contributes.viewsWelcome.some(v => v.contents.includes('command:netprobe.diagnose')), 'links go to the one entry point');
});
