import * as fs from 'fs';
import * as net from 'net';
import * as tls from 'tls';
import type { OperationOptions } from '../errors';
import { DEFAULT_TIMEOUT_MS, errorMessage, isErrnoException, NetProbeError, nowMs, roundMs } from '../errors';
import type { ClientCertificate, ClientCertificateRule } from './client-cert';
import { clientCertificateFor, loadClientCertificate } from './client-cert';
import type { TlsDetails } from './info';
import { explainCertError, tlsDetails } from './info';
import type { KeyLog } from './keylog';

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
  /** A certificate to present when the server asks for one (PEM certificate and key, or PKCS#12). */
  clientCert?: ClientCertificate;
  /**
   * Certificates by server name, for callers that connect to many hosts (redirects, the editor's settings): the one
   * whose rule matches the host is presented (`clientCert` wins). A chosen certificate makes a TLS context of its
   * own (from `ca`/`caFile`, ignoring `secureContext`).
   */
  clientCertificates?: ClientCertificateRule[];
  /**
   * A context made once with {@link createTlsContext} and reused for many connections (CA parsing costs
   * more than a loopback request); when given, `ca`, `caFile`, `minVersion`, `maxVersion` and `clientCert` are
   * taken from it.
   */
  secureContext?: tls.SecureContext;
  /** Receives this session's secrets in `SSLKEYLOGFILE` format (see `KeyLogFile`), so a capture can be decrypted. */
  keylog?: KeyLog;
}

/** The context options of `opts`: CAs (files read), version bounds, the client certificate (files read and checked). */
function contextOptions(opts: TlsOptions): tls.SecureContextOptions {
  const ca = readCa(opts);
  return {
    ...(ca ? { ca } : {}),
    ...(opts.minVersion ? { minVersion: opts.minVersion } : {}),
    ...(opts.maxVersion ? { maxVersion: opts.maxVersion } : {}),
    ...(opts.clientCert ? loadClientCertificate(opts.clientCert) : {}),
  };
}

/**
 * Builds a TLS context from `ca`/`caFile`, version bounds and the client certificate, to pass as `secureContext` to
 * many connections. Throws `invalid-input` for a file that cannot be read or a client certificate that does not load.
 */
export function createTlsContext(opts: TlsOptions): tls.SecureContext {
  return tls.createSecureContext(contextOptions(opts));
}

/**
 * A certificate verification failure; `details` still has the chain the server presented. The message names the
 * problem; each front end adds how to go on anyway (its own insecure switch) or to trust a private CA.
 */
