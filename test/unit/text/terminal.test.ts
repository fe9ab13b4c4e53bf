import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TerminalByteDecoder, isInvisible, isTerminalControl, quotedText, terminalJson, terminalText } from '../../../src/core/text/terminal';
import { rng } from '../../helpers/rng';

/** A code point a terminal would obey: what must never be written raw. */
function hasRawControl(text: string): boolean {
  return [...text].some(c => c === '\r' || isTerminalControl(c.codePointAt(0) ?? 0));
}

test('terminal text: C0, DEL, C1 and bidi controls become visible escapes; tabs and new lines stay', () => {
  assert.equal(terminalText('plain text, ünïcödé €'), 'plain text, ünïcödé €');
  assert.equal(terminalText('a\x1b[2Jb'), 'a\\x1b[2Jb');
  assert.equal(terminalText('\x1b]8;;http://evil/\x1b\\click\x1b]8;;\x1b\\'), '\\x1b]8;;http://evil/\\x1b\\click\\x1b]8;;\\x1b\\');
  assert.equal(terminalText('csi\u009b2Jst\u009cosc\u009d'), 'csi\\x9b2Jst\\x9cosc\\x9d');
  assert.equal(terminalText('nul\x00bel\x07del\x7f'), 'nul\\x00bel\\x07del\\x7f');
  assert.equal(terminalText('rtl\u202eevil\u2066'), 'rtl\\u202eevil\\u2066');
  assert.equal(terminalText('l1\r\nl2\nl3\rx\tt'), 'l1\nl2\nl3\\rx\tt');
  assert.equal(terminalText('one\nline', { multiline: false }), 'one\\nline');
  assert.equal(terminalText('emoji 😀 stays'), 'emoji 😀 stays');
});

test('terminal JSON: C1, DEL and bidi written as \\u escapes, the value unchanged', () => {
  const value = { reason: 'OK\u009b2J\x1b[31m\x7f\u202e', n: 1 };
  const text = terminalJson(JSON.stringify(value));
  assert.ok(!hasRawControl(text));
  assert.deepEqual(JSON.parse(text), value);
});

test('received bytes: new lines, escapes, UTF-8 across chunks, C1 and invalid bytes as \\xNN', () => {
  const d = new TerminalByteDecoder();
  assert.equal(d.write(Buffer.from('a\r\nb\nc\x00d\x1be\x7f')), 'a\nb\nc\\x00d\\x1be\\x7f');
  assert.equal(d.write(Buffer.from('x\ry')), 'x\\ry');
  const euro = Buffer.from('€');
  assert.equal(d.write(euro.subarray(0, 1)) + d.write(euro.subarray(1)), '€');
  assert.equal(d.write(Buffer.from('end\r')) + d.write(Buffer.from('\n')), 'end\n');
  assert.equal(d.write(Buffer.from([0x61, 0xc2, 0x9b, 0x32, 0x4a])), 'a\\xc2\\x9b2J', 'U+009B (CSI) as its bytes');
  assert.equal(d.write(Buffer.from([0xff, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x41])), '\\xff\\xc0\\xaf\\xed\\xa0\\x80A', 'invalid and overlong bytes, a surrogate');
  assert.equal(d.write(Buffer.from([0xe2, 0x80])), '');
  assert.equal(d.end(), '\\xe2\\x80', 'an unfinished character at the end');
  const crlf = new TerminalByteDecoder({ newline: '\r\n', style: e => `[${e}]` });
  assert.equal(crlf.write(Buffer.from('a\nb\x1bc')), 'a\r\nb[\\x1b]c');
});

test('received bytes: random chunks of random bytes never yield a raw control, and text round-trips', () => {
  const r = rng(9001);
  for (let n = 0; n < 300; n++) {
    const bytes = Buffer.from(Array.from({ length: Math.floor(r() * 200) }, () => Math.floor(r() * 256)));
    const d = new TerminalByteDecoder();
    let out = '';
    for (let i = 0; i < bytes.length;) {
      const step = 1 + Math.floor(r() * 7);
      out += d.write(bytes.subarray(i, i + step));
      i += step;
    }
    out += d.end();
    assert.ok(!hasRawControl(out), `raw control in output of ${bytes.toString('hex')}`);
    const whole = new TerminalByteDecoder();
    assert.equal(out, whole.write(bytes) + whole.end(), 'chunking does not change the text');
  }
  const text = 'Grüße, 世界 😀\tend\n';
  const d = new TerminalByteDecoder();
  assert.equal(d.write(Buffer.from(text)) + d.end(), text);
});

test('names read exactly: invisible characters (format, line/paragraph separators, astral tags) escaped only when asked', () => {
  const spoof = 'pay\u00adpal\u200b.com\u2028\u{e0001}x';
  assert.equal(terminalText(spoof, { multiline: false }), spoof, 'the terminal rule alone leaves them');
  assert.equal(terminalText(spoof, { multiline: false, invisible: true }), 'pay\\xadpal\\u200b.com\\u2028\\u{e0001}x');
  assert.ok(isInvisible(0x200e) && isInvisible(0xfeff) && isInvisible(0x2029) && !isInvisible(0x41) && !isInvisible(0xe9));
  assert.equal(terminalText('Grüße 世界 😀', { invisible: true }), 'Grüße 世界 😀');
});

test('quotedText: one quoted line showing exactly what was sent, cut at max characters (never inside a character)', () => {
  assert.equal(quotedText('say "hi"\t\\ \r\n\x1b[2J\u202e'), '"say \\"hi\\"\\t\\\\ \\r\\n\\x1b[2J\\u202e"');
  assert.equal(quotedText('😀😀😀', 2), '"😀😀…"');
  assert.equal(quotedText(''), '""');
});
