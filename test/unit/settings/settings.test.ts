import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { SettingKey, SettingSpec } from '../../../src/ui/settings';
import { SETTINGS, Settings, isUserOnly, restrictedSettings, textSets } from '../../../src/ui/settings';
import { FakeConfig } from './fake-config';

interface Declared {
  default?: unknown;
  scope?: string;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  markdownDescription?: string;
  markdownDeprecationMessage?: string;
}

const root = path.join(__dirname, '..', '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, Declared> } };
  capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: string[] } };
};
const declared = pkg.contributes.configuration.properties;
const specs = Object.entries(SETTINGS as Record<string, SettingSpec<unknown>>);

test('package.json declares every setting with the name, default, scope and range the settings module knows', () => {
  for (const [key, spec] of specs) {
    const d = declared[`netprobe.${key}`];
    assert.ok(d, `netprobe.${key} is declared`);
    assert.deepEqual(d.default, spec.default, `default of netprobe.${key}`);
    assert.equal(d.scope ?? 'window', spec.scope, `scope of netprobe.${key}`);
    assert.equal(d.minimum, spec.range?.min, `minimum of netprobe.${key}`);
    assert.equal(d.maximum, spec.range?.max, `maximum of netprobe.${key}`);
    assert.deepEqual(d.enum, spec.values, `enum of netprobe.${key}`);
    assert.ok(d.markdownDescription, `netprobe.${key} has a markdownDescription`);
    if (spec.renamedFrom !== undefined) {
      const old = declared[`netprobe.${spec.renamedFrom}`];
      assert.ok(old, `the old name netprobe.${spec.renamedFrom} stays declared`);
      assert.equal(old.scope ?? 'window', spec.scope, `the old name netprobe.${spec.renamedFrom} has the same scope`);
      assert.deepEqual(old.default, spec.default);
      assert.match(old.markdownDeprecationMessage ?? '', new RegExp(`netprobe\\.${key.replace('.', '\\.')}`), 'the deprecation names the new setting');
    }
  }
  const known = new Set(specs.flatMap(([key, spec]) => [`netprobe.${key}`, ...(spec.renamedFrom ? [`netprobe.${spec.renamedFrom}`] : [])]));
  assert.deepEqual(
    Object.keys(declared).filter(k => !known.has(k)),
    [],
    'every declared setting is in src/ui/settings.ts',
  );
});

test('settings that steer traffic, credentials or trust are machine-scoped; Restricted Mode lists every abusable one', () => {
  const userOnly = specs
    .filter(([, s]) => isUserOnly(s))
    .map(([k]) => k)
    .sort();
  assert.deepEqual(
    userOnly,
    [
      'dns.defaultNameserver',
      'dns.nameservers',
      'hover.reverseLookup',
      'dns.caFile',
      'http.caFile',
      'http.insecure',
      'http.maxDecodedBodyMB',
      'http.processEnvAllowList',
      'proxies',
      'proxy.default',
      'proxy.testTarget',
      'targetsView.checkInterval',
      'tls.clientCertificates',
      'tls.keyLogFile',
    ].sort(),
  );
  const cap = pkg.capabilities?.untrustedWorkspaces;
  assert.equal(cap?.supported, 'limited');
  assert.deepEqual([...(cap?.restrictedConfigurations ?? [])].sort(), restrictedSettings().sort());
  for (const k of ['netprobe.targets', 'netprobe.defaultProxy', 'netprobe.targetCheckInterval', 'netprobe.proxyTestTarget', 'netprobe.http.followRedirects']) {
    assert.ok(cap?.restrictedConfigurations?.includes(k), `${k} is restricted`);
  }
});

test('a user-only setting ignores workspace values even when the configuration would pass them on', () => {
  const config = new FakeConfig()
    .set('global', 'netprobe.proxies', [{ name: 'mine', url: 'socks5://127.0.0.1:1080' }])
    .set('workspace', 'netprobe.proxies', [{ name: 'corp', url: 'socks5://alice@evil.example:1080' }])
    .set('workspace', 'netprobe.proxy.default', 'corp')
    .set('workspaceFolder', 'netprobe.http.insecure', true)
    .set('workspace', 'netprobe.targetsView.checkInterval', 5)
    .set('workspace', 'netprobe.targetCheckInterval', 5)
    .set('workspace', 'netprobe.dns.defaultNameserver', '203.0.113.1')
    .set('workspace', 'netprobe.hover.reverseLookup', true);
  const s = new Settings(config);
  assert.deepEqual(s.get('proxies'), [{ name: 'mine', url: 'socks5://127.0.0.1:1080' }]);
  assert.equal(s.get('proxy.default'), '');
  assert.equal(s.get('http.insecure'), false);
  assert.equal(s.get('targetsView.checkInterval'), 0);
  assert.equal(s.get('dns.defaultNameserver'), '');
  assert.equal(s.get('hover.reverseLookup'), false);
  assert.equal(s.setInWorkspace('proxy.default'), true);
  assert.equal(s.setInWorkspace('timeout'), false);
  assert.deepEqual(s.levels('proxies').workspace, undefined);
});

