import * as readline from 'readline';
import { terminalText } from '../../core/text/terminal';
import { WebSocketError } from '../../core/websocket/errors';
import { describeWebSocketFrame, webSocketFrameJson } from '../../core/websocket/frame-view';
import { openWebSocket } from '../../core/websocket/open';
import type { WebSocketSession } from '../../core/websocket/session';
import type { UpgradeExchange, WebSocketCloseSummary, WebSocketInfo, WebSocketMessage, WebSocketOptions } from '../../core/websocket/types';
import { redactUrls } from '../../core/http/credentials';
import { flag, intOption, noExtraPositionals, requirePositional, stringOption } from '../args';
import { PROXY_OPTION, PROXY_USAGE, proxyFromCli } from '../proxy-option';
import { TLS_EXTRA_OPTIONS, TLS_EXTRA_USAGE, tlsExtrasFromCli } from '../tls-extras';
import { withInsecureHint } from '../tls-hint';
import { connectedTo } from '../../core/route/describe';
import type { CliCommand, CliContext } from '../types';
import { UsageError } from '../types';

const USAGE = `ws URL [--cacert F] [--insecure] [--sni NAME] ${TLS_EXTRA_USAGE} ${PROXY_USAGE} [-H 'Name: value']… [--subprotocol P]… [--compress] [--max-message BYTES] [--close-timeout MS] [-v] [--timeout MS] [--json]`;
/** Most received messages kept for `--json` (the newest). */
const JSON_MESSAGES_MAX = 1000;

function headersFromCli(ctx: CliContext): Array<[string, string]> {
  return ((ctx.values.header as string[] | undefined) ?? []).map((h): [string, string] => {
    const i = h.indexOf(':');
    if (i <= 0) throw new UsageError(`--header must be "Name: value", not "${h}".`);
    return [h.slice(0, i).trim(), h.slice(i + 1).trim()];
  });
}

function optionsFromCli(ctx: CliContext): WebSocketOptions {
  const proxy = proxyFromCli(ctx);
  const ca = stringOption(ctx, 'cacert');
  const sni = stringOption(ctx, 'sni');
  const maxPayload = intOption(ctx, 'max-message', { min: 1 });
  const closeTimeout = intOption(ctx, 'close-timeout', { min: 1 });
  const protocols = ctx.values.subprotocol as string[] | undefined;
  const headers = headersFromCli(ctx);
  return {
    timeout: ctx.timeout,
    signal: ctx.signal,
    ...(proxy ? { proxy } : {}),
    tls: {
      ...(flag(ctx, 'insecure') ? { insecure: true } : {}),
      ...(ca ? { caFile: ca } : {}),
      ...(sni ? { servername: sni } : {}),
      ...(/^wss:/i.test(ctx.positionals[0] ?? '') ? tlsExtrasFromCli(ctx) : {}),
    },
    ...(headers.length ? { headers } : {}),
    ...(protocols?.length ? { protocols } : {}),
    ...(flag(ctx, 'compress') ? { compression: true } : {}),
    ...(maxPayload ? { maxPayload } : {}),
    ...(closeTimeout ? { closeTimeout } : {}),
  };
}

/** Text from the network on one line: the core terminal rule, a line break in it shown as `\n`. */
function oneLine(text: string): string {
  return terminalText(text, { multiline: false });
}

/** A received message on one line: text escaped (a line feed in it is `\n`), binary as hex after a marker. */
export function messageLine(m: WebSocketMessage): string {
  if (m.type === 'text') return oneLine(m.data.toString('utf8'));
  return `<binary ${m.data.length} bytes> ${m.data.toString('hex').replace(/(..)(?!$)/g, '$1 ')}`;
}

function upgradeLines(ex: UpgradeExchange): string[] {
  const lines = (head: string | undefined, mark: string): string[] =>
    (head ?? '')
      .split('\r\n')
      .filter(l => l !== '')
      .map(l => `${mark} ${oneLine(l)}`);
  return [...lines(ex.request, '>'), ...lines(ex.response, '<'), ...(ex.bodyPreview ? [`< ${oneLine(ex.bodyPreview)}`] : [])];
}

function infoJson(i: WebSocketInfo): Record<string, unknown> {
  return {
    url: redactUrls(i.url),
    remoteAddress: i.remoteAddress,
    remotePort: i.remotePort,
    localAddress: i.localAddress,
    localPort: i.localPort,
    via: i.via,
    ...(i.proxy ? { proxy: i.proxy } : {}),
    timings: { dnsMs: i.dnsMs, connectMs: i.connectMs, tlsMs: i.tlsMs, upgradeMs: i.upgradeMs },
    ...(i.tls ? { tls: i.tls } : {}),
    upgrade: i.upgrade,
    ...(i.protocol ? { protocol: i.protocol } : {}),
    ...(i.extensions ? { extensions: i.extensions } : {}),
  };
}

