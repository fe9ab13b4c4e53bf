import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { ProxyProfileStore } from '../../../src/ui/proxy/profile-store';
import { nameSecretKey, secretKeyFor, splitPassword } from '../../../src/ui/proxy/profile-url';
import { Settings } from '../../../src/ui/settings';
import { FakeConfig } from './fake-config';

class FakeSecrets {
  readonly map = new Map<string, string>();
  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.map.get(key));
  }
  store(key: string, value: string): Promise<void> {
    this.map.set(key, value);
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.map.delete(key);
    return Promise.resolve();
  }
}

function store(config: FakeConfig, secrets: FakeSecrets): ProxyProfileStore {
  return new ProxyProfileStore(new Settings(config), secrets as unknown as vscode.SecretStorage);
}

test('a password is keyed by the proxy identity (scheme, host, port, user), never by the profile name', () => {
  const base = { protocol: 'socks5' as const, host: 'Proxy.Example', port: 1080, username: 'alice' };
  assert.equal(secretKeyFor(base), 'netprobe.proxy.secret:socks5://alice@proxy.example:1080');
  assert.equal(secretKeyFor({ ...base, protocol: 'socks5h' }), secretKeyFor(base), 'socks5h speaks the same protocol to the same server');
  assert.equal(secretKeyFor({ ...base, host: '::1' }), 'netprobe.proxy.secret:socks5://alice@[::1]:1080');
  for (const other of [
    { ...base, host: 'evil.example' },
    { ...base, port: 1081 },
    { ...base, username: 'bob' },
    { ...base, username: 'a@b' },
  ]) {
    assert.notEqual(secretKeyFor(other), secretKeyFor(base));
  }
  assert.equal(
    secretKeyFor({ ...base, username: 'a@evil:1' }),
    'netprobe.proxy.secret:socks5://a%40evil%3A1@proxy.example:1080',
    'a user name cannot forge another identity',
  );
  assert.deepEqual(splitPassword('socks5h://alice:s3cret@proxy.example:1080'), { url: 'socks5h://alice@proxy.example:1080', password: 's3cret' });
});

test('a profile whose URL changed never receives the old password; the same proxy under another name does', async () => {
  const config = new FakeConfig();
  const secrets = new FakeSecrets();
  const s = store(config, secrets);
  await s.save({ name: 'corp', url: 'socks5://alice@proxy.example:1080' }, 'pw');
  assert.equal((await s.resolve('corp')).password, 'pw');
  config.set('global', 'netprobe.proxies', [{ name: 'corp', url: 'socks5://alice@evil.example:1080' }]);
  assert.equal((await s.resolve('corp')).password, undefined, 'another host: no password');
  config.set('global', 'netprobe.proxies', [{ name: 'corp', url: 'socks5://alice@proxy.example:1081' }]);
  assert.equal((await s.resolve('corp')).password, undefined, 'another port: no password');
  config.set('global', 'netprobe.proxies', [{ name: 'corp', url: 'socks5://mallory@proxy.example:1080' }]);
  assert.equal((await s.resolve('corp')).password, undefined, 'another user: no password');
  config.set('global', 'netprobe.proxies', [{ name: 'renamed', url: 'socks5h://alice@proxy.example:1080' }]);
  assert.equal((await s.resolve('renamed')).password, 'pw', 'the same proxy keeps its password whatever the name');
  const chain = await s.forCommand('socks5://alice@proxy.example:1080');
  assert.equal(chain?.password, undefined, 'a URL typed in a command or a request file never receives a stored password');
});

test("a workspace's proxies and default are ignored: its profile cannot reach the user's password", async () => {
  const config = new FakeConfig();
  const secrets = new FakeSecrets();
  const s = store(config, secrets);
  await s.save({ name: 'corp', url: 'socks5://alice@proxy.example:1080' }, 'pw');
  config.set('workspace', 'netprobe.proxies', [{ name: 'corp', url: 'socks5://alice@127.0.0.1:9' }]).set('workspace', 'netprobe.proxy.default', 'corp');
  assert.equal(s.defaultName(), undefined);
  assert.equal(await s.forCommand(), undefined, 'no default proxy: direct');
  assert.deepEqual(s.list(), [{ name: 'corp', url: 'socks5://alice@proxy.example:1080' }]);
  assert.equal(s.workspaceTriesToSet(), true);
});

test('passwords stored by name before move to the identity of the user-level profile, once; others are asked again', async () => {
  const config = new FakeConfig()
    .set('global', 'netprobe.proxies', [
      { name: 'corp', url: 'socks5h://alice@proxy.example:1080' },
      { name: 'plain', url: 'socks5://proxy.example:1080' },
    ])
    .set('workspace', 'netprobe.proxies', [{ name: 'ws', url: 'socks5://eve@evil.example:1080' }]);
  const secrets = new FakeSecrets();
  secrets.map.set(nameSecretKey('corp'), 'old-pw');
  secrets.map.set(nameSecretKey('plain'), 'stray');
  secrets.map.set(nameSecretKey('ws'), 'ws-pw');
  const s = store(config, secrets);
  assert.equal((await s.resolve('corp')).password, 'old-pw');
  assert.equal(secrets.map.get(secretKeyFor({ protocol: 'socks5', host: 'proxy.example', port: 1080, username: 'alice' })), 'old-pw');
  assert.equal(secrets.map.has(nameSecretKey('corp')), false, 'the name-keyed copy is gone');
  assert.equal(secrets.map.has(nameSecretKey('plain')), false, 'a profile without a user has no password to keep');
  assert.deepEqual(
    [...secrets.map.values()].filter(v => v === 'stray'),
    [],
  );
  assert.equal(secrets.map.get(nameSecretKey('ws')), 'ws-pw', 'a name only a workspace uses is not bound to any proxy');
  assert.equal(await s.missingSecret('corp'), undefined);
  config.set('global', 'netprobe.proxies', [{ name: 'corp', url: 'socks5h://alice@other.example:1080' }]);
  assert.equal((await s.missingSecret('corp'))?.host, 'other.example', 'a changed URL asks again');
});
