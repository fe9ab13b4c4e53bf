import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { COMMANDS } from '../../../src/cli/registry';

test('every lazily loaded CLI command is registered under its own name, once', async () => {
  const names = COMMANDS.map(([name]) => name);
  assert.equal(new Set(names).size, names.length);
  for (const [name, load] of COMMANDS) {
    const command = await load();
    assert.equal(command.name, name);
    assert.ok(command.summary.length > 0 && command.usage.startsWith(name.split(' ')[0] ?? name), name);
    assert.equal(await load(), command, 'loaded once');
  }
});
