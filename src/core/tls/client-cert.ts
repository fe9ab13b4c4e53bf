import * as fs from 'fs';
import * as tls from 'tls';
import { errorMessage, isErrnoException, NetProbeError } from '../errors';

/** A certificate NetProbe presents when a TLS server asks for one (mutual TLS). */
export interface ClientCertificate {
  /** PEM file with the certificate (intermediates may follow, the key may be in it too), or a PKCS#12 (`.p12`/`.pfx`) bundle. */
  certFile: string;
  /** PEM file with the private key, when it is not in `certFile`. */
  keyFile?: string;
  /** `pem` or `p12`; read from the file's content when absent (PEM has `-----BEGIN`). */
  type?: ClientCertificateType;
  /** Passphrase of an encrypted key or of the PKCS#12 bundle (never from a command line: a secret store, an env var or a file). */
  passphrase?: string;
}

export type ClientCertificateType = 'pem' | 'p12';

/** A client certificate for the servers whose name matches `host`: `example.com`, `*.example.com` (subdomains), an address, or `*`. */
export interface ClientCertificateRule {
  host: string;
  cert: ClientCertificate;
}

function normalHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

/** The certificate of the first rule whose `host` matches `host` (exact names first, then `*.domain`, then `*`). */
export function clientCertificateFor(rules: readonly ClientCertificateRule[] | undefined, host: string): ClientCertificate | undefined {
  if (!rules?.length) return undefined;
  const h = normalHost(host);
  const exact = rules.find(r => normalHost(r.host) === h);
  if (exact) return exact.cert;
  const wild = rules.find(r => {
    const p = normalHost(r.host);
    return p.startsWith('*.') && h.endsWith(p.slice(1)) && h.length > p.length - 1;
  });
  return wild?.cert ?? rules.find(r => r.host.trim() === '*')?.cert;
}

/** The `tls` options presenting a client certificate, with the files read. */
export type ClientCertificateOptions = Pick<tls.SecureContextOptions, 'cert' | 'key' | 'pfx' | 'passphrase'>;

/** `pem`/`p12` from what a user writes (`PEM`, `P12`, `PKCS12`, `pfx`), or undefined when it is none of them. */
export function parseClientCertificateType(text: string): ClientCertificateType | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'pem') return 'pem';
  if (t === 'p12' || t === 'pkcs12' || t === 'pkcs#12' || t === 'pfx') return 'p12';
  return undefined;
}

function readFile(file: string, what: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new NetProbeError('invalid-input', `Cannot read the ${what} ${file}: ${isErrnoException(e) ? e.code : errorMessage(e)}.`);
  }
}

const PEM_KEY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;

function problem(e: unknown, c: ClientCertificate, type: ClientCertificateType): NetProbeError {
  const msg = errorMessage(e);
  const what = type === 'p12' ? `the PKCS#12 bundle ${c.certFile}` : `the client key${c.keyFile ? ` ${c.keyFile}` : ` in ${c.certFile}`}`;
  if (/bad decrypt|mac verify failure|bad password|maybe wrong password|interrupted or cancelled/i.test(msg)) {
    return new NetProbeError(
      'invalid-input',
      c.passphrase === undefined ? `${what} is encrypted: give its passphrase.` : `The passphrase of ${what} is wrong.`,
    );
  }
  if (/key values mismatch/i.test(msg)) return new NetProbeError('invalid-input', `The client key does not belong to the certificate in ${c.certFile}.`);
  if (/no start line|bad base64|asn1|header too long|not enough data|wrong tag|unsupported/i.test(msg)) {
    return new NetProbeError(
      'invalid-input',
      `${type === 'p12' ? `${c.certFile} is not a PKCS#12 bundle` : `The client certificate or key is not PEM`} (${msg}).`,
    );
  }
  return new NetProbeError('invalid-input', `The client certificate ${c.certFile} cannot be used: ${msg}.`);
}

/**
 * Reads a client certificate's files into `tls` options (`cert`+`key`, or `pfx`, with the passphrase), checking
 * that they load: a missing or wrong passphrase, a key that does not match the certificate, a PEM without a key
 * or an unreadable file is an `invalid-input` error naming the file (never the passphrase).
 */
export function loadClientCertificate(c: ClientCertificate): ClientCertificateOptions {
  const main = readFile(c.certFile, 'client certificate');
  const type = c.type ?? (main.includes('-----BEGIN') ? 'pem' : 'p12');
  const pass = c.passphrase !== undefined ? { passphrase: c.passphrase } : {};
  let options: ClientCertificateOptions;
  if (type === 'p12') {
    if (c.keyFile !== undefined)
      throw new NetProbeError('invalid-input', `${c.certFile} is a PKCS#12 bundle, which holds its own key: leave out the key file.`);
    options = { pfx: main, ...pass };
  } else {
    const key = c.keyFile !== undefined ? readFile(c.keyFile, 'client key') : main;
    if (!PEM_KEY.test(key.toString('latin1'))) {
      throw new NetProbeError(
        'invalid-input',
        c.keyFile !== undefined ? `${c.keyFile} holds no PEM private key.` : `${c.certFile} holds no private key: give the key file too (--key FILE).`,
      );
    }
    options = { cert: main, key, ...pass };
  }
  try {
    tls.createSecureContext(options);
  } catch (e) {
    throw problem(e, c, type);
  }
  return options;
}
