import { NetProbeError } from '../../errors';
import type { SecureConnection } from './connection';

/** Values remembered per pool (a pool serves a handful of nameservers; the bound only guards against a runaway caller). */
const MAX_DERIVED = 256;

interface Entry {
  conn?: SecureConnection;
  opening?: Promise<SecureConnection>;
  idle?: NodeJS.Timeout;
}

/**
 * DNS-over-TLS/HTTPS connections kept open between queries, one per nameserver and security settings, closed after
 * `idleMs` without a query (RFC 7766 §6.2.1: clients should not hold idle connections long). The caller owns the
 * pool and closes it (the editor keeps one for its lifetime; a one-off query needs none).
 */
export class DnsConnectionPool {
  private readonly entries = new Map<string, Entry>();
  private readonly derivedValues = new Map<string, unknown>();
  private closed = false;

  constructor(readonly idleMs = 20_000) {}

  /** Open connections. */
  get size(): number {
    return [...this.entries.values()].filter(e => e.conn?.usable).length;
  }

  /**
   * `make()`'s value for `key`, made once per pool: what queries on the pool derive from their nameserver spec (a query
   * on a warm connection does not read its URL again). Callers must not change it. A `make` that throws keeps nothing.
   */
  derived<T>(key: string, make: () => T): T {
    if (this.derivedValues.has(key)) return this.derivedValues.get(key) as T;
    const value = make();
    if (this.derivedValues.size >= MAX_DERIVED) this.derivedValues.clear();
    this.derivedValues.set(key, value);
    return value;
  }

  /**
   * A usable connection for `key`: the open one, the one being opened by another query, or a new one from `open`.
   * `reused` is true when this call did not open it.
   */
  async acquire(key: string, open: () => Promise<SecureConnection>): Promise<{ conn: SecureConnection; reused: boolean }> {
    if (this.closed) throw new NetProbeError('aborted', 'The DNS connection pool is closed.');
    const entry = this.entries.get(key);
    if (entry?.conn?.usable) {
      clearTimeout(entry.idle);
      entry.idle = undefined;
      return { conn: entry.conn, reused: true };
    }
    if (entry?.opening) return { conn: await entry.opening, reused: true };
    entry?.conn?.close();
    const fresh: Entry = {};
    fresh.opening = open();
    this.entries.set(key, fresh);
    try {
      const conn = await fresh.opening;
      fresh.conn = conn;
      if (this.closed) conn.close();
      return { conn, reused: false };
    } catch (e) {
      if (this.entries.get(key) === fresh) this.entries.delete(key);
      throw e;
    } finally {
      fresh.opening = undefined;
    }
  }

  /** Called after each query on a connection from {@link acquire}: starts the idle clock once nothing is outstanding. */
  release(key: string, conn: SecureConnection): void {
    const entry = this.entries.get(key);
    if (!entry || entry.conn !== conn) {
      if (conn.outstanding === 0) conn.close();
      return;
    }
    if (!conn.usable) {
      this.entries.delete(key);
      conn.close();
      return;
    }
    if (conn.outstanding > 0) return;
    clearTimeout(entry.idle);
    entry.idle = setTimeout(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      conn.close();
    }, this.idleMs);
    entry.idle.unref();
  }

  /** Closes every connection; later acquires fail. */
  close(): void {
    this.closed = true;
    for (const e of this.entries.values()) {
      clearTimeout(e.idle);
      e.conn?.close();
    }
    this.entries.clear();
  }
}
