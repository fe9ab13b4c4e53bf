import { openSession } from '../../core/session/session';
import { TerminalByteDecoder } from '../../core/text/terminal';
import { flag, intOption, stringOption } from '../args';
import { hostAndPort } from '../host-port';
import { PROXY_OPTION, PROXY_USAGE, proxyFromCli } from '../proxy-option';
import { TLS_EXTRA_OPTIONS, TLS_EXTRA_USAGE, tlsExtrasFromCli } from '../tls-extras';
import { withInsecureHint } from '../tls-hint';
import { connectedTo } from '../../core/route/describe';
import type { CliCommand } from '../types';
import { formatCount, formatDuration } from '../../core/text/units';

export const ncCommand: CliCommand = {
  name: 'nc',
  summary:
    'Raw TCP/TLS session: stdin to HOST:PORT, replies to stdout (control bytes escaped on a terminal, as received in a pipe); stdin EOF half-closes (SHUT_WR) and drains the reply.',
  usage: `nc HOST PORT|HOST:PORT [--tls] [--insecure] [--cacert F] ${TLS_EXTRA_USAGE} [--crlf] [--idle-timeout MS] [--drain-timeout MS] [-v] [--timeout MS] ${PROXY_USAGE}`,
  options: {
    tls: { type: 'boolean' },
    insecure: { type: 'boolean', short: 'k' },
    cacert: { type: 'string' },
    crlf: { type: 'boolean', short: 'C' },
    'idle-timeout': { type: 'string' },
    'drain-timeout': { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
    ...PROXY_OPTION,
    ...TLS_EXTRA_OPTIONS,
  },
  async run(ctx) {
    const { host, port } = hostAndPort(ctx, this.usage);
    const num = (name: string): number | undefined => intOption(ctx, name, { unit: 'milliseconds' });
    const proxy = proxyFromCli(ctx);
    const ca = stringOption(ctx, 'cacert');
    const verbose = flag(ctx, 'verbose');
    const idle = num('idle-timeout');
    const session = await openSession(host, port, {
      timeout: ctx.timeout,
      signal: ctx.signal,
      ...(proxy ? { proxy } : {}),
      ...(idle ? { idleTimeout: idle } : {}),
      ...(flag(ctx, 'tls') ? { tls: { ...(flag(ctx, 'insecure') ? { insecure: true } : {}), ...(ca ? { caFile: ca } : {}), ...tlsExtrasFromCli(ctx) } } : {}),
    }).catch((e: unknown) => {
      throw withInsecureHint(e);
    });
    const i = session.info;
    if (verbose) {
      ctx.err(
        `* Connected to ${i.via !== 'direct' ? connectedTo(i) : `${host} (${i.remoteAddress}) port ${i.remotePort}`} from ${i.localAddress ?? '?'}:${i.localPort ?? '?'} in ${i.connectMs} ms${i.tls ? `, ${i.tls.protocol} ${i.tls.cipher}` : ''}`,
      );
      for (const o of i.socketOptions)
        ctx.err(`* ${o.name.padEnd(20)} ${o.state === 'unavailable' ? 'cannot set' : (o.value ?? 'default')}${o.effective ? ` (kernel: ${o.effective})` : ''}`);
    }
    // On a terminal the reply is shown, never obeyed (controls as \xNN); a pipe or file gets the bytes as received.
    const shown = process.stdout.isTTY ? new TerminalByteDecoder() : undefined;
    session.on('data', d => {
      process.stdout.write(shown ? shown.write(d) : d);
    });
    // Like ncat: once the peer has closed its side there is nothing more to read, so we close too.
    session.on('state', st => {
      if (st === 'remote-half-closed') session.close().catch(() => undefined);
    });
    const crlf = flag(ctx, 'crlf');
    const stdin = process.stdin;
    const onData = (chunk: Buffer): void => {
      const data = crlf ? Buffer.from(chunk.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1') : chunk;
      stdin.pause();
      session.write(data).then(
        () => stdin.resume(),
        () => stdin.destroy(),
      );
    };
    const onEnd = (): void => {
      session.shutdown(num('drain-timeout') ?? 10_000).catch(() => undefined);
    };
    stdin.on('data', onData);
    stdin.once('end', onEnd);
    const onAbort = (): void => {
      session.close().catch(() => undefined);
    };
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const summary = await session.closed;
    if (shown) process.stdout.write(shown.end());
    ctx.signal.removeEventListener('abort', onAbort);
    stdin.removeListener('data', onData);
    stdin.removeListener('end', onEnd);
    stdin.pause();
    stdin.unref?.();
    if (verbose)
      ctx.err(`* ${summary.description} ${formatCount(summary.bytesOut, 'byte')} sent, ${summary.bytesIn} received in ${formatDuration(summary.durationMs)}.`);
    return summary.how === 'error' ? 1 : 0;
  },
};
