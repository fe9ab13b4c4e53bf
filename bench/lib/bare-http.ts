import * as net from 'net';
import * as tls from 'tls';

/**
 * The floor for any Node client: bare `net.connect`/`tls.connect`, write the request, read until the server closes
 * (the request asks for `Connection: close`).
 */
export function bareRequest(port: number, request: string, tlsContext: tls.SecureContext | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = tlsContext
      ? tls.connect({ host: '127.0.0.1', port, servername: 'localhost', secureContext: tlsContext, ALPNProtocols: ['http/1.1'] })
      : net.connect({ host: '127.0.0.1', port });
    s.once(tlsContext ? 'secureConnect' : 'connect', () => s.write(request));
    s.on('data', () => undefined);
    s.once('end', () => {
      s.destroy();
      resolve();
    });
    s.once('error', reject);
  });
}
