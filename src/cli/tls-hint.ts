import { NetProbeError } from '../core/errors';
import { isUntrustedCertificate } from '../core/tls/connect';

/** For a certificate that did not verify, the same error with how to go on from the command line; others as they are. */
export function withInsecureHint(e: unknown): unknown {
  if (!isUntrustedCertificate(e) || !(e instanceof NetProbeError)) return e;
  return new NetProbeError('tls', `${e.message} Use --insecure (-k) to connect anyway, or --cacert FILE to trust a private CA.`, e.errno, { cause: e });
}
