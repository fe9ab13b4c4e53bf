import type { UdpPacket } from './socket';
import { formatHostPort } from '../address/host-port';

/** A fixed-capacity FIFO: pushing beyond capacity drops the oldest item. Memory stays bounded. */
export class RingBuffer<T> {
  private readonly items: Array<T | undefined>;
  private start = 0;
  private count = 0;
  /** Items pushed out by newer ones since the last clear. */
  dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('RingBuffer capacity must be a positive integer.');
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Adds an item; returns the item it evicted, if any. */
  push(item: T): T | undefined {
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = item;
      this.count++;
      return undefined;
    }
    const evicted = this.items[this.start];
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    this.dropped++;
    return evicted;
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.start];
    this.items[this.start] = undefined;
    this.start = (this.start + 1) % this.capacity;
    this.count--;
    return item;
  }

  /** The item at position `i` (0 = oldest), or undefined. */
  at(i: number): T | undefined {
    return i >= 0 && i < this.count ? this.items[(this.start + i) % this.capacity] : undefined;
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.items[(this.start + i) % this.capacity] as T);
    return out;
  }

  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.count = 0;
    this.dropped = 0;
  }
}

const SLOT_MS = 100;

/** Totals and rates of a monitored stream. */
export interface MonitorStats {
  packets: number;
  bytes: number;
  /** Packets and bytes per second over the last `windowMs` (in 100 ms steps). */
  packetsPerSecond: number;
  bytesPerSecond: number;
  windowMs: number;
  /** Packets currently kept, and how many older ones were let go to bound memory. */
  kept: number;
  evicted: number;
  /** Datagrams per source `address:port`, most active first (at most 50). */
  sources: Array<{ source: string; packets: number; bytes: number }>;
  firstAt?: number;
  lastAt?: number;
}

export interface PacketMonitorOptions {
  /** Most packets kept (default 1000). */
  capacity?: number;
  /** Most payload bytes kept in total (default 8 MiB); older packets go first. */
  maxBytes?: number;
  /** Window for the rate (default 5000 ms). */
  windowMs?: number;
}

/** Formats `address:port`, bracketing IPv6. */
export function sourceKey(p: Pick<UdpPacket, 'from' | 'port'>): string {
  return formatHostPort(p.from, p.port);
}

/**
 * The live view of a packet stream: the most recent packets in a ring buffer bounded by count and bytes,
 * running totals, a sliding-window rate and per-source counts.
 */
export class PacketMonitor {
  private readonly ring: RingBuffer<UdpPacket>;
  private readonly maxBytes: number;
  private readonly windowMs: number;
  private keptBytes = 0;
  private evictedByBytes = 0;
  private totals = { packets: 0, bytes: 0 };
  /** Rate buckets of 100 ms over the window, indexed by slot modulo their count. */
  private buckets: Array<{ slot: number; packets: number; bytes: number }>;
  private bySource = new Map<string, { packets: number; bytes: number }>();
  private firstAt?: number;
  private lastAt?: number;

  constructor(opts: PacketMonitorOptions = {}) {
    this.ring = new RingBuffer<UdpPacket>(opts.capacity ?? 1000);
    this.maxBytes = opts.maxBytes ?? 8 * 1024 * 1024;
    this.windowMs = opts.windowMs ?? 5000;
    this.buckets = this.emptyBuckets();
  }

  private emptyBuckets(): Array<{ slot: number; packets: number; bytes: number }> {
    return Array.from({ length: Math.max(1, Math.ceil(this.windowMs / SLOT_MS)) }, () => ({ slot: -1, packets: 0, bytes: 0 }));
  }

