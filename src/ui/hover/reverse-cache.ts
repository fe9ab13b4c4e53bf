import { errorMessage } from '../../core/errors';
/** What the hover knows about one address's reverse name. */
export type ReverseState = { state: 'pending' } | { state: 'done'; name: string } | { state: 'failed'; reason: string };

interface Entry {
  value: ReverseState;
  at: number;
}

/**
 * Reverse lookups for the hover: `get` never waits. The first call starts the lookup in the background and
 * answers `pending`; later calls answer from the cache (bounded size, entries expire after `ttlMs`).
 */
export class ReverseCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly lookup: (address: string) => Promise<string>,
    private readonly ttlMs = 5 * 60_000,
    private readonly maxEntries = 500,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached state, starting a lookup if there is none (or it expired). */
  get(address: string): ReverseState {
    const hit = this.entries.get(address);
    if (hit && (hit.value.state === 'pending' || this.now() - hit.at < this.ttlMs)) return hit.value;
    this.set(address, { state: 'pending' });
    this.lookup(address).then(
      name => this.set(address, { state: 'done', name }),
      (e: unknown) => this.set(address, { state: 'failed', reason: errorMessage(e) }),
    );
    return { state: 'pending' };
  }

  /** How many addresses are cached. */
  get size(): number {
    return this.entries.size;
  }

  private set(address: string, value: ReverseState): void {
    this.entries.delete(address);
    this.entries.set(address, { value, at: this.now() });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
