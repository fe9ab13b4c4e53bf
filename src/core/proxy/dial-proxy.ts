import type * as net from 'net';
import { domainToASCII } from 'url';
import { parseAddressLiteral } from '../address/literal';
import { assertHostName } from '../address/host-name';
import type { NetProbeErrorCode } from '../errors';
import { DEFAULT_TIMEOUT_MS, errorMessage, NetProbeError, nowMs, roundMs } from '../errors';
import { resolve } from '../resolve/resolve';
import type { DirectDialOptions, DirectDialed } from '../tcp/dial';
import { dialDirect } from '../tcp/dial';
import { startTls } from '../tls/connect';
import { ProxyError } from './errors';
import type { HandshakeResult } from './handshake';
import { socksHandshake } from './handshake';
import { httpConnectHandshake } from './http-connect';
import type { NameResolver, ProxyConfig, ProxyHop, ProxyRoute, ProxyStageTiming } from './types';
import { formatProxyHop, formatProxyUrl, isHttpProxy, nameResolverOf, proxyHops } from './url';
import { formatHostPort } from '../address/host-port';

/** A connection made through a proxy (chain), with the route it took. */
export interface ProxyDialed extends DirectDialed {
  proxy: ProxyRoute;
}

interface Deadline {
  signal: AbortSignal;
  remaining(): number;
  dispose(): void;
}

/** One timer and the caller's signal folded into an AbortSignal whose reason is `'timeout'` or `'aborted'`. */
function deadline(opts: DirectDialOptions): Deadline {
  const timeout = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  const end = nowMs() + timeout;
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort('timeout'), timeout);
  const onAbort = (): void => ac.abort('aborted');
  if (opts.signal?.aborted) ac.abort('aborted');
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: ac.signal,
    remaining: () => Math.max(1, Math.round(end - nowMs())),
    dispose: () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    },
  };
}

function stopped(d: Deadline, stage: ProxyError['stage'], hop: number, what: string): ProxyError | undefined {
  if (!d.signal.aborted) return undefined;
  return d.signal.reason === 'timeout'
    ? new ProxyError('timeout', stage, hop, `${what} did not finish in time.`)
    : new ProxyError('aborted', stage, hop, 'The proxied connection was cancelled.');
}

/** What to send a hop as the address to connect to, resolving locally when its protocol says so. */
async function destinationFor(
  hop: ProxyHop,
  hopIndex: number,
  host: string,
  family: 4 | 6 | undefined,
  d: Deadline,
): Promise<{ host: string; resolvedBy: NameResolver; dnsMs: number }> {
  const v4only = hop.protocol.startsWith('socks4');
  const literal = parseAddressLiteral(host);
  if (literal) {
    if (v4only && literal.family === 6) {
      throw new ProxyError('invalid-input', 'request', hopIndex, `SOCKS4 can only reach IPv4 addresses, not ${host}; use socks5:// or socks5h://.`);
    }
    return { host: literal.address, resolvedBy: 'none', dnsMs: 0 };
  }
  if (nameResolverOf(hop.protocol) === 'proxy') {
    const ascii = domainToASCII(host.trim().replace(/\.$/, ''));
    if (ascii === '' || ascii.length > 255)
      throw new ProxyError('invalid-input', 'request', hopIndex, `"${host}" is not a valid host name to send to the proxy.`);
    return { host: ascii, resolvedBy: 'proxy', dnsMs: 0 };
  }
  const t0 = nowMs();
  try {
    const r = await resolve(host, { timeout: d.remaining(), signal: d.signal, family: v4only ? 4 : family });
    const first = r.addresses[0];
    if (!first) throw new NetProbeError('dns-error', `"${host}" has no address.`);
    return { host: first.address, resolvedBy: 'client', dnsMs: roundMs(nowMs() - t0) };
  } catch (e) {
    const s = stopped(d, 'resolve', hopIndex, `Resolving "${host}"`);
    if (s) throw s;
    const text = errorMessage(e);
    const hint = v4only ? ' SOCKS4 needs an IPv4 address; socks4a:// lets the proxy resolve the name.' : ' socks5h:// lets the proxy resolve the name.';
    throw new ProxyError('dns-error', 'resolve', hopIndex, `${text}${hint}`);
  }
}

