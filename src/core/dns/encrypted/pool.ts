import { NetProbeError } from '../../errors';
import type { Nameserver } from '../types';
import type { SecureConnection } from './connection';
import { parseEncryptedNameserver } from './spec';

/** Nameserver specs remembered per pool (a pool serves a handful; the bound only guards against a runaway caller). */
const MAX_SPECS = 256;

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
  private readonly specs = new Map<string, Nameserver>();
  private closed = false;

  constructor(readonly idleMs = 20_000) {}

  /** Open connections. */
  get size(): number {
    return [...this.entries.values()].filter(e => e.conn?.usable).length;
  }

  /**
   * The `tls://` or `https://` nameserver `spec` names (see {@link parseEncryptedNameserver}), read once per pool: a
   * query on a warm connection does not parse its URL again. Throws `invalid-input` like the parser (nothing is kept then).
   */
  nameserver(spec: string): Nameserver {
    let ns = this.specs.get(spec);
    if (!ns) {
      ns = parseEncryptedNameserver(spec);
      if (this.specs.size >= MAX_SPECS) this.specs.clear();
      this.specs.set(spec, ns);
    }
    return { ...ns };
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
