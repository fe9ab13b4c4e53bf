import { errorMessage } from '../../core/errors';
import { parseHex } from '../../core/udp/payload';
import { describeWebSocketFrame, hexPreview } from '../../core/websocket/frame-view';
import type { UpgradeExchange, WebSocketFrame, WebSocketMessage } from '../../core/websocket/types';
import type { TerminalAction } from './session-terminal';
import { ReceivedText } from './session-terminal';

/** What a line typed in the WebSocket terminal asks for. */
export type WsAction =
  | { type: 'text'; text: string }
  | { type: 'binary'; data: Buffer }
  | { type: 'ping'; data: string }
  | { type: 'close'; code?: number; reason: string }
  | { type: 'terminate' }
  | { type: 'frames'; on: boolean }
  | { type: 'help' }
  | { type: 'status' }
  | { type: 'problem'; message: string };

/** Most bytes of one received message shown in the terminal (the rest is counted). */
export const MESSAGE_SHOWN_MAX = 64 * 1024;

/** The WebSocket terminal's help. */
export const WEBSOCKET_HELP = [
  'Type a line and press Enter to send it as a text message.  //text sends a line that starts with "/".',
  '/binary HEX: a binary message (e.g. /binary 00 ff 10).  /ping [text]: a ping (the pong shows its round trip).',
  '/close [CODE [REASON]]: close (default 1000; Ctrl+D or Ctrl+C too).  /terminate: drop without closing.',
  '/frames on|off: a line per frame (opcode, FIN, RSV, mask, length).  /status: counters.',
];

/** Reads a `/command` line of the WebSocket terminal (the line without what the line editor already took). */
export function parseWsCommand(line: string): WsAction {
  const m = /^\/(\S+)\s*(.*)$/s.exec(line);
  const name = m?.[1]?.toLowerCase() ?? '';
  const rest = m?.[2] ?? '';
  switch (name) {
    case 'binary':
    case 'bin':
      try {
        return { type: 'binary', data: parseHex(rest) };
      } catch (e) {
        return { type: 'problem', message: errorMessage(e) };
      }
    case 'ping':
      return { type: 'ping', data: rest };
    case 'close': {
      if (rest.trim() === '') return { type: 'close', reason: '' };
      const cm = /^(\d+)(?:\s+(.*))?$/s.exec(rest.trim());
      if (!cm) return { type: 'problem', message: `"${rest.trim()}" is not a close code: /close [CODE [REASON]], e.g. /close 1000 bye.` };
      return { type: 'close', code: Number(cm[1]), reason: cm[2] ?? '' };
    }
    case 'terminate':
    case 'reset':
      return { type: 'terminate' };
    case 'frames': {
      const v = rest.trim().toLowerCase();
      if (v === 'on' || v === 'off') return { type: 'frames', on: v === 'on' };
      return { type: 'problem', message: 'Use /frames on or /frames off.' };
    }
    case 'help':
      return { type: 'help' };
    case 'status':
      return { type: 'status' };
    default:
      return { type: 'problem', message: `Unknown command ${line.split(/\s/)[0] ?? line} (type /help; //text sends a line starting with "/").` };
  }
}

/** What a line-editor action means in the WebSocket terminal (Ctrl+D and Ctrl+C close; typed lines are text). */
export function wsActionOf(a: Exclude<TerminalAction, { type: 'echo' }>): WsAction {
  if (a.type === 'send') return { type: 'text', text: a.line };
  if (a.type === 'unknown-command') return parseWsCommand(a.text);
  if (a.name === 'help') return { type: 'help' };
  if (a.name === 'status') return { type: 'status' };
  if (a.name === 'reset') return { type: 'terminate' };
  return { type: 'close', reason: '' };
}

const DIM = '\x1b[2m';
const GREEN = '\x1b[32m';
const RESET = '\x1b[0m';

/** Bytes from the network as terminal text (controls escaped, line ends as CRLF): the one rule of the session terminal. */
export function safeText(bytes: Buffer): string {
  const decoder = new ReceivedText();
  return decoder.render(bytes) + decoder.end();
}

/** A received message as terminal lines: text as text, binary as hex, long ones cut with the count of the rest. */
export function renderMessage(m: WebSocketMessage): string {
  const shown = m.data.subarray(0, MESSAGE_SHOWN_MAX);
  const more = m.data.length > shown.length ? ` ${DIM}… ${m.data.length - shown.length} more bytes${RESET}` : '';
  if (m.type === 'text') return `${GREEN}←${RESET} ${safeText(shown)}${more}\r\n`;
  return `${GREEN}←${RESET} ${DIM}[binary ${m.data.length} B]${RESET} ${hexPreview(m.data, m.data.length, 256)}\r\n`;
}

/** A frame line, dimmed. */
export function renderFrame(f: WebSocketFrame): string {
  return `${DIM}  ${safeText(Buffer.from(describeWebSocketFrame(f)))}${RESET}\r\n`;
}

/** The upgrade request and response heads, as they crossed the wire, each line prefixed with its direction. */
export function renderUpgrade(ex: UpgradeExchange): string {
  const lines = (head: string, arrow: string): string =>
    head
      .split('\r\n')
      .filter(l => l !== '')
      .map(l => `${DIM}${arrow}${RESET} ${safeText(Buffer.from(l, 'latin1'))}`)
      .join('\r\n');
  const body = ex.bodyPreview ? `\r\n${DIM}<${RESET} ${safeText(Buffer.from(ex.bodyPreview, 'latin1'))}` : '';
  return `${lines(ex.request, '>')}\r\n${ex.response !== undefined ? `${lines(ex.response, '<')}${body}\r\n` : `${DIM}< (no answer)${RESET}\r\n`}`;
}