function proxyConnectError(e: unknown, hop: ProxyHop, d: Deadline): ProxyError {
  const s = stopped(d, 'proxy-connect', 0, `Connecting to the proxy ${hop.host}:${hop.port}`);
  if (s) return s;
  const err = e instanceof NetProbeError ? e : new NetProbeError('os-error', String(e));
  const why: Partial<Record<NetProbeErrorCode, string>> = {
    refused: 'connection refused (is the proxy running, on that port?)',
    timeout: 'no answer (the proxy host is down or a firewall drops the packets)',
    unreachable: 'no route to the proxy host',
    'dns-error': 'its host name could not be resolved',
  };
  const code: NetProbeErrorCode = err.code === 'timeout' || err.code === 'aborted' || err.code === 'invalid-input' ? err.code : 'proxy';
  return new ProxyError(code, 'proxy-connect', 0, `Cannot reach the proxy ${formatProxyHop(hop)}: ${why[err.code] ?? err.message}.`, undefined, err.errno);
}

/** TLS to an `https://` proxy over `socket` (TCP to it, or a tunnel through the hops before it). */
async function proxyTls(
  socket: net.Socket,
  hop: ProxyHop,
  hopIndex: number,
  where: string,
  d: Deadline,
): Promise<{ socket: net.Socket; stage: ProxyStageTiming }> {
  try {
    const t = await startTls(socket, hop.host, { alpn: ['http/1.1'], ...hop.tls, timeout: d.remaining(), signal: d.signal });
    const verified = t.details.authorized
      ? 'certificate verified'
      : `certificate NOT verified (${t.details.authorizationError ?? 'untrusted'}; accepted as asked)`;
    return {
      socket: t.socket,
      stage: { stage: 'proxy-tls', hop: hopIndex, elapsedMs: t.handshakeMs, detail: `${t.details.protocol} ${t.details.cipher}, ${verified}` },
    };
  } catch (e) {
    const s = stopped(
      d,
      'proxy-tls',
      hopIndex,
      `The TLS handshake with the ${where} (if it is a plain HTTP proxy, write http://: a plain proxy waits silently for a request line)`,
    );
    if (s) throw s;
    const err = e instanceof NetProbeError ? e : new NetProbeError('tls', errorMessage(e));
    if (err.code === 'invalid-input') throw new ProxyError('invalid-input', 'proxy-tls', hopIndex, err.message);
    const hint =
      err.code === 'tls' && /certificate|self.signed|issuer/i.test(err.message)
        ? " Trust the proxy's CA (a CA file for the proxy) or accept it insecurely."
        : '';
    throw new ProxyError('tls', 'proxy-tls', hopIndex, `TLS with the ${where} failed: ${err.message}${hint}`, undefined, err.errno);
  }
}

/** The handshake of one hop on `socket`: SOCKS, or HTTP CONNECT (after TLS for `https://`). */
async function hopHandshake(
  socket: net.Socket,
  hop: ProxyHop,
  hopIndex: number,
  dest: { host: string; port: number },
  d: Deadline,
  where: string,
): Promise<HandshakeResult & { socket: net.Socket }> {
  if (!isHttpProxy(hop.protocol)) return { ...(await socksHandshake(socket, hop, hopIndex, dest, d.signal, d.remaining(), where)), socket };
  const stages: ProxyStageTiming[] = [];
  let s = socket;
  if (hop.protocol === 'https') {
    const t = await proxyTls(socket, hop, hopIndex, where, d);
    s = t.socket;
    stages.push(t.stage);
  }
  try {
    const r = await httpConnectHandshake(s, hop, hopIndex, dest, d.signal, where);
    return { stages: [...stages, ...r.stages], socket: s };
  } catch (e) {
    if (e instanceof ProxyError) e.completed = [...stages, ...e.completed];
    throw e;
  }
}

