import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LineEditor, ReceivedText } from '../../../src/ui/session/session-terminal';

test('the line editor echoes, edits, sends lines and recognises commands', () => {
  const e = new LineEditor();
  assert.deepEqual(e.input('hx\x7fi'), [
    { type: 'echo', text: 'h' },
    { type: 'echo', text: 'x' },
    { type: 'echo', text: '\b \b' },
    { type: 'echo', text: 'i' },
  ]);
  assert.deepEqual(e.input('\r'), [
    { type: 'echo', text: '\r\n' },
    { type: 'send', line: 'hi' },
  ]);
  assert.deepEqual(e.input('/shut\r').pop(), { type: 'command', name: 'halfclose' });
  assert.deepEqual(e.input('//etc\r').pop(), { type: 'send', line: '/etc' });
  assert.deepEqual(e.input('/nope\r').pop(), { type: 'unknown-command', text: '/nope' });
  assert.deepEqual(e.input('\x04'), [{ type: 'command', name: 'halfclose' }]);
  e.input('abc');
  assert.deepEqual(e.input('\x04'), [], 'Ctrl+D only half-closes on an empty line');
  assert.deepEqual(e.input('\x03'), [{ type: 'command', name: 'close' }]);
  assert.deepEqual(
    e.input('a\r\nb\r').filter(a => a.type === 'send'),
    [
      { type: 'send', line: 'abca' },
      { type: 'send', line: 'b' },
    ],
  );
});

test('received bytes: CRLF and LF become new lines, control bytes are escaped, UTF-8 survives splits', () => {
  const r = new ReceivedText();
  const dim = (s: string) => `\x1b[2m${s}\x1b[0m`;
  assert.equal(r.render(Buffer.from('a\r\nb\nc\x00d\x1be\x7f')), `a\r\nb\r\nc${dim('\\x00')}d${dim('\\x1b')}e${dim('\\x7f')}`);
  assert.equal(r.render(Buffer.from('x\ry')), `x${dim('\\r')}y`);
  assert.equal(
    r.render(Buffer.from([0x3c, 0xc2, 0x9b, 0x32, 0x4a, 0xc2, 0x9d, 0x3e])),
    `<${dim('\\xc2\\x9b')}2J${dim('\\xc2\\x9d')}>`,
    'C1 CSI and OSC are escaped',
  );
  const euro = Buffer.from('€');
  assert.equal(r.render(euro.subarray(0, 1)) + r.render(euro.subarray(1)), '€');
  assert.equal(r.render(Buffer.from('end\r')) + r.render(Buffer.from('\n')), 'end\r\n');
});
