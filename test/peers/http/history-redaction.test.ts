import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { sendHttp } from '../../../src/core/http/client';
import { redactUrls } from '../../../src/core/http/credentials';
import { httpResultView, httpView } from '../../../src/ui/commands/http-view';
import { keptForm } from '../../../src/ui/history/budget';
import { redactResultView } from '../../../src/ui/history/redact';
import { renderText } from '../../../src/ui/results/render-text';
import type { ResultView } from '../../../src/ui/results/view-model';
import { onRequestHead, rawServer, rawServerFixture } from './raw-server';

const fx = rawServerFixture();
const SECRETS = ['AT1', 'CS1', 'PT1', 'XT1', 'SS1', 'SC1', 'LT1', 'PW1', 'SIG1'];

test('History and the log keep no secret from query strings, URL passwords or unlisted credential headers', async () => {
  const s = await rawServer((sock, got) =>
    onRequestHead(sock, got, () =>
      sock.end('HTTP/1.1 302 Found\r\nSet-Cookie: sid=SC1\r\nLocation: http://alice:PW1@example.test/next?token=LT1&page=2\r\nContent-Length: 0\r\n\r\n'),
    ),
  );
  fx.servers.push(s);
  const r = await sendHttp(
    'GET /p?access_token=AT1&q=ok&client_secret=CS1&X-Amz-Signature=SIG1 HTTP/1.1\r\nHost: 127.0.0.1\r\nPrivate-Token: PT1\r\nX-Auth-Token: XT1\r\nX-Session: SS1\r\nX-Trace: visible\r\n\r\n',
    { target: { host: '127.0.0.1', port: s.port, tls: false } },
  );
  const view: ResultView = {
    ...httpResultView(httpView('h', r.exchanges)),
    rerun: { command: 'netprobe.httpRequest', args: [`http://127.0.0.1:${s.port}/p?access_token=AT1`] },
  };
  // What History stores (history-store.ts) and what the log writes (services.ts), each the way the extension does.
  const kept = redactResultView(keptForm(view));
  const stored = JSON.stringify(kept);
  const logged = renderText(redactResultView({ ...view, model: undefined, data: undefined }));
  for (const secret of SECRETS) {
    assert.doesNotMatch(stored, new RegExp(secret), `History has ${secret}`);
    assert.doesNotMatch(logged, new RegExp(secret), `the log has ${secret}`);
  }
  assert.match(stored, /\/p\?access_token=<redacted>&q=ok&client_secret=<redacted>&X-Amz-Signature=<redacted>/);
  assert.match(stored, /"X-Trace","visible"/);
  assert.match(stored, /http:\/\/alice:<redacted>@example\.test\/next\?token=<redacted>&page=2/);
  assert.equal(kept.rerun, undefined, 'a re-run that would need the secret is not kept');
  const plain = redactResultView(keptForm({ ...view, rerun: { command: 'netprobe.httpRequest', args: ['http://127.0.0.1/p?q=1'] } }));
  assert.deepEqual(plain.rerun, { command: 'netprobe.httpRequest', args: ['http://127.0.0.1/p?q=1'] });
  // Copy JSON (an explicit copy) keeps everything.
  assert.match(JSON.stringify(httpResultView(httpView('h', r.exchanges), undefined, true).data), /PT1/);
});

test('URL redaction: passwords up to the last @, credential parameters only, text around untouched', () => {
  assert.equal(
    redactUrls('GET https://u:p@ss:w@rd@h:8/x?api_key=K&apikey=K2&sessionid=S&page=1#k=v done?'),
    'GET https://u:<redacted>@h:8/x?api_key=<redacted>&apikey=<redacted>&sessionid=<redacted>&page=1#k=v done?',
  );
  assert.equal(redactUrls('see /a?password=x;view=full and /b?q=token'), 'see /a?password=<redacted>;view=full and /b?q=token');
  assert.equal(redactUrls('http://h:8080/p?email=a@b.c'), 'http://h:8080/p?email=a@b.c');
  assert.equal(redactUrls('socks5://alice:pa/ss@w@host:1080'), 'socks5://alice:<redacted>@host:1080');
});
