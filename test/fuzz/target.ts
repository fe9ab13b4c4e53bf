// test/fuzz/target.ts
/** A seeded fuzz target: `generate` builds one case from `random`, `check` feeds it to the code under test. */
export interface FuzzTarget<T> {
  /** Short name in reports, e.g. `dns-message`. */
  readonly name: string;
  generate(random: () => number): T;
  /** May throw only NetProbe's typed errors (NetProbeError); anything else is a finding. */
  check(input: T): void | Promise<void>;
  /** A short replayable description of the input (hex or JSON) for reports. */
  describe(input: T): string;
}
