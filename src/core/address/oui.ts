import * as fs from 'fs';
import * as path from 'path';
import type { OperationOptions } from '../errors';
import { errorMessage, NetProbeError, withDeadline } from '../errors';

/** A vendor in the IEEE registration authority's registries (MA-L, MA-M, MA-S). */
export interface OuiVendor {
  /** Assigned prefix in hex, 6, 7 or 9 digits (MA-L/OUI, MA-M, MA-S). */
  prefix: string;
  registry: 'MA-L' | 'MA-M' | 'MA-S';
  name: string;
  /** Postal address lines as registered. */
  address: string[];
}

type OuiTable = Record<string, string>;

const REGISTRY: Record<number, OuiVendor['registry']> = { 6: 'MA-L', 7: 'MA-M', 9: 'MA-S' };

/**
 * The IEEE registry file (a JSON object from prefix to vendor text): `oui-data.json` beside the bundle
 * (the build copies it there, for the packaged extension and CLI), else the `oui-data` package.
 */
export function defaultOuiFile(): string {
  const beside = path.join(__dirname, 'oui-data.json');
  if (fs.existsSync(beside)) return beside;
  try {
    return require.resolve('oui-data');
  } catch (e) {
    throw new NetProbeError('os-error', 'The IEEE OUI registry (npm package oui-data) is not installed beside NetProbe.', undefined, { cause: e });
  }
}

/**
 * The IEEE OUI registry, read from the `oui-data` package the first time a vendor is asked for (the file
 * is several MB, so nothing is loaded until then). One instance caches the table for its lifetime.
 */
export class OuiDatabase {
  private table: Promise<OuiTable> | undefined;

  constructor(private readonly file?: string) {}

  /** True once the table is read (or being read). */
  get loaded(): boolean {
    return this.table !== undefined;
  }

  private load(): Promise<OuiTable> {
    this.table ??= Promise.resolve()
      .then(() => fs.promises.readFile(this.file ?? defaultOuiFile(), 'utf8'))
      .then(
        text => JSON.parse(text) as OuiTable,
        (e: unknown) => {
          this.table = undefined;
          if (e instanceof NetProbeError) throw e;
          throw new NetProbeError('os-error', `Could not read the IEEE OUI registry (${this.file ?? 'oui-data'}): ${errorMessage(e)}.`, undefined, {
            cause: e,
          });
        },
      );
    return this.table;
  }

  /**
   * The vendor registered for the first bytes of a MAC (given as 12 hex digits, any case), longest
   * prefix first (MA-S, MA-M, then MA-L). Undefined when the prefix is not assigned.
   */
  async lookup(macHex: string, opts: OperationOptions = {}): Promise<OuiVendor | undefined> {
    const hex = macHex.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
    if (hex.length < 6) throw new NetProbeError('invalid-input', `"${macHex}" is too short for an OUI (6 hex digits).`);
    const table = await withDeadline(this.load(), 'Reading the OUI registry', {
      timeout: opts.timeout ?? 30000,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    for (const len of [9, 7, 6]) {
      const prefix = hex.slice(0, len);
      const text = prefix.length === len ? table[prefix] : undefined;
      if (text === undefined) continue;
      const [name = '', ...address] = text.split('\n');
      if (len === 6 && name === 'IEEE Registration Authority' && hex.length >= 9) {
        return { prefix, registry: 'MA-L', name: `${name} (block subdivided into MA-M/MA-S; this part is unassigned)`, address };
      }
      return { prefix, registry: REGISTRY[len] ?? 'MA-L', name, address };
    }
    return undefined;
  }
}
