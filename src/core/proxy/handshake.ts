import type * as net from 'net';
import { Duplex } from 'stream';
import { SocksClient } from 'socks';
import type { NetProbeError } from '../errors';
import { nowMs, roundMs } from '../errors';
import { ProxyError, socks4Reply, socks5Reply } from './errors';
import type { ProxyHop, ProxyStage, ProxyStageTiming } from './types';
import { formatHostPort } from '../address/host-port';
import { formatIpv6 } from '../address/ipv6';

/** What the SOCKS handshake with one proxy found. */
export interface HandshakeResult {
  stages: ProxyStageTiming[];
  /** BND.ADDR/BND.PORT from a SOCKS5 reply. */
  bound?: { host: string; port: number };
}

const STAGE_TEXT: Record<ProxyStage, string> = {
  resolve: 'resolving the target name',
  'proxy-connect': 'connecting to the proxy',
  'proxy-tls': 'the TLS handshake with the proxy',
  greeting: 'the SOCKS5 greeting (choosing an authentication method)',
  auth: 'username/password authentication',
  request: 'the CONNECT request',
};

/** Human text for a stage, for messages. */
export function describeStage(stage: ProxyStage): string {
  return STAGE_TEXT[stage];
}

function hex(b: Buffer): string {
  const text = [...b.subarray(0, 8)].map(x => x.toString(16).padStart(2, '0')).join(' ');
  return b.subarray(0, 5).toString('latin1') === 'HTTP/'
    ? `${text} ("HTTP/": this is an HTTP server or proxy, not SOCKS; an HTTP proxy is written http://host:port)`
    : text;
}

/**
 * Runs the SOCKS handshake for `hop` on an open socket to it, asking it to connect to `dest`. The `socks`
 * package builds the requests; this reads exactly the reply bytes each stage needs (so bytes the target
 * sends right after the reply stay in the socket for the caller), times each stage and turns failures
 * into {@link ProxyError}s naming the stage. `signal` aborts with reason `'timeout'` or `'aborted'`;
 * `timeoutMs` is the time left until that deadline.
 */
