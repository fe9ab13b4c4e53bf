import * as fs from 'fs';
import * as net from 'net';
import * as tls from 'tls';
import type { OperationOptions } from '../errors';
import { DEFAULT_TIMEOUT_MS, errorMessage, isErrnoException, NetProbeError, nowMs, roundMs } from '../errors';
import type { TlsDetails } from './tls-info';
import { explainCertError, tlsDetails } from './tls-info';

/** TLS settings for a connection. Verification is on unless `insecure` is set. */
export interface TlsOptions {
  /** SNI name; defaults to the host when it is a name (never sent for IP addresses). */
  servername?: string;
  /** ALPN protocols to offer (default `['http/1.1']`; empty offers none). */
  alpn?: string[];
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  /** Accept an untrusted, expired or mismatched certificate (the problem is still reported). */
  insecure?: boolean;
  /** PEM file with the CA certificates to trust instead of the built-in list. */
  caFile?: string;
  /** PEM text of CA certificates to trust instead of the built-in list. */
  ca?: string;
  /**
   * A context made once with {@link createTlsContext} and reused for many connections (CA parsing costs
   * more than a loopback request); when given, `ca`, `caFile`, `minVersion` and `maxVersion` are taken from it.
   */
  secureContext?: tls.SecureContext;
}

/** Builds a TLS context from `ca`/`caFile` and version bounds, to pass as `secureContext` to many connections. */
export function createTlsContext(opts: TlsOptions): tls.SecureContext {
  const ca = readCa(opts);
  return tls.createSecureContext({ ...(ca ? { ca } : {}), ...(opts.minVersion ? { minVersion: opts.minVersion } : {}), ...(opts.maxVersion ? { maxVersion: opts.maxVersion } : {}) });
}

/**
 * A certificate verification failure; `details` still has the chain the server presented. The message names the
 * problem; each front end adds how to go on anyway (its own insecure switch) or to trust a private CA.
 */
export class TlsVerificationError extends NetProbeError {
  constructor(message: string, readonly details: TlsDetails, errno?: string) {
    super('tls', message, errno);
  }
}

/** True when `e` (or the error it wraps, e.g. an `HttpError`) is a certificate that did not verify. */
export function isUntrustedCertificate(e: unknown): boolean {
  return e instanceof TlsVerificationError || (e instanceof Error && e.cause instanceof TlsVerificationError);
}

/** A TLS session over an existing TCP socket. */
export interface TlsConnected {
  socket: tls.TLSSocket;
  details: TlsDetails;
  handshakeMs: number;
}

function readCa(opts: TlsOptions): string | undefined {
  if (opts.ca) return opts.ca;
  if (!opts.caFile) return undefined;
  try {
    return fs.readFileSync(opts.caFile, 'utf8');
  } catch (e) {
    throw new NetProbeError('invalid-input', `Cannot read the CA file ${opts.caFile}: ${isErrnoException(e) ? e.code : String(e)}.`);
  }
}

/** Maps a handshake failure (not a certificate problem) to a plain-language NetProbeError. */
function handshakeError(e: unknown, where: string): NetProbeError {
  const code = isErrnoException(e) ? e.code : undefined;
  const msg = errorMessage(e);
  if (code === 'ECONNRESET') return new NetProbeError('tls', `${where} reset the connection during the TLS handshake: it may not speak TLS on this port, or it rejected the TLS version or SNI.`, code, { cause: e });
  if (/wrong version number|packet length too long|unknown protocol/i.test(msg)) return new NetProbeError('tls', `${where} did not answer with TLS: the port probably speaks plain text (try without TLS).`, code, { cause: e });
  if (/unsupported protocol|no protocols available|version too low|protocol version/i.test(msg)) return new NetProbeError('tls', `No TLS version acceptable to both sides with ${where} (${msg}).`, code, { cause: e });
  if (/handshake failure|no shared cipher|sslv3 alert/i.test(msg)) return new NetProbeError('tls', `${where} refused the TLS handshake (${msg}).`, code, { cause: e });
  if (/socket disconnected|ECONNRESET|EPIPE/i.test(msg) || code === 'EPIPE') return new NetProbeError('tls', `${where} closed the connection during the TLS handshake: it may not speak TLS on this port.`, code, { cause: e });
  return new NetProbeError('tls', `The TLS handshake with ${where} failed: ${msg}`, code, { cause: e });
}

/**
 * Layers TLS on a connected socket (from `dial()`), with SNI, ALPN and version bounds. The handshake
 * always completes far enough to report the chain; an untrusted or mismatched certificate then fails
 * with a `tls` error naming the problem unless `insecure` is set. Destroys the socket on failure.
 */
export function startTls(socket: net.Socket, host: string, opts: TlsOptions & OperationOptions = {}): Promise<TlsConnected> {
  const started = nowMs();
  const servername = opts.servername ?? (net.isIP(host) ? undefined : host);
  const where = `${host}`;
  let ca: string | undefined;
  try {
    ca = opts.secureContext ? undefined : readCa(opts);
  } catch (e) {
    socket.destroy();
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
  const timeout = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  return new Promise<TlsConnected>((resolve, reject) => {
    // Node builds the detailed peer certificate for its own host-name check; keep it rather than asking
    // for it again (each getPeerCertificate(true) costs about as much as a loopback request).
    let peer: tls.PeerCertificate | undefined;
    const t = tls.connect({
      socket,
      host,
      ...(servername ? { servername } : {}),
      ALPNProtocols: opts.alpn ?? ['http/1.1'],
      rejectUnauthorized: false,
      checkServerIdentity: (name, cert) => {
        peer = cert;
        return tls.checkServerIdentity(name, cert);
      },
      ...(opts.secureContext ? { secureContext: opts.secureContext } : {
        ...(opts.minVersion ? { minVersion: opts.minVersion } : {}),
        ...(opts.maxVersion ? { maxVersion: opts.maxVersion } : {}),
        ...(ca ? { ca } : {}),
      }),
    });
    let done = false;
    const finish = (err?: NetProbeError): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      t.removeListener('error', onError);
      t.removeListener('close', onClose);
      if (err) {
        t.destroy();
        socket.destroy();
        reject(err);
        return;
      }
      const details = tlsDetails(t, servername, peer as tls.DetailedPeerCertificate | undefined);
      if (!details.authorized && details.authorizationCode) details.authorizationError = explainCertError(details.authorizationCode, host);
      if (!details.authorized && !opts.insecure) {
        t.destroy();
        reject(new TlsVerificationError(details.authorizationError ?? 'The certificate is not trusted.', details, details.authorizationCode));
        return;
      }
      resolve({ socket: t, details, handshakeMs: roundMs(nowMs() - started) });
    };
    const onError = (e: unknown): void => finish(handshakeError(e, where));
    const onAbort = (): void => finish(new NetProbeError('aborted', `The TLS handshake with ${where} was cancelled.`));
    const onClose = (): void => finish(new NetProbeError('tls', `${where} closed the connection during the TLS handshake: it may not speak TLS on this port.`));
    const timer = setTimeout(() => finish(new NetProbeError('timeout', `The TLS handshake with ${where} did not finish within ${timeout} ms: the server may not speak TLS on this port.`)), timeout);
    if (opts.signal?.aborted) { onAbort(); return; }
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    t.once('secureConnect', () => finish());
    t.on('error', onError);
    t.once('close', onClose);
  });
}
