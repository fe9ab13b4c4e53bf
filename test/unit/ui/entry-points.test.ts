import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { splitEntryPoint, userArgs } from '../../../src/ui/commands/entry-point';
import { failureView } from '../../../src/ui/results/failure-view';
import { NetProbeError } from '../../../src/core/errors';
import { suggestProfileName } from '../../../src/ui/proxy/profile-url';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

test('every NetProbe command is registered through registerCommand (one failure report), test hooks aside', () => {
  const offenders: string[] = [];
  for (const file of sources(path.join(ROOT, 'src', 'ui'))) {
    const rel = path.relative(ROOT, file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/commands\.registerCommand\(\s*'([^']+)'/g)) {
      if (!m[1]?.startsWith('netprobe.internal.')) offenders.push(`${rel}: ${m[1]}`);
    }
    // Only the helper itself and the feature stubs (which forward to it) register with a variable id.
    if (/commands\.registerCommand\(\s*[a-z]/.test(text) && !/ui\/(commands\/command|features)\.ts$/.test(rel.replace(/\\/g, '/')))
      offenders.push(`${rel}: registers a computed id`);
  }
  assert.deepEqual(offenders, []);
});

test('a command the user starts from a view, panel or link says so in its last argument, which the command drops', () => {
  const args = userArgs('link', ['192.0.2.1']);
  assert.deepEqual(JSON.parse(JSON.stringify(args)), ['192.0.2.1', { netprobeStartedBy: 'link' }]);
  assert.deepEqual(splitEntryPoint(args), { args: ['192.0.2.1'], from: 'link' });
  // A link turns undefined into null: the command sees undefined again (and trailing ones go).
  assert.deepEqual(splitEntryPoint(JSON.parse(JSON.stringify(userArgs('tree', [undefined, undefined, '127.0.0.1:53']))) as unknown[]), {
    args: [undefined, undefined, '127.0.0.1:53'],
    from: 'tree',
  });
  assert.deepEqual(splitEntryPoint(['a', { proxy: 'x' }]), { args: ['a', { proxy: 'x' }] });
});

test('a failure in History names what failed, why, where it came from, and re-runs with plain arguments only', () => {
  const e = new NetProbeError('dns-error', 'No name is registered for ::.', 'ENOTFOUND', { cause: new Error('getnameinfo ENOTFOUND') });
  const v = failureView('Reverse lookup', e, { command: 'netprobe.reverse', args: ['::'], origin: 'link' });
  assert.equal(v.status, 'error');
  assert.equal(v.title, 'Reverse lookup failed');
  assert.equal(v.summary, 'No name is registered for ::.');
  const rows = Object.fromEntries(v.sections[0]?.type === 'kv' ? v.sections[0].rows : []);
  assert.equal(rows.Kind, 'dns-error');
  assert.equal(rows['OS error'], 'ENOTFOUND');
  assert.equal(rows.Because, 'getnameinfo ENOTFOUND');
  assert.equal(rows['Started from'], 'a link (hover)');
  assert.deepEqual(v.rerun, { command: 'netprobe.reverse', args: ['::'] });
  class Node {
    constructor(readonly x = 1) {}
  }
  assert.equal(failureView('Remove target', e, { command: 'netprobe.removeTarget', args: [new Node()] }).rerun, undefined);
});

test('Add Proxy suggests a profile name from the URL: an existing profile of that URL, else the host, else host:port', () => {
  assert.equal(suggestProfileName('socks5://proxy.example:1080', []), 'proxy.example');
  assert.equal(suggestProfileName('socks5://[::1]:1080', []), '[::1]');
  assert.equal(suggestProfileName('socks5://proxy.example:1080', [{ name: 'office', url: 'socks5://proxy.example:1080' }]), 'office');
  assert.equal(suggestProfileName('socks5://proxy.example:1081', [{ name: 'proxy.example', url: 'socks5://proxy.example:1080' }]), 'proxy.example:1081');
  assert.equal(suggestProfileName('socks5://direct:1080', []), 'direct:1080', '"direct" means no proxy');
});