export function socksHandshake(
  socket: net.Socket,
  hop: ProxyHop,
  hopIndex: number,
  dest: { host: string; port: number },
  signal: AbortSignal,
  timeoutMs: number,
  where = `proxy ${formatHostPort(hop.host, hop.port)}`,
): Promise<HandshakeResult> {
  const v5 = hop.protocol.startsWith('socks5');
  const withAuth = v5 && (hop.username !== undefined || hop.password !== undefined);
  const stages: ProxyStageTiming[] = [];
  let stage: ProxyStage = v5 ? 'greeting' : 'request';
  let stageStart = nowMs();
  let need = v5 ? 2 : 8;
  let header: Buffer | undefined;
  let bound: HandshakeResult['bound'];
  const target = formatHostPort(dest.host, dest.port);

  return new Promise<HandshakeResult>((resolve, reject) => {
    let settled = false;
    const shim = new Duplex({
      read() {
        /* fed by onReadable */
      },
      write(chunk: Buffer, _enc, cb) {
        if (!socket.destroyed) socket.write(chunk);
        cb();
      },
    });
    const client = new SocksClient({
      command: 'connect',
      destination: dest,
      proxy: {
        host: hop.host,
        port: hop.port,
        type: v5 ? 5 : 4,
        ...(hop.username !== undefined ? { userId: hop.username } : {}),
        ...(hop.password !== undefined ? { password: hop.password } : {}),
      },
      existing_socket: shim,
      // Our own deadline (signal) decides; the package's timer (never cleared) must just outlive it.
      timeout: timeoutMs + 1000,
    });
    const cleanup = (): void => {
      socket.removeListener('readable', onReadable);
      socket.removeListener('end', onEnd);
      socket.removeListener('close', onEnd);
      socket.removeListener('error', onError);
      signal.removeEventListener('abort', onAbort);
      client.removeAllListeners();
      client.on('error', () => undefined);
      shim.removeAllListeners();
      shim.on('error', () => undefined);
    };
    const fail = (e: NetProbeError): void => {
      if (settled) return;
      settled = true;
      if (e instanceof ProxyError) e.completed = [...stages];
      cleanup();
      socket.destroy();
      shim.destroy();
      reject(e);
    };
    const failHere = (code: ConstructorParameters<typeof ProxyError>[0], message: string, reply?: number, errno?: string): void =>
      fail(new ProxyError(code, stage, hopIndex, message, reply, errno));
    const done = (): void => {
      stages.push({
        stage,
        hop: hopIndex,
        elapsedMs: roundMs(nowMs() - stageStart),
        detail: 'granted' + (bound ? `, bound ${formatHostPort(bound.host, bound.port)}` : ''),
      });
    };
    const next = (s: ProxyStage, bytes: number, detail: string): void => {
      stages.push({ stage, hop: hopIndex, elapsedMs: roundMs(nowMs() - stageStart), detail });
      stage = s;
      stageStart = nowMs();
      need = bytes;
    };
    const withRest = (b: Buffer): Buffer => {
      const rest = socket.read() as Buffer | null;
      return rest ? Buffer.concat([b, rest]) : b;
    };
    const onGreeting = (b: Buffer): void => {
      if (b[0] !== 5) return failHere('proxy', `The ${where} is not a SOCKS5 proxy: its greeting reply starts with ${hex(withRest(b))}.`);
      const method = b[1];
      if (method === 0xff) {
        return failHere(
          'proxy',
          withAuth
            ? `The ${where} accepts none of the offered authentication methods (none, username/password).`
            : `The ${where} requires authentication: give a user name and password (socks5://user:pass@host).`,
          0xff,
        );
      }
      if (method === 2 && !withAuth) return failHere('proxy', `The ${where} chose username/password authentication, which was not offered.`, method);
      if (method !== 0 && method !== 2)
        return failHere('proxy', `The ${where} chose authentication method ${method}, which NetProbe does not support.`, method);
      shim.push(b);
      if (method === 2) next('auth', 2, 'method username/password');
      else next('request', 5, 'method none');
    };
    const onAuth = (b: Buffer): void => {
      if (b[1] !== 0) {
        const hint = hop.password === undefined ? ' No password was given.' : '';
        return failHere('proxy', `The ${where} rejected the user name or password (status ${b[1]}).${hint}`, b[1]);
      }
      shim.push(b);
      next('request', 5, 'accepted');
    };
    const onSocks5Reply = (b: Buffer): void => {
      if (!header) {
        if (b[0] !== 5) return failHere('proxy', `The ${where} sent a malformed SOCKS5 reply (${hex(b)}).`);
        const rep = b[1] ?? 1;
        if (rep !== 0) {
          const r = socks5Reply(rep);
          return failHere(r.code, `The ${where} could not connect to ${target}: ${r.text} (SOCKS5 reply ${rep}).`, rep);
        }
        const atyp = b[3];
        const total = atyp === 1 ? 10 : atyp === 4 ? 22 : atyp === 3 ? 7 + (b[4] ?? 0) : 0;
        if (total === 0) return failHere('proxy', `The ${where} sent a SOCKS5 reply with unknown address type ${atyp}.`);
        header = b;
        need = total - 5;
        return;
      }
      const full = Buffer.concat([header, b]);
      const atyp = full[3];
      const host =
        atyp === 1 ? [...full.subarray(4, 8)].join('.') : atyp === 4 ? formatIpv6(full.subarray(4, 20)) : full.subarray(5, full.length - 2).toString('latin1');
      const boundPort = full.readUInt16BE(full.length - 2);
      if (boundPort !== 0) bound = { host, port: boundPort };
      need = 0;
      shim.push(full);
    };
    const onSocks4Reply = (b: Buffer): void => {
      if (b[0] !== 0 && b[0] !== 4) return failHere('proxy', `The ${where} is not a SOCKS4 proxy: its reply starts with ${hex(withRest(b))}.`);
      if (b[1] !== 90) return failHere('refused', `The ${where} could not connect to ${target}: ${socks4Reply(b[1] ?? 0)} (SOCKS4 reply ${b[1]}).`, b[1]);
      need = 0;
      shim.push(b);
    };
    const onReadable = (): void => {
      while (!settled && need > 0) {
        const chunk = socket.read(need) as Buffer | null;
        if (chunk === null) return;
        if (chunk.length < need) return onEnd();
        if (stage === 'greeting') onGreeting(chunk);
        else if (stage === 'auth') onAuth(chunk);
        else if (v5) onSocks5Reply(chunk);
        else onSocks4Reply(chunk);
      }
    };
    const onEnd = (): void =>
      failHere('proxy', `The ${where} closed the connection during ${describeStage(stage)}${stage === 'request' ? ` to ${target}` : ''}.`);
    const onError = (e: Error & { code?: string }): void =>
      failHere('proxy', `The connection to the ${where} failed during ${describeStage(stage)}: ${e.code ?? e.message}.`, undefined, e.code);
    const onAbort = (): void => {
      if (signal.reason === 'timeout') failHere('timeout', `The ${where} did not answer during ${describeStage(stage)} in time.`);
      else failHere('aborted', 'The proxied connection was cancelled.');
    };
    client.once('established', () => {
      if (settled) return;
      settled = true;
      done();
      cleanup();
      resolve(bound ? { stages, bound } : { stages });
    });
    client.once('error', (e: Error) => failHere('proxy', `The ${where} handshake failed: ${e.message}.`));
    socket.on('readable', onReadable);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.once('error', onError);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    stageStart = nowMs();
    client.connect(shim);
    onReadable();
  });
}
