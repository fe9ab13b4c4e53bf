import { NetProbeError, roundMs } from '../errors';
import { TlsVerificationError } from '../tls/connect';
import type { ConnectAttempt } from '../tcp/connect';
import type { TlsDetails } from '../tls/info';
import type { PreparedRequest } from './request-text';
import type { HttpTarget } from './target';
import { exchangeTimings } from './timings';
import type { HttpExchange, HttpPhase } from './types';

export type { HttpFailure, HttpPhase } from './types';

/**
 * Opening a connection failed in `phase`; keeps the set-up times measured until then, what is known of the peer
 * and (for a certificate that did not verify) the chain. Core-internal: `sendHttp` turns it into an {@link HttpFailure}.
 */
export class ConnectionFailure extends NetProbeError {
  constructor(
    readonly original: NetProbeError,
    readonly phase: 'dns' | 'connect' | 'tls',
    readonly times: { dns: number; connect: number; tls: number },
    readonly peer: { remoteAddress?: string; remotePort?: number; localAddress?: string; localPort?: number; via?: string; attempts?: ConnectAttempt[] },
  ) {
    super(original.code, original.message, original.errno, { cause: original });
  }

  /** The chain the server presented, when TLS got that far. */
  get tls(): TlsDetails | undefined {
    return this.original instanceof TlsVerificationError ? this.original.details : undefined;
  }
}

/** The phase a failed exchange stopped in (the request was being written, awaited, or its response read). */
export function exchangePhase(ex: Pick<HttpExchange, 'response' | 'bytesReceived'>, written: boolean): HttpPhase {
  if (!written) return 'send';
  return ex.bytesReceived > 0 || ex.response ? 'download' : 'wait';
}

/** The exchange of a request whose connection failed: nothing was sent; the request's bytes are known. */
export function unsentExchange(
  f: ConnectionFailure,
  at: { index: number; hop: number; url: string; id: number; target: HttpTarget; request: PreparedRequest; wireCap: number },
): HttpExchange {
  const { dns, connect, tls } = f.times;
  const { timings, curl } = exchangeTimings({ dns, connect, tls, send: 0, wait: 0, download: 0, total: roundMs(dns + connect + tls) });
  const p = f.peer;
  const t = f.tls;
  return {
    index: at.index,
    hop: at.hop,
    url: at.url,
    connection: {
      id: at.id,
      target: at.target,
      remoteAddress: p.remoteAddress ?? '',
      remotePort: p.remotePort ?? at.target.port,
      ...(p.localAddress ? { localAddress: p.localAddress } : {}),
      ...(p.localPort ? { localPort: p.localPort } : {}),
      via: p.via ?? 'direct',
      attempts: p.attempts ?? [],
      ...(t ? { tls: t } : {}),
    },
    reused: false,
    request: at.request,
    timings,
    curl,
    bytesSent: 0,
    bytesReceived: 0,
    wire: {
      sent: at.request.bytes.subarray(0, at.wireCap),
      received: Buffer.alloc(0),
      sentTruncated: at.request.bytes.length > at.wireCap,
      receivedTruncated: false,
    },
    warnings: [...at.request.warnings],
    violations: [],
    error: { code: f.code, message: f.message, ...(f.errno ? { errno: f.errno } : {}), phase: f.phase, unsent: true },
  };
}
