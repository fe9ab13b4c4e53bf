/** A file variable definition line: `@name = value` (REST Client syntax). */
export const VARIABLE_DEFINITION = /^\s*@([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$/;

const REFERENCE = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;
/** How deep values may refer to other variables (stops `@a = {{b}}`, `@b = {{a}}` loops). */
const MAX_DEPTH = 8;

/** The result of replacing `{{name}}` references in a text. */
export interface Expansion {
  text: string;
  /** Names that were replaced. */
  used: string[];
  /** Names referenced but not defined: left as written. */
  missing: string[];
}

/**
 * Replaces `{{name}}` with the value of a defined variable; a value may itself refer to other variables.
 * References to undefined names (and `{{$…}}` forms) stay as written.
 */
export function expandVariables(text: string, variables: ReadonlyMap<string, string>): Expansion {
  const used = new Set<string>();
  const missing = new Set<string>();
  const expand = (s: string, depth: number): string => s.replace(REFERENCE, (whole, name: string) => {
    const value = variables.get(name);
    if (value === undefined || depth >= MAX_DEPTH) {
      if (value === undefined) missing.add(name);
      return whole;
    }
    used.add(name);
    return expand(value, depth + 1);
  });
  const out = text.includes('{{') ? expand(text, 0) : text;
  return { text: out, used: [...used], missing: [...missing] };
}
