import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LineEditor } from '../../../src/ui/session/session-terminal';
import type { WsAction } from '../../../src/ui/session/websocket-terminal';
import { parseWsCommand, renderMessage, renderUpgrade, wsActionOf } from '../../../src/ui/session/websocket-terminal';

/** Removes the terminal's own styling (SGR sequences) to see what is left. */
function unstyled(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

function typed(text: string): WsAction[] {
  const e = new LineEditor();
  return e.input(text).flatMap(a => (a.type === 'echo' ? [] : [wsActionOf(a)]));
}

test('typed lines are text messages; /commands: binary, ping, close with code and reason, frames, terminate', () => {
  assert.deepEqual(typed('hello world\r'), [{ type: 'text', text: 'hello world' }]);
  assert.deepEqual(typed('//not a command\r'), [{ type: 'text', text: '/not a command' }]);
  assert.deepEqual(typed('/binary 00 ff:10\r'), [{ type: 'binary', data: Buffer.from([0, 0xff, 0x10]) }]);
  assert.match((parseWsCommand('/binary 0g') as { message: string }).message, /not a hex digit/);
  assert.deepEqual(typed('/ping\r'), [{ type: 'ping', data: '' }]);
  assert.deepEqual(typed('/ping are you there\r'), [{ type: 'ping', data: 'are you there' }]);
  assert.deepEqual(typed('/close\r'), [{ type: 'close', reason: '' }]);
  assert.deepEqual(typed('/close 1000 bye\r'), [{ type: 'close', code: 1000, reason: 'bye' }]);
  assert.deepEqual(typed('/close 4001 two words\r'), [{ type: 'close', code: 4001, reason: 'two words' }]);
  assert.equal(parseWsCommand('/close soon').type, 'problem');
  assert.deepEqual(typed('/frames on\r/FRAMES off\r'), [
    { type: 'frames', on: true },
    { type: 'frames', on: false },
  ]);
  assert.deepEqual(typed('/terminate\r/help\r/status\r'), [{ type: 'terminate' }, { type: 'help' }, { type: 'status' }]);
  assert.deepEqual(typed('\x04'), [{ type: 'close', reason: '' }], 'Ctrl+D on an empty line closes');
  assert.deepEqual(typed('\x03'), [{ type: 'close', reason: '' }], 'Ctrl+C closes');
  assert.match((parseWsCommand('/bogus x') as { message: string }).message, /^Unknown command \/bogus/);
});

test('received messages and the upgrade are shown with no raw control characters', () => {
  const text = renderMessage({ type: 'text', data: Buffer.from('line1\nline2 \x1b]0;owned\x07'), atMs: 0 });
  assert.ok(!unstyled(text).includes('\x1b'), 'no escape sequence from the network survives');
  assert.match(text, /line1\r\nline2 .*\\x1b.*\]0;owned.*\\x07/);
  assert.match(renderMessage({ type: 'binary', data: Buffer.from([0, 1, 2]), atMs: 0 }), /\[binary 3 B\].* 00 01 02\r\n$/);
  const big = renderMessage({ type: 'text', data: Buffer.alloc(70 * 1024, 0x61), atMs: 0 });
  assert.match(big, /… 6144 more bytes/);
  const up = renderUpgrade({
    request: 'GET / HTTP/1.1\r\nHost: x\r\n\r\n',
    response: 'HTTP/1.1 200 OK\r\nX-Evil: \x1b[2J\r\n\r\n',
    status: 200,
    bodyPreview: 'nope',
  });
  const plain = unstyled(up);
  assert.ok(!plain.includes('\x1b'));
  assert.equal(plain, '> GET / HTTP/1.1\r\n> Host: x\r\n< HTTP/1.1 200 OK\r\n< X-Evil: \\x1b[2J\r\n< nope\r\n');
});
