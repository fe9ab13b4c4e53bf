import type * as net from 'net';
import { parseAddressLiteral } from '../address/literal';
import { NetProbeError, nowMs, roundMs, throwIfAborted } from '../errors';
import { resolve } from '../resolve/resolve';
import { dialViaProxy } from '../proxy/dial-proxy';
import { ProxyError } from '../proxy/errors';
import type { ProxyConfig } from '../proxy/types';
import { formatProxyUrl, nameResolverOf, proxyHops } from '../proxy/url';
import { toBanner } from './banner';
import { parsePortSpec } from './ports';
import { serviceName } from './services';
import { DEFAULT_PROXY_SCAN_CONCURRENCY, PROXY_MIN_PORT_TIMEOUT_MS } from './tuning';
import type { PortState, ScanOptions, ScanPortResult, ScanResult, ScanTarget } from './types';
import { formatDuration } from '../text/units';

const MAX_BANNER_BYTES = 1024;
const PROGRESS_MS = 100;

/** {@link ScanResult} of a scan through a proxy, with the route. */
export interface ProxyScanResult extends ScanResult {
  via: string;
  resolvedBy: NonNullable<ScanResult['resolvedBy']>;
}

function readBanner(socket: net.Socket, timeout: number): Promise<ScanPortResult['banner']> {
  return new Promise(resolveBanner => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolveBanner(size ? toBanner(Buffer.concat(chunks).subarray(0, MAX_BANNER_BYTES)) : undefined);
    };
    const timer = setTimeout(finish, timeout);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      size += d.length;
      if (size >= MAX_BANNER_BYTES) finish();
    });
    socket.once('error', finish);
    socket.once('end', finish);
  });
}

/** Maps a failed proxied connect to a port state; proxy-level failures (not about this port) are rethrown. */
function stateOf(e: unknown): { state: PortState; errno?: string } {
  if (!(e instanceof ProxyError) || e.stage !== 'request' || e.code === 'aborted') throw e;
  if (e.code === 'refused') return { state: 'closed', errno: 'ECONNREFUSED' };
  if (e.code === 'timeout') return { state: 'filtered' };
  if (e.code === 'unreachable') return { state: 'filtered', errno: e.reply === 3 ? 'ENETUNREACH' : 'EHOSTUNREACH' };
  return { state: 'error', errno: e.statusLine !== undefined ? `HTTP ${e.reply ?? '?'}` : e.reply !== undefined ? `SOCKS reply ${e.reply}` : 'EPROTO' };
}

/**
 * TCP connect scan through a proxy (SOCKS or HTTP, or a chain): each probe is a CONNECT request, so `open` means
 * the proxy reached the port, `closed` that the target refused (SOCKS5 reply 5, SOCKS4 reply 91, an HTTP proxy's
 * 500/502/503 or a refusal it names), `filtered` that it timed out or was unreachable from the proxy, `error` that
 * the proxy's rules forbid that port (HTTP 403). A failure of the proxy itself (down, auth rejected)
 * stops the scan with that error. Runs in this thread with a small pool (default 32 connections).
 */
