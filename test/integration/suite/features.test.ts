import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { FeatureName } from '../../../src/ui/features';
import { FEATURES } from '../../../src/ui/features';
import { activateNetProbe } from './helpers';

const root = path.join(__dirname, '..', '..', '..', '..');

suite('Features load on first use', () => {
  test('every contributed command is registered at activation', async () => {
    await activateNetProbe();
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string }> } };
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(
      pkg.contributes.commands.map(c => c.command).filter(id => !registered.has(id)),
      [],
    );
  });

  test('each feature registers exactly the commands its stubs stand for', async () => {
    const api = await activateNetProbe();
    for (const name of Object.keys(FEATURES) as FeatureName[]) {
      const before = new Set(await vscode.commands.getCommands(true));
      await api.features.load(name);
      const after = await vscode.commands.getCommands(true);
      const declared: readonly string[] = FEATURES[name].commands;
      assert.deepStrictEqual(
        declared.filter(id => !after.includes(id)),
        [],
        `${name}: declared but not registered`,
      );
      assert.deepStrictEqual(
        after.filter(id => id.startsWith('netprobe.') && !before.has(id)),
        [],
        `${name}: registered without a stub (unreachable before the feature loads)`,
      );
      assert.ok((api.features.loadMs.get(name) ?? -1) >= 0, `${name}: load time recorded`);
    }
  });
});
