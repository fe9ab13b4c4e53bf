import type { OperationOptions } from '../errors';
import { NetProbeError } from '../errors';
import { dialAddresses } from '../tcp/dial';
import type { Banner, ScanTarget } from './types';

const MAX_BANNER_BYTES = 1024;
/** After the first bytes arrive, wait this long for the rest of a multi-packet greeting. */
const SETTLE_MS = 150;

/** Shows bytes as text: printable ASCII, `\r` `\n` `\t` as such, everything else as `\xNN`. */
export function bannerText(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    if ((b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** Builds a {@link Banner} from raw bytes. */
export function toBanner(bytes: Buffer): Banner {
  return { text: bannerText(bytes), hex: bytes.toString('hex'), bytes: bytes.length };
}

/**
 * Connects to an open port and reads what the service says first (SSH, SMTP, FTP, POP3, IMAP, Redis
 * errors, …) within `timeout` ms (default 2000), up to 1 KiB. Returns undefined when the service waits for
 * the client to speak first (HTTP, TLS) or closes without a word. Throws only for cancel or a failed connect.
 */
export async function grabBanner(target: ScanTarget, port: number, opts: OperationOptions = {}): Promise<Banner | undefined> {
  const timeout = opts.timeout ?? 2000;
  const dialed = await dialAddresses(target.address, port, [target], 0, { timeout, signal: opts.signal });
  const socket = dialed.socket;
  return new Promise<Banner | undefined>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settle: NodeJS.Timeout | undefined;
    const finish = (): void => {
      clearTimeout(timer);
      clearTimeout(settle);
      opts.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(size ? toBanner(Buffer.concat(chunks).subarray(0, MAX_BANNER_BYTES)) : undefined);
    };
    const onAbort = (): void => {
      clearTimeout(timer);
      clearTimeout(settle);
      socket.destroy();
      reject(new NetProbeError('aborted', 'The banner grab was cancelled.'));
    };
    const timer = setTimeout(finish, timeout);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      size += d.length;
      if (size >= MAX_BANNER_BYTES) {
        finish();
        return;
      }
      clearTimeout(settle);
      settle = setTimeout(finish, SETTLE_MS);
    });
    socket.on('error', finish);
    socket.on('end', finish);
  });
}
