import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** Client certificates made with openssl for mutual TLS tests, all for `CN=netprobe-client` unless said otherwise. */
export interface ClientCerts {
  /** The client CA a server trusts (`ssl_client_certificate`). */
  caFile: string;
  /** PEM certificate and unencrypted PEM key. */
  cert: string;
  key: string;
  /** The same key encrypted (PKCS#8, AES-256) with {@link ClientCerts.passphrase}. */
  encryptedKey: string;
  /** Certificate and key in one PEM file. */
  combined: string;
  /** PKCS#12 bundle (certificate, key) protected by {@link ClientCerts.passphrase}. */
  p12: string;
  /** PKCS#12 bundle with an empty password. */
  p12NoPass: string;
  passphrase: string;
  /** A certificate and key from another CA (`CN=rogue-client`), which the server does not trust. */
  rogue: { cert: string; key: string };
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Writes a client CA and client certificates (EC P-256) into `dir` (files prefixed `client-`). */
export function makeClientCerts(dir: string): ClientCerts {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const passphrase = 'cl1ent-pass phrase';
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'client-ca.key',
      '-out',
      'client-ca.crt',
      '-subj',
      '/CN=NetProbe Test Client CA',
      '-days',
      '365',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  fs.writeFileSync(path.join(dir, 'client.ext'), 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n');
  openssl(['req', ...ec, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=netprobe-client'], dir);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'client.csr',
      '-CA',
      'client-ca.crt',
      '-CAkey',
      'client-ca.key',
      '-CAcreateserial',
      '-days',
      '365',
      '-extfile',
      'client.ext',
      '-out',
      'client.crt',
    ],
    dir,
  );
  openssl(['pkcs8', '-topk8', '-in', 'client.key', '-out', 'client-enc.key', '-v2', 'aes-256-cbc', '-passout', `pass:${passphrase}`], dir);
  fs.writeFileSync(
    path.join(dir, 'client-combined.pem'),
    fs.readFileSync(path.join(dir, 'client.crt'), 'utf8') + fs.readFileSync(path.join(dir, 'client.key'), 'utf8'),
  );
  openssl(['pkcs12', '-export', '-in', 'client.crt', '-inkey', 'client.key', '-out', 'client.p12', '-passout', `pass:${passphrase}`], dir);
  openssl(['pkcs12', '-export', '-in', 'client.crt', '-inkey', 'client.key', '-out', 'client-nopass.p12', '-passout', 'pass:'], dir);
  openssl(['req', '-x509', ...ec, '-keyout', 'client-rogue.key', '-out', 'client-rogue.crt', '-subj', '/CN=rogue-client', '-days', '365'], dir);
  const f = (name: string): string => path.join(dir, name);
  return {
    caFile: f('client-ca.crt'),
    cert: f('client.crt'),
    key: f('client.key'),
    encryptedKey: f('client-enc.key'),
    combined: f('client-combined.pem'),
    p12: f('client.p12'),
    p12NoPass: f('client-nopass.p12'),
    passphrase,
    rogue: { cert: f('client-rogue.crt'), key: f('client-rogue.key') },
  };
}
