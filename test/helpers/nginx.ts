import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ClientCerts } from './client-certs';
import { makeClientCerts } from './client-certs';
import { freeDualPort, spawnPeer, stopChild, waitListening } from './peers';

/** A test PKI made with openssl: a CA, and certificates signed by it or by themselves. */
export interface TestPki {
  dir: string;
  /** PEM of the test CA (trust this for the good certificates). */
  caPem: string;
  caFile: string;
  /** Signed by the CA for localhost, 127.0.0.1 and ::1. */
  server: { cert: string; key: string };
  /** Self-signed for localhost (untrusted). */
  selfSigned: { cert: string; key: string };
  /** Signed by the CA but only for wrong.example (hostname mismatch). */
  wrongHost: { cert: string; key: string };
  /** Signed by the CA for localhost but already expired. */
  expired: { cert: string; key: string };
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Writes a CA and leaf certificates (EC P-256) into `dir` with openssl. */
export function makeTestPki(dir: string): TestPki {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-subj',
      '/CN=NetProbe Test CA',
      '-days',
      '365',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  const leaf = (name: string, san: string, days: string, selfSigned = false): { cert: string; key: string } => {
    fs.writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
    if (selfSigned) {
      openssl(
        ['req', '-x509', ...ec, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-subj', '/CN=localhost', '-days', days, '-addext', `subjectAltName=${san}`],
        dir,
      );
    } else {
      openssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`], dir);
      openssl(
        [
          'x509',
          '-req',
          '-in',
          `${name}.csr`,
          '-CA',
          'ca.crt',
          '-CAkey',
          'ca.key',
          '-CAcreateserial',
          '-days',
          days,
          '-extfile',
          `${name}.ext`,
          '-out',
          `${name}.crt`,
        ],
        dir,
      );
    }
    return { cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) };
  };
  const all = 'DNS:localhost,IP:127.0.0.1,IP:::1';
  const pki: TestPki = {
    dir,
    caFile: path.join(dir, 'ca.crt'),
    caPem: '',
    server: leaf('server', all, '365'),
    selfSigned: leaf('selfsigned', all, '365', true),
    wrongHost: leaf('wronghost', 'DNS:wrong.example', '365'),
    expired: leaf('expired', all, '-1'),
  };
  pki.caPem = fs.readFileSync(pki.caFile, 'utf8');
  return pki;
}

/** An HTTPS server block that requires a client certificate from the client CA and echoes who presented it. */
function mtlsServer(port: number, pki: TestPki, certs: ClientCerts): string {
  return `  server {
    listen 127.0.0.1:${port} ssl; listen [::1]:${port} ssl;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_certificate ${pki.server.cert};
    ssl_certificate_key ${pki.server.key};
    ssl_client_certificate ${certs.caFile};
    ssl_verify_client on;
    location / { return 200 "client $ssl_client_s_dn verify $ssl_client_verify\\n"; }
  }`;
}

export interface NginxPeer {
  dir: string;
  pki: TestPki;
  /** Plain HTTP on 127.0.0.1 and [::1]. */
  httpPort: number;
  /** HTTPS with the test CA's certificate. */
  httpsPort: number;
  /** HTTPS with a self-signed certificate. */
  untrustedPort: number;
  /** HTTP/2 over TLS (ALPN h2 and http/1.1) on 127.0.0.1, same locations and certificate as `httpsPort`. */
  h2Port: number;
  /** HTTP/2 over plain TCP with prior knowledge only (h2c) on 127.0.0.1, same locations. */
  h2cPort: number;
  /** Path of the large file served at /big.bin (when asked for). */
  bigFile?: string;
  /** With `mtls`: HTTPS that demands a client certificate from the client CA (`ssl_verify_client on`). */
  mtls?: { port: number; certs: ClientCerts };
  stop(): Promise<void>;
}

/**
 * Starts nginx in the foreground (`daemon off`, one process) on 127.0.0.1 and [::1] at free ports: plain
 * HTTP, HTTPS signed by a fresh test CA, and HTTPS with a self-signed certificate. Locations: `/echo`
 * (method, URI and host), `/redirect` (301 to /echo), `/redirect2` (302 to /redirect), `/text` (4 KiB;
 * chunked when gzip is accepted), `/nocontent` (204), `/proto` (`HTTP/1.1` or `HTTP/2.0`), `/big.bin` (sparse file of
 * `bigFileBytes`). `h2Port` and `h2cPort` serve the same over HTTP/2 (TLS with ALPN, and h2c prior knowledge).
 */
export async function startNginx(opts: { bigFileBytes?: number; mtls?: boolean } = {}): Promise<NginxPeer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-nginx-'));
  const pki = makeTestPki(dir);
  const www = path.join(dir, 'www');
  fs.mkdirSync(www);
  fs.mkdirSync(path.join(dir, 'tmp'));
  fs.writeFileSync(path.join(www, 'text'), 'NetProbe test text. '.repeat(205));
  fs.writeFileSync(path.join(www, 'hello.json'), '{"hello":"world","n":[1,2,3]}');
  let bigFile: string | undefined;
  if (opts.bigFileBytes) {
    bigFile = path.join(www, 'big.bin');
    fs.writeFileSync(bigFile, '');
    fs.truncateSync(bigFile, opts.bigFileBytes);
  }
  // Different ports: a port just released can be handed out again by the next bind to port 0.
  const ports = new Set<number>();
  while (ports.size < (opts.mtls ? 6 : 5)) ports.add(await freeDualPort());
  const [httpPort, httpsPort, untrustedPort, h2Port, h2cPort, mtlsPort] = [...ports] as [number, number, number, number, number, number | undefined];
  const mtls = opts.mtls && mtlsPort !== undefined ? { port: mtlsPort, certs: makeClientCerts(dir) } : undefined;
  const listen = (port: number, ssl: boolean): string => `listen 127.0.0.1:${port}${ssl ? ' ssl' : ''}; listen [::1]:${port}${ssl ? ' ssl' : ''};`;
  const conf = `
daemon off;
master_process off;
worker_processes 1;
error_log stderr warn;
pid ${dir}/nginx.pid;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  default_type text/plain;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 10000;
  server {
    ${listen(httpPort, false)}
    ${listen(httpsPort, true)}
    listen 127.0.0.1:${h2Port} ssl http2;
    listen 127.0.0.1:${h2cPort} http2;
    server_name localhost;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_certificate ${pki.server.cert};
    ssl_certificate_key ${pki.server.key};
    root ${www};
    location = /echo { return 200 "$request_method $request_uri $host\\n"; }
    location = /redirect { return 301 /echo; }
    location = /redirect2 { return 302 /redirect; }
    location = /nocontent { return 204; }
    location = /proto { return 200 "$server_protocol\n"; }
    location = /text { gzip on; gzip_min_length 1; gzip_types text/plain; }
    location = /hello.json { default_type application/json; }
  }
  server {
    ${listen(untrustedPort, true)}
    ssl_certificate ${pki.selfSigned.cert};
    ssl_certificate_key ${pki.selfSigned.key};
    location / { return 200 "untrusted\\n"; }
  }
${mtls ? mtlsServer(mtls.port, pki, mtls.certs) : ''}
}
`;
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const peer = await spawnPeer(['nginx', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { host: '127.0.0.1', port: httpPort, what: 'nginx' });
  try {
    for (const port of [httpsPort, untrustedPort, ...(mtls ? [mtls.port] : [])])
      await waitListening('127.0.0.1', port, { child: peer.child, log: peer.log, what: 'nginx' });
  } catch (e) {
    await stopChild(peer.child, 'SIGKILL');
    throw e;
  }
  return {
    dir,
    pki,
    httpPort,
    httpsPort,
    untrustedPort,
    h2Port,
    h2cPort,
    ...(bigFile ? { bigFile } : {}),
    ...(mtls ? { mtls } : {}),
    async stop() {
      await peer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
