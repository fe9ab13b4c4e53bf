import { NetProbeError } from '../core/errors';
import { TlsVerificationError } from '../core/http/tls-connect';

/** For a certificate that did not verify, the same error with how to go on from the command line; others as they are. */
export function withInsecureHint(e: unknown): unknown {
  const untrusted = e instanceof TlsVerificationError || (e instanceof NetProbeError && e.cause instanceof TlsVerificationError);
  if (!untrusted) return e;
  return new NetProbeError('tls', `${e.message} Use --insecure (-k) to connect anyway, or --cacert FILE to trust a private CA.`, e.errno, { cause: e });
}
