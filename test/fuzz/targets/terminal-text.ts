import { TerminalByteDecoder, isTerminalControl, terminalJson, terminalText } from '../../../src/core/text/terminal';
import type { Random } from '../gen';
import { hex, int, randomBytes } from '../gen';
import type { FuzzTarget } from '../target';

interface TextCase {
  bytes: Buffer;
  cuts: number[];
}

const raw = (s: string, multiline: boolean): boolean => [...s].some(c => c === '\r' || (!multiline && c === '\n') || isTerminalControl(c.codePointAt(0) ?? 0));

/** Peer bytes on their way to a terminal: no raw control survives, however the stream is cut into chunks. */
export const target: FuzzTarget<TextCase> = {
  name: 'terminal-text',
  generate(r: Random) {
    const bytes = r() < 0.5 ? randomBytes(r, 120) : Buffer.concat([Buffer.from('héllo €😀 \u202e\u009b'), randomBytes(r, 40)]);
    const cuts = Array.from({ length: int(r, 0, 6) }, () => int(r, 0, bytes.length)).sort((a, b) => a - b);
    return { bytes, cuts };
  },
  check({ bytes, cuts }) {
    const d = new TerminalByteDecoder();
    let out = '';
    let from = 0;
    for (const cut of [...cuts, bytes.length]) {
      out += d.write(bytes.subarray(from, cut));
      from = cut;
    }
    out += d.end();
    if (raw(out, true)) throw new Error(`a raw control in ${JSON.stringify(out)}`);
    const whole = new TerminalByteDecoder();
    if (whole.write(bytes) + whole.end() !== out) throw new Error('chunking changed the text');
    for (const text of [bytes.toString('utf8'), bytes.toString('latin1')]) {
      if (raw(terminalText(text), true) || raw(terminalText(text, { multiline: false }), false))
        throw new Error(`terminalText left a control in ${JSON.stringify(text)}`);
      const json = terminalJson(JSON.stringify({ text }));
      if (raw(json, true) || (JSON.parse(json) as { text: string }).text !== text) throw new Error(`terminalJson broke ${JSON.stringify(text)}`);
    }
  },
  describe: c => JSON.stringify({ bytes: hex(c.bytes), cuts: c.cuts }),
};
