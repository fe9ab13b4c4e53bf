import type * as net from 'net';
import { Duplex } from 'stream';
import type { FrameLog } from './frame-log';

/**
 * A duplex stream between Node's HTTP/2 session and the connected (maybe TLS) socket NetProbe owns. Every byte
 * in both directions passes through it and is fed to the frame log first, so what the log shows is what was
 * written and read. Node's `http2` wraps a stream like this (it has no native handle) and drives it from JS.
 */
export class CaptureStream extends Duplex {
  constructor(private readonly socket: net.Socket, private readonly log: FrameLog) {
    super({ allowHalfOpen: false });
    socket.on('data', (chunk: Buffer) => {
      log.feed('in', chunk);
      if (!this.push(chunk)) socket.pause();
    });
    socket.once('end', () => this.push(null));
    socket.on('error', (e: Error) => this.destroy(e));
    socket.once('close', () => { if (!this.destroyed) this.destroy(); });
  }

  override _read(): void {
    this.socket.resume();
  }

  /*
   * A write is done once the socket has taken it (as a pipe would), not once the kernel has: waiting for the
   * flush would hold Node's next frames back a turn of the event loop per write. Back-pressure still holds:
   * when the socket's buffer is full the callback waits for 'drain'. Socket errors arrive as 'error'.
   */
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.log.feed('out', chunk);
    this.done(this.socket.write(chunk), callback);
  }

  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    const s = this.socket;
    let ok = true;
    s.cork();
    for (const { chunk } of chunks) {
      this.log.feed('out', chunk);
      ok = s.write(chunk);
    }
    s.uncork();
    this.done(ok, callback);
  }

  private done(taken: boolean, callback: (error?: Error | null) => void): void {
    if (taken) { callback(); return; }
    const s = this.socket;
    const onDrain = (): void => { s.removeListener('close', onClose); callback(); };
    const onClose = (): void => { s.removeListener('drain', onDrain); callback(new Error('The connection closed before the data could be sent.')); };
    s.once('drain', onDrain);
    s.once('close', onClose);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // A clean close lets queued bytes (Node's last GOAWAY) reach the server first.
    if (error) this.socket.destroy(); else this.socket.destroySoon();
    callback(error);
  }
}