/**
 * Connects to `host:port` through a proxy (or a chain mixing SOCKS and HTTP): resolves the target locally for
 * `socks4` and `socks5`, lets the proxy resolve it for `socks4a`, `socks5h`, `http` and `https`, then runs each
 * hop's handshake (SOCKS, or TLS for `https://` then HTTP CONNECT) through the tunnel of the hops before it. One
 * deadline (`opts.timeout`) covers everything. Throws {@link ProxyError} naming the failing stage and hop.
 */
export async function dialViaProxy(host: string, port: number, proxy: ProxyConfig, opts: DirectDialOptions): Promise<ProxyDialed> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new NetProbeError('invalid-input', `Port ${port} is out of range (1–65535).`);
  if (!parseAddressLiteral(host)) assertHostName(host);
  const hops = proxyHops(proxy);
  const lastIndex = hops.length - 1;
  const last = hops[lastIndex] ?? proxy;
  const d = deadline(opts);
  const start = nowMs();
  let socket: net.Socket | undefined;
  const stages: ProxyStageTiming[] = [];
  try {
    const target = await destinationFor(last, lastIndex, host, opts.family, d);
    if (target.resolvedBy === 'client') stages.push({ stage: 'resolve', hop: lastIndex, elapsedMs: target.dnsMs, detail: `${host} → ${target.host}` });
    const first = hops[0] ?? proxy;
    let conn: DirectDialed;
    try {
      conn = await dialDirect(first.host, first.port, { timeout: d.remaining(), signal: d.signal });
    } catch (e) {
      throw proxyConnectError(e, first, d);
    }
    socket = conn.socket;
    stages.push({
      stage: 'proxy-connect',
      hop: 0,
      elapsedMs: roundMs(conn.dnsMs + conn.connectMs),
      detail: formatHostPort(conn.remoteAddress, conn.remotePort),
    });
    let dnsMs = target.dnsMs;
    let bound: ProxyRoute['bound'];
    for (let i = 0; i <= lastIndex; i++) {
      const hop = hops[i] ?? proxy;
      let dest = { host: target.host, port };
      if (i < lastIndex) {
        const nextHop = hops[i + 1] ?? proxy;
        const nd = await destinationFor(hop, i, nextHop.host, undefined, d);
        dnsMs += nd.dnsMs;
        dest = { host: nd.host, port: nextHop.port };
      }
      const plain = formatProxyHop({ protocol: hop.protocol, host: hop.host, port: hop.port });
      const where = hops.length > 1 ? `proxy ${i + 1} of ${hops.length} (${plain})` : `proxy ${formatHostPort(hop.host, hop.port)}`;
      const r = await hopHandshake(socket, hop, i, dest, d, where);
      socket = r.socket;
      stages.push(...r.stages);
      bound = r.bound;
    }
    const route: ProxyRoute = {
      urls: hops.map(formatProxyHop),
      resolvedBy: target.resolvedBy,
      requested: { host: target.host, port },
      ...(bound ? { bound } : {}),
      stages,
    };
    const total = roundMs(nowMs() - start);
    return {
      socket,
      remoteAddress: conn.remoteAddress,
      remotePort: conn.remotePort,
      localAddress: conn.localAddress,
      localPort: conn.localPort,
      dnsMs: roundMs(dnsMs),
      connectMs: roundMs(Math.max(0, total - dnsMs)),
      attempts: conn.attempts,
      via: formatProxyUrl(proxy),
      proxy: route,
    };
  } catch (e) {
    socket?.destroy();
    if (e instanceof ProxyError) e.completed = [...stages, ...e.completed];
    throw e;
  } finally {
    d.dispose();
  }
}
