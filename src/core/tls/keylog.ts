import * as fs from 'fs';
import { errorMessage, isErrnoException, NetProbeError } from '../errors';

/** Where TLS session secrets go, one NSS key log line (`CLIENT_RANDOM …`, `CLIENT_TRAFFIC_SECRET_0 …`) at a time. */
export interface KeyLog {
  /** Takes one line as Node's `keylog` event gives it (ending in a line feed). */
  write(line: Buffer): void;
}

/**
 * An `SSLKEYLOGFILE`-format file (what Wireshark reads to decrypt a capture of the same sessions), opened
 * append-only and readable by its owner only: created with mode 0600, and an existing file readable by others is
 * narrowed to 0600. Lines are appended as handshakes produce them; {@link close} when done.
 */
export class KeyLogFile implements KeyLog {
  private fd: number | undefined;
  private pending = 0;
  private closing: (() => void) | undefined;
  /** The first write error, if any (the file stays open; later lines are still tried). */
  error: string | undefined;
  /** Lines written so far. */
  lines = 0;

  /** Opens (or creates) `path`; throws `invalid-input` naming the file when that fails. */
  constructor(readonly path: string) {
    try {
      this.fd = fs.openSync(path, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o600);
      const st = fs.fstatSync(this.fd);
      if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EINVAL' });
      if ((st.mode & 0o077) !== 0) fs.fchmodSync(this.fd, 0o600);
    } catch (e) {
      if (this.fd !== undefined) fs.closeSync(this.fd);
      this.fd = undefined;
      throw new NetProbeError('invalid-input', `Cannot open the TLS key log file ${path}: ${isErrnoException(e) ? e.code : errorMessage(e)}.`);
    }
  }

  write(line: Buffer): void {
    if (this.fd === undefined) return;
    this.pending++;
    fs.write(this.fd, line, err => {
      if (err) this.error ??= err.code ?? err.message;
      else this.lines++;
      this.pending--;
      if (this.pending === 0) this.closing?.();
    });
  }

  /** Waits for the lines already given, then closes the file. */
  close(): Promise<void> {
    const fd = this.fd;
    if (fd === undefined) return Promise.resolve();
    this.fd = undefined;
    return new Promise<void>(resolve => {
      const done = (): void => fs.close(fd, () => resolve());
      if (this.pending === 0) done();
      else this.closing = done;
    });
  }
}
