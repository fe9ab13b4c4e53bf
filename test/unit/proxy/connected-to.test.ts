import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { connectedTo } from '../../../src/core/route/describe';

test('"Connected to" names the target; through a proxy the proxy is named as the proxy, never as the target', () => {
  assert.equal(connectedTo({ host: '127.0.0.1', port: 8080, remoteAddress: '127.0.0.1', remotePort: 8080, via: 'direct' }), '127.0.0.1:8080');
  assert.equal(connectedTo({ host: 'localhost', port: 8080, remoteAddress: '::1', remotePort: 8080, via: 'direct' }), 'localhost:8080 (::1)');
  assert.equal(
    connectedTo({ host: 'db.internal', port: 5432, remoteAddress: '127.0.0.1', remotePort: 1080, via: 'socks5://127.0.0.1:1080' }),
    'db.internal:5432 via socks5://127.0.0.1:1080 (the proxy at 127.0.0.1:1080)',
  );
  assert.equal(
    connectedTo({ host: '::1', port: 443, remoteAddress: '::1', remotePort: 3128, via: 'http://[::1]:3128' }),
    '[::1]:443 via http://[::1]:3128 (the proxy at [::1]:3128)',
  );
});