test('other settings take workspace values in a trusted workspace only when not restricted', () => {
  const config = new FakeConfig()
    .set('workspace', 'netprobe.timeout', 1234)
    .set('global', 'netprobe.targets', ['localhost:22'])
    .set('workspace', 'netprobe.targets', ['db.internal:5432'])
    .set('workspace', 'netprobe.http.maxBodyMB', 999999);
  const s = new Settings(config);
  assert.equal(s.get('timeout'), 1234);
  assert.equal(s.get('http.maxBodyMB'), 999999);
  assert.deepEqual(s.levels('targets'), { user: ['localhost:22'], workspace: ['db.internal:5432'] });
  config.isTrusted = false;
  assert.equal(s.get('timeout'), 1234, 'harmless settings still apply in Restricted Mode');
  assert.equal(s.get('http.maxBodyMB'), 1024, 'restricted settings: user level only when the workspace is not trusted');
  assert.deepEqual(s.levels('targets'), { user: ['localhost:22'] });
});

test('values are checked and clamped; a wrong type falls back to the default', () => {
  const config = new FakeConfig()
    .set('global', 'netprobe.udp.monitorCapacity', 5)
    .set('global', 'netprobe.http.followRedirects', 500)
    .set('global', 'netprobe.session.lineEnding', 'cr')
    .set('global', 'netprobe.timeout', 'soon')
    .set('global', 'netprobe.proxies', [{ name: ' a ', url: 'socks5://h:1' }, { name: '', url: 'x' }, 'junk', { name: 'b' }]);
  const s = new Settings(config);
  assert.equal(s.get('udp.monitorCapacity'), 10);
  assert.equal(s.get('http.followRedirects'), 50);
  assert.equal(s.get('session.lineEnding'), 'crlf');
  assert.equal(s.get('timeout'), 5000);
  assert.deepEqual(s.get('proxies'), [{ name: 'a', url: 'socks5://h:1' }]);
});

test('renamed settings: the old user value is read until migrated, then copied to the new name (user level only)', async () => {
  const config = new FakeConfig()
    .set('global', 'netprobe.defaultProxy', 'office')
    .set('global', 'netprobe.targetCheckInterval', 30)
    .set('workspace', 'netprobe.proxyTestTarget', 'evil.example:443')
    .set('global', 'netprobe.proxy.testTarget', 'mine.example:443');
  const s = new Settings(config);
  assert.equal(s.get('proxy.default'), 'office', 'old name read before migration');
  assert.equal(s.get('targetsView.checkInterval'), 30);
  const copied = await s.migrate();
  assert.deepEqual(copied, [
    { from: 'netprobe.targetCheckInterval', to: 'netprobe.targetsView.checkInterval' },
    { from: 'netprobe.defaultProxy', to: 'netprobe.proxy.default' },
  ]);
  assert.ok(
    config.writes.every(w => w.level === 'global'),
    'only user settings are written',
  );
  assert.equal(config.values.global.get('netprobe.proxy.default'), 'office');
  assert.equal(config.values.global.get('netprobe.targetsView.checkInterval'), 30);
  assert.equal(config.values.global.get('netprobe.proxy.testTarget'), 'mine.example:443', 'a workspace value is never copied, a set new name is kept');
  assert.equal(config.values.global.get('netprobe.defaultProxy'), 'office', 'the old value stays (older versions still read it)');
  assert.deepEqual(await s.migrate(), [], 'a second run copies nothing');
  config.set('global', 'netprobe.proxy.default', 'home');
  assert.equal(s.get('proxy.default'), 'home', 'the new name wins once set');
});

test('a workspace-only old value is neither read nor migrated', async () => {
  const config = new FakeConfig().set('workspace', 'netprobe.defaultProxy', 'corp').set('workspaceFolder', 'netprobe.targetCheckInterval', 5);
  const s = new Settings(config);
  assert.deepEqual(await s.migrate(), []);
  assert.deepEqual(config.writes, []);
  assert.equal(s.get('proxy.default'), '');
  assert.equal(s.get('targetsView.checkInterval'), 0);
});

test('every key of SETTINGS is a SettingKey', () => {
  const keys: SettingKey[] = ['timeout', 'proxies', 'proxy.default'];
  for (const k of keys) assert.ok(k in SETTINGS);
});

test("a workspace's attempt shows in its settings file even though VS Code hides machine-scoped values", () => {
  const config = new FakeConfig();
  const files = ['{\n  // "netprobe.proxies": [],\n  "editor.tabSize": 2\n}', '{ "netprobe.defaultProxy" : "corp" }'];
  const s = new Settings(Object.assign(config, { workspaceSettingsTexts: () => files }));
  assert.equal(s.setInWorkspace('proxy.default'), true, 'the old name counts');
  assert.equal(s.setInWorkspace('proxies'), false, 'a commented-out line does not');
  assert.equal(textSets('{"netprobe.proxy.default":"x"}', 'proxy.default'), true);
  assert.equal(textSets('{"netprobe.proxyXdefault":"x"}', 'proxy.default'), false);
});
