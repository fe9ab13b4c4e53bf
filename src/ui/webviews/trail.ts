// Back/forward through a panel's recent results. Pure (no vscode): the panels keep one each.

/** Where a result came from and how to run it again. */
export interface TrailMeta {
  /** The command and arguments that run it again. */
  rerun?: { command: string; args: unknown[] };
  /** Set when the result was reopened from History: when it was made, and what History left out of it. */
  history?: { createdAt: number; partial?: string };
}

export interface TrailEntry<T> {
  value: T;
  /** The panel's tab title for it. */
  title: string;
  meta: TrailMeta;
  /** What it costs to keep (rows, records…): the trail keeps its total under the panel's limit. */
  weight: number;
}

export interface TrailLimits {
  /** Most results kept (the current one included). */
  entries: number;
  /** Most weight kept over every entry but the current one (which is always kept). */
  weight: number;
}

/**
 * A browser-like history of what a panel showed: `push` drops the results ahead (after going back) and then the
 * oldest ones beyond the limits; `back`/`forward` move the cursor.
 */
export class Trail<T> {
  private entries: Array<TrailEntry<T>> = [];
  private index = -1;

  constructor(private readonly limits: TrailLimits) {}

  get current(): TrailEntry<T> | undefined {
    return this.entries[this.index];
  }

  get canBack(): boolean {
    return this.index > 0;
  }

  get canForward(): boolean {
    return this.index >= 0 && this.index < this.entries.length - 1;
  }

  /** 1-based position of the current entry and how many there are. */
  get position(): { at: number; of: number } {
    return { at: this.index + 1, of: this.entries.length };
  }

  push(entry: TrailEntry<T>): void {
    this.entries = [...this.entries.slice(0, this.index + 1), entry];
    this.index = this.entries.length - 1;
    this.trim();
  }

  /** Sets the weight of the entry holding `value` (a result that grew while it arrived), then trims. */
  reweigh(value: T, weight: number): void {
    const e = this.entries.find(x => x.value === value);
    if (!e) return;
    e.weight = weight;
    this.trim();
  }

  back(): TrailEntry<T> | undefined {
    if (this.canBack) this.index--;
    return this.current;
  }

  forward(): TrailEntry<T> | undefined {
    if (this.canForward) this.index++;
    return this.current;
  }

  private trim(): void {
    while (this.entries.length > Math.max(1, this.limits.entries)) this.dropOldest();
    const others = (): number => this.entries.reduce((n, e, i) => (i === this.index ? n : n + e.weight), 0);
    while (this.entries.length > 1 && others() > this.limits.weight) this.dropOldest();
  }

  private dropOldest(): void {
    this.entries.shift();
    this.index = Math.max(0, this.index - 1);
  }
}
