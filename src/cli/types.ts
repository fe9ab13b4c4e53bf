import type { ParseArgsConfig } from 'util';

/** Values parsed from the command line (strings and booleans as declared in `options`). */
export type CliValues = Record<string, string | boolean | Array<string | boolean> | undefined>;

/** What a CLI command gets when it runs. */
export interface CliContext {
  positionals: string[];
  values: CliValues;
  /** `--json` was given: print exactly one JSON object with `printJson`. */
  json: boolean;
  /** `--timeout MS` (default 5000). */
  timeout: number;
  /** Fires on Ctrl+C. */
  signal: AbortSignal;
  out(text: string): void;
  err(text: string): void;
  printJson(value: unknown): void;
}

/** One `netprobe <name>` command. Return the exit status: 0 success, 1 negative outcome, 2 bad input. */
export interface CliCommand {
  name: string;
  /** One line for `netprobe --help`. */
  summary: string;
  /** Usage line(s) after `netprobe `, e.g. `resolve HOST [-4|-6] [--json]`. */
  usage: string;
  /** Command-specific options for `util.parseArgs` (`--json`, `--timeout`, `--help` are added). */
  options?: ParseArgsConfig['options'];
  run(ctx: CliContext): Promise<number>;
}

/** Thrown for bad command-line input: the CLI prints the message and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
