import { TerminalByteDecoder, isTerminalControl } from '../../core/text/terminal';

/** What a key press in the session terminal asks for. */
export type TerminalAction =
  | { type: 'echo'; text: string }
  | { type: 'send'; line: string }
  | { type: 'command'; name: 'halfclose' | 'close' | 'reset' | 'help' | 'status' }
  | { type: 'unknown-command'; text: string };

const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/**
 * The terminal's line editor, without VS Code: typed characters are echoed, Backspace edits, Enter sends
 * the line (or runs a `/command`), Ctrl+D half-closes on an empty line, Ctrl+C closes.
 */
export class LineEditor {
  private line = '';

  get current(): string {
    return this.line;
  }

  /** Feeds what the terminal received from the keyboard (one key or a paste). */
  input(data: string): TerminalAction[] {
    const out: TerminalAction[] = [];
    for (const ch of data.replace(/\r\n/g, '\r')) {
      if (ch === '\r' || ch === '\n') {
        out.push({ type: 'echo', text: '\r\n' });
        const line = this.line;
        this.line = '';
        out.push(this.lineAction(line));
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.line.length) {
          this.line = [...this.line].slice(0, -1).join('');
          out.push({ type: 'echo', text: '\b \b' });
        }
      } else if (ch === '\x04') {
        if (this.line === '') out.push({ type: 'command', name: 'halfclose' });
      } else if (ch === '\x03') {
        out.push({ type: 'command', name: 'close' });
      } else if (ch === '\x15') {
        out.push({ type: 'echo', text: '\b \b'.repeat([...this.line].length) });
        this.line = '';
      } else if ((ch >= ' ' || ch === '\t') && !isTerminalControl(ch.codePointAt(0) ?? 0)) {
        this.line += ch;
        out.push({ type: 'echo', text: ch });
      }
    }
    return out;
  }

  private lineAction(line: string): TerminalAction {
    if (line.startsWith('//')) return { type: 'send', line: line.slice(1) };
    if (!line.startsWith('/')) return { type: 'send', line };
    const name = line.slice(1).trim().toLowerCase();
    const map: Record<string, 'halfclose' | 'close' | 'reset' | 'help' | 'status'> = {
      shut: 'halfclose',
      halfclose: 'halfclose',
      eof: 'halfclose',
      close: 'close',
      quit: 'close',
      reset: 'reset',
      rst: 'reset',
      help: 'help',
      status: 'status',
    };
    const cmd = map[name];
    return cmd ? { type: 'command', name: cmd } : { type: 'unknown-command', text: line };
  }
}

/**
 * Received bytes made safe for the terminal by the core rule ({@link TerminalByteDecoder}): CRLF and LF become new
 * lines, tabs stay, text is decoded as UTF-8, and every other control byte, C1 or bidi control, lone CR and
 * invalid byte is shown dimmed as `\xNN`.
 */
export class ReceivedText {
  private readonly decoder = new TerminalByteDecoder({ newline: '\r\n', style: e => `${DIM}${e}${RESET}` });

  render(chunk: Buffer): string {
    return this.decoder.write(chunk);
  }

  /** What is left when the stream ends (an unfinished character or a final CR). */
  end(): string {
    return this.decoder.end();
  }
}

/** Help text of the session terminal. */
export const SESSION_HELP = [
  'Type a line and press Enter to send it (with CRLF or LF, see netprobe.session.lineEnding).',
  'Ctrl+D on an empty line or /shut: half-close (send FIN, keep reading).  /close or Ctrl+C: close.',
  '/reset: abort with RST.  /status: bytes and state.  //text: send a line that starts with "/".',
];