  /** Records a packet. */
  add(p: UdpPacket): void {
    this.totals.packets++;
    this.totals.bytes += p.size;
    this.firstAt ??= p.time;
    this.lastAt = p.time;
    const slot = Math.floor(p.time / SLOT_MS);
    const b = this.buckets[slot % this.buckets.length];
    if (b) {
      if (b.slot !== slot) {
        b.slot = slot;
        b.packets = 0;
        b.bytes = 0;
      }
      b.packets++;
      b.bytes += p.size;
    }
    const key = sourceKey(p);
    const s = this.bySource.get(key) ?? { packets: 0, bytes: 0 };
    s.packets++;
    s.bytes += p.size;
    this.bySource.set(key, s);
    if (this.bySource.size > 1000) this.bySource.delete(this.bySource.keys().next().value ?? key);
    const evicted = this.ring.push(p);
    this.keptBytes += p.payload.length - (evicted?.payload.length ?? 0);
    while (this.keptBytes > this.maxBytes && this.ring.size > 1) this.dropOldest();
  }

  private dropOldest(): void {
    const oldest = this.ring.shift();
    this.evictedByBytes++;
    this.keptBytes -= oldest?.payload.length ?? 0;
  }

  /** Kept packets, oldest first; `source` filters by substring of `address:port`. */
  packets(source?: string): UdpPacket[] {
    const all = this.ring.toArray();
    const f = source?.trim();
    return f ? all.filter(p => sourceKey(p).includes(f)) : all;
  }

  /** The kept packet with arrival number `seq`, or undefined once it has been let go. */
  find(seq: number): UdpPacket | undefined {
    let lo = 0;
    let hi = this.ring.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = this.ring.at(mid);
      if (!p) return undefined;
      if (p.seq === seq) return p;
      if (p.seq < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Totals, rate over the window ending `now`, and per-source counts. */
  stats(now = Date.now()): MonitorStats {
    const nowSlot = Math.floor(now / SLOT_MS);
    const inWindow = this.buckets.filter(b => b.slot > nowSlot - this.buckets.length && b.slot <= nowSlot);
    const span = (this.buckets.length * SLOT_MS) / 1000;
    const sources = [...this.bySource.entries()]
      .map(([source, v]) => ({ source, ...v }))
      .sort((a, b) => b.packets - a.packets)
      .slice(0, 50);
    const stats: MonitorStats = {
      ...this.totals,
      packetsPerSecond: inWindow.reduce((n, b) => n + b.packets, 0) / span,
      bytesPerSecond: inWindow.reduce((n, b) => n + b.bytes, 0) / span,
      windowMs: this.windowMs,
      kept: this.ring.size,
      evicted: this.ring.dropped + this.evictedByBytes,
      sources,
    };
    if (this.firstAt !== undefined) stats.firstAt = this.firstAt;
    if (this.lastAt !== undefined) stats.lastAt = this.lastAt;
    return stats;
  }

  /** Forgets every packet and count. */
  clear(): void {
    this.ring.clear();
    this.keptBytes = 0;
    this.evictedByBytes = 0;
    this.totals = { packets: 0, bytes: 0 };
    this.buckets = this.emptyBuckets();
    this.bySource.clear();
    this.firstAt = undefined;
    this.lastAt = undefined;
  }
}

/**
 * What a live view lists per refresh: at most `capacity` items between two `take()`s; the rest are counted,
 * not kept (a flood costs a counter, not memory or work). Totals of a stream live in {@link PacketMonitor}.
 */
export class BoundedBatch<T> {
  private items: T[] = [];
  /** Items refused because the batch was full, since the start (or `reset`). */
  dropped = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('BoundedBatch capacity must be a positive integer.');
  }

  get size(): number {
    return this.items.length;
  }

  /** Adds an item; false (and counted) when the batch is full. */
  push(item: T): boolean {
    if (this.items.length >= this.capacity) {
      this.dropped++;
      return false;
    }
    this.items.push(item);
    return true;
  }

  /** The items since the last take, oldest first; the batch is empty afterwards. */
  take(): T[] {
    const out = this.items;
    this.items = [];
    return out;
  }

  /** Empties the batch and zeroes the drop count. */
  reset(): void {
    this.items = [];
    this.dropped = 0;
  }
}
