/**
 * One kind of event of a session. What is emitted before anyone listens (a server's greeting right after the
 * upgrade) is kept, at most `maxPending` of it, and handed to the first listener.
 */
export class Channel<T> {
  private readonly listeners: Array<(value: T) => void> = [];
  private pending: T[] = [];

  constructor(private readonly maxPending = 1000) {}

  on(listener: (value: T) => void): void {
    this.listeners.push(listener);
    if (this.listeners.length === 1) {
      const early = this.pending;
      this.pending = [];
      for (const v of early) listener(v);
    }
  }

  emit(value: T): void {
    if (this.listeners.length === 0) {
      if (this.pending.length < this.maxPending) this.pending.push(value);
      return;
    }
    for (const l of this.listeners) l(value);
  }
}