/** Sends stdin's lines as text messages, in order; resolves at EOF (or when the session can no longer send). */
async function pumpStdin(session: WebSocketSession, stop: Promise<unknown>): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  let stopped = false;
  void stop.then(() => {
    stopped = true;
    rl.close();
  });
  try {
    for await (const line of rl) {
      if (stopped || session.state !== 'open') break;
      await session.sendText(line);
    }
  } finally {
    rl.close();
    process.stdin.pause();
    process.stdin.unref?.();
  }
  return !stopped && session.state === 'open';
}

export const wsCommand: CliCommand = {
  name: 'ws',
  summary: "WebSocket session: stdin lines are text messages, received messages one per line; EOF sends a close frame and waits for the server's.",
  usage: USAGE,
  options: {
    cacert: { type: 'string' },
    insecure: { type: 'boolean', short: 'k' },
    sni: { type: 'string' },
    header: { type: 'string', short: 'H', multiple: true },
    subprotocol: { type: 'string', multiple: true },
    compress: { type: 'boolean' },
    'max-message': { type: 'string' },
    'close-timeout': { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
    ...PROXY_OPTION,
    ...TLS_EXTRA_OPTIONS,
  },
  async run(ctx) {
    const url = requirePositional(ctx, 0, 'URL', USAGE);
    noExtraPositionals(ctx, 1, USAGE);
    const verbose = flag(ctx, 'verbose');
    const opts = optionsFromCli(ctx);
    let session: WebSocketSession;
    try {
      session = await openWebSocket(url, opts);
    } catch (e) {
      if (!(e instanceof WebSocketError) || e.code === 'invalid-input') throw withInsecureHint(e);
      const err = withInsecureHint(e) as Error;
      if (ctx.json) {
        ctx.printJson({ url: redactUrls(url), error: { stage: e.stage, code: e.code, message: err.message }, ...(e.upgrade ? { upgrade: e.upgrade } : {}) });
        return 1;
      }
      if (verbose && e.upgrade?.request) for (const l of upgradeLines(e.upgrade)) ctx.err(l);
      ctx.err(`netprobe ws: ${err.message}`);
      return 1;
    }
    const i = session.info;
    if (verbose) {
      ctx.err(
        `* Connected to ${i.via !== 'direct' ? connectedTo(i) : `${i.host} (${i.remoteAddress}) port ${i.remotePort}`} in ${i.connectMs} ms${i.tls ? `, ${i.tls.protocol ?? ''} ${i.tls.cipher ?? ''}` : ''}`,
      );
      for (const l of upgradeLines(i.upgrade)) ctx.err(l);
      ctx.err(`* Upgraded in ${i.upgradeMs} ms${i.protocol ? `, subprotocol ${i.protocol}` : ''}${i.extensions ? `, extensions ${i.extensions}` : ''}`);
      session.on('frame', f => ctx.err(describeWebSocketFrame(f)));
    }
    const received: Array<Record<string, unknown>> = [];
    session.on('message', m => {
      if (!ctx.json) {
        ctx.out(messageLine(m));
        return;
      }
      received.push({
        type: m.type,
        atMs: m.atMs,
        length: m.data.length,
        ...(m.type === 'text' ? { text: m.data.toString('utf8') } : { hex: m.data.toString('hex') }),
      });
      if (received.length > JSON_MESSAGES_MAX) received.shift();
    });
    const onAbort = (): void => {
      session.close(1001).catch(() => undefined);
    };
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const stillOpen = await pumpStdin(session, session.closed).catch(() => session.state === 'open');
    if (stillOpen) session.close(1000).catch(() => undefined);
    const summary: WebSocketCloseSummary = await session.closed;
    ctx.signal.removeEventListener('abort', onAbort);
    if (ctx.json) {
      ctx.printJson({ ...infoJson(i), messages: received, frames: session.frames.map(webSocketFrameJson), close: summary });
    } else {
      ctx.err(
        `${summary.outcome === 'clean' ? 'Closed' : 'Closed abnormally'}: ${oneLine(summary.description)} ${summary.messagesOut} messages sent, ${summary.messagesIn} received in ${summary.durationMs} ms.`,
      );
    }
    return summary.outcome === 'clean' ? 0 : 1;
  },
};