export async function scanViaProxy(host: string, proxy: ProxyConfig, opts: ScanOptions = {}): Promise<ProxyScanResult> {
  const start = nowMs();
  const spec = opts.ports ?? 'top1000';
  const ports = parsePortSpec(spec);
  const concurrency = opts.concurrency ?? DEFAULT_PROXY_SCAN_CONCURRENCY;
  const portTimeout = opts.portTimeout ?? PROXY_MIN_PORT_TIMEOUT_MS;
  const retries = opts.retries ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000)
    throw new NetProbeError('invalid-input', 'Concurrency through a proxy must be a whole number from 1 to 1000.');
  const hops = proxyHops(proxy);
  const last = hops[hops.length - 1] ?? proxy;
  const literal = parseAddressLiteral(host);
  let targets: ScanTarget[];
  let resolvedBy: ProxyScanResult['resolvedBy'];
  if (literal) {
    targets = [{ address: literal.address, family: literal.family }];
    resolvedBy = 'none';
  } else if (nameResolverOf(last.protocol) === 'proxy') {
    targets = [{ address: host, family: opts.family ?? 4 }];
    resolvedBy = 'proxy';
  } else {
    const family = last.protocol.startsWith('socks4') ? 4 : opts.family;
    const r = await resolve(host, { family, signal: opts.signal, timeout: opts.timeout ?? portTimeout });
    targets = r.addresses.map(a => ({ address: a.address, family: a.family }));
    resolvedBy = 'client';
  }
  const ac = new AbortController();
  const onAbort = (): void => ac.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const deadline = opts.timeout !== undefined ? setTimeout(() => ac.abort('timeout'), opts.timeout) : undefined;
  const probes = targets.flatMap((_t, ti) => ports.map(port => ({ ti, port })));
  const results: Array<ScanPortResult | undefined> = new Array<ScanPortResult | undefined>(probes.length);
  const counts: Record<PortState, number> = { open: 0, closed: 0, filtered: 0, error: 0 };
  let next = 0;
  let done = 0;
  let lastProgress = -Infinity;
  let failure: unknown;

  const probe = async (i: number): Promise<void> => {
    const p = probes[i];
    const t = p ? targets[p.ti] : undefined;
    if (!p || !t) return;
    let out: ScanPortResult = { address: t.address, family: t.family, port: p.port, state: 'filtered' };
    for (let attempt = 0; attempt <= retries; attempt++) {
      try {
        const d = await dialViaProxy(t.address, p.port, proxy, { timeout: portTimeout, signal: ac.signal });
        const rtt = d.proxy?.stages.find(s => s.stage === 'request' && s.hop === hops.length - 1)?.elapsedMs;
        out = { ...out, state: 'open', ...(rtt !== undefined ? { rttMs: rtt } : {}) };
        if (opts.banner) {
          const banner = await readBanner(d.socket, opts.bannerTimeout ?? 2000);
          if (banner) out.banner = banner;
        } else {
          d.socket.destroy();
        }
        break;
      } catch (e) {
        if (ac.signal.aborted) throw e;
        const s = stateOf(e);
        out = { address: t.address, family: t.family, port: p.port, state: s.state, ...(s.errno ? { errno: s.errno } : {}) };
        if (s.state !== 'filtered') break;
      }
    }
    const service = serviceName(p.port);
    if (service) out.service = service;
    counts[out.state]++;
    done++;
    if (out.state !== 'closed' || opts.includeClosed) {
      results[i] = out;
      opts.onResult?.(out);
    }
    const elapsedMs = roundMs(nowMs() - start);
    // About ten progress reports a second (as scanPorts), and always the last one.
    if (done < probes.length && elapsedMs - lastProgress < PROGRESS_MS) return;
    lastProgress = elapsedMs;
    opts.onProgress?.({ done, total: probes.length, open: counts.open, elapsedMs, rate: elapsedMs > 0 ? Math.round(done / (elapsedMs / 1000)) : 0 });
  };
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < probes.length) {
      const i = next++;
      try {
        await probe(i);
      } catch (e) {
        failure ??= e;
        ac.abort();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, probes.length) }, worker));
  } finally {
    clearTimeout(deadline);
    opts.signal?.removeEventListener('abort', onAbort);
  }
  throwIfAborted(opts.signal);
  if (ac.signal.reason === 'timeout') throw new NetProbeError('timeout', `The port scan did not finish within ${formatDuration(opts.timeout ?? 0)}.`);
  if (failure !== undefined) throw failure instanceof Error ? failure : new NetProbeError('os-error', 'The proxied scan failed.');
  const found = results.filter((r): r is ScanPortResult => r !== undefined);
  return {
    host,
    targets,
    spec,
    portCount: ports.length,
    ports: found,
    open: [...new Set(found.filter(r => r.state === 'open').map(r => r.port))].sort((a, b) => a - b),
    counts,
    elapsedMs: roundMs(nowMs() - start),
    via: formatProxyUrl(proxy),
    resolvedBy,
  };
}