export class TlsVerificationError extends NetProbeError {
  constructor(
    message: string,
    readonly details: TlsDetails,
    errno?: string,
  ) {
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

/**
 * What a TLS alert about the client certificate means, or undefined for other errors. In TLS 1.3 the server
 * checks the client's certificate after the client's handshake is done, so the alert may arrive on the first
 * read: the HTTP, DNS and session layers ask here too.
 */
export function clientCertificateProblem(message: string, presented: boolean): string | undefined {
  if (/alert certificate required/i.test(message))
    return 'the server requires a client certificate and none was presented (give one: a certificate and key, or PKCS#12)';
  if (/alert (unknown ca|bad certificate|certificate unknown|unsupported certificate|certificate revoked|certificate expired|access denied)/i.test(message)) {
    const alert = /alert ([a-z ]+)/i.exec(message)?.[1]?.trim() ?? 'bad certificate';
    return presented
      ? `the server rejected the client certificate (TLS alert "${alert}")`
      : `the server refused the connection with TLS alert "${alert}" (it may want a client certificate)`;
  }
  return undefined;
}

/**
 * The message of a failure on an established TLS connection, explained when it is a TLS alert about the client
 * certificate (`presented`: one was configured; see {@link clientCertificateProblem}).
 */
export function tlsFailureText(e: unknown, presented: boolean): string {
  const msg = errorMessage(e);
  const cert = clientCertificateProblem(msg, presented);
  return cert ? `${cert[0]?.toUpperCase() ?? ''}${cert.slice(1)} (${/alert [a-z ]+/i.exec(msg)?.[0] ?? msg.trim()})` : msg;
}

/** The subject of this side's certificate (`CN=netprobe-client`). */
function localSubject(t: tls.TLSSocket): string {
  const cert = t.getCertificate();
  const subject = cert && 'subject' in cert ? (cert.subject as Record<string, string | string[]> | undefined) : undefined;
  if (!subject) return 'configured';
  return Object.entries(subject)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

/** Maps a handshake failure (not a certificate problem) to a plain-language NetProbeError. */
function handshakeError(e: unknown, where: string, presented: boolean): NetProbeError {
  const code = isErrnoException(e) ? e.code : undefined;
  const msg = errorMessage(e);
  const cert = clientCertificateProblem(msg, presented);
  if (cert) return new NetProbeError('tls', `The TLS handshake with ${where} failed: ${cert}.`, code, { cause: e });
  if (code === 'ECONNRESET')
    return new NetProbeError(
      'tls',
      `${where} reset the connection during the TLS handshake: it may not speak TLS on this port, or it rejected the TLS version or SNI.`,
      code,
      { cause: e },
    );
  if (/wrong version number|packet length too long|unknown protocol/i.test(msg))
    return new NetProbeError('tls', `${where} did not answer with TLS: the port probably speaks plain text (try without TLS).`, code, { cause: e });
  if (/unsupported protocol|no protocols available|version too low|protocol version/i.test(msg))
    return new NetProbeError('tls', `No TLS version acceptable to both sides with ${where} (${msg}).`, code, { cause: e });
  if (/handshake failure|no shared cipher|sslv3 alert/i.test(msg))
    return new NetProbeError('tls', `${where} refused the TLS handshake (${msg}).`, code, { cause: e });
  if (/socket disconnected|ECONNRESET|EPIPE/i.test(msg) || code === 'EPIPE')
    return new NetProbeError('tls', `${where} closed the connection during the TLS handshake: it may not speak TLS on this port.`, code, { cause: e });
  return new NetProbeError('tls', `The TLS handshake with ${where} failed: ${msg}`, code, { cause: e });
}

/**
 * Layers TLS on a connected socket (from `dial()`), with SNI, ALPN and version bounds. The handshake
 * always completes far enough to report the chain; an untrusted or mismatched certificate then fails
 * with a `tls` error naming the problem unless `insecure` is set. Destroys the socket on failure.
 */
export function startTls(socket: net.Socket, host: string, given: TlsOptions & OperationOptions = {}): Promise<TlsConnected> {
  const started = nowMs();
  const chosen = given.clientCert ?? clientCertificateFor(given.clientCertificates, host);
  const opts: TlsOptions & OperationOptions = chosen ? { ...given, clientCert: chosen } : given;
  const sharedContext = opts.secureContext !== undefined && chosen === undefined;
  const servername = opts.servername ?? (net.isIP(host) ? undefined : host);
  const where = `${host}`;
  let context: tls.SecureContextOptions;
  try {
    context = sharedContext ? {} : contextOptions(opts);
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
      ...(sharedContext && opts.secureContext ? { secureContext: opts.secureContext } : context),
    });
    const keylog = opts.keylog;
    if (keylog) t.on('keylog', (line: Buffer) => keylog.write(line));
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
      if (opts.clientCert) details.clientCertificate = localSubject(t);
      if (!details.authorized && details.authorizationCode) details.authorizationError = explainCertError(details.authorizationCode, host);
      if (!details.authorized && !opts.insecure) {
        t.destroy();
        reject(new TlsVerificationError(details.authorizationError ?? 'The certificate is not trusted.', details, details.authorizationCode));
        return;
      }
      resolve({ socket: t, details, handshakeMs: roundMs(nowMs() - started) });
    };
    const onError = (e: unknown): void => finish(handshakeError(e, where, opts.clientCert !== undefined));
    const onAbort = (): void => finish(new NetProbeError('aborted', `The TLS handshake with ${where} was cancelled.`));
    const onClose = (): void => finish(new NetProbeError('tls', `${where} closed the connection during the TLS handshake: it may not speak TLS on this port.`));
    const timer = setTimeout(
      () =>
        finish(new NetProbeError('timeout', `The TLS handshake with ${where} did not finish within ${timeout} ms: the server may not speak TLS on this port.`)),
      timeout,
    );
    if (opts.signal?.aborted) {
      onAbort();
      return;
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    t.once('secureConnect', () => finish());
    t.on('error', onError);
    t.once('close', onClose);
  });
}
