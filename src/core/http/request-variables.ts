import * as crypto from 'crypto';

/** A file variable definition line: `@name = value` (REST Client syntax). */
export const VARIABLE_DEFINITION = /^\s*@([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$/;

/** `{{name}}`, or a system variable with arguments: `{{$randomInt 1 100}}`. */
const REFERENCE = /\{\{\s*(\$?[A-Za-z_][\w.-]*)((?:[ \t]+[^\s{}]+)*)\s*\}\}/g;
/** How deep values may refer to other variables (stops `@a = {{b}}`, `@b = {{a}}` loops). */
const MAX_DEPTH = 8;

/** The result of replacing `{{name}}` references in a text. */
export interface Expansion {
  text: string;
  /** Variables that were replaced (`host`, `$guid`). */
  used: string[];
  /** Environment variables read through `{{$processEnv NAME}}`. */
  env: string[];
  /** The values those variables gave, by name: secrets, never to be echoed in a message (see {@link maskEnvValues}). */
  envValues: Array<[name: string, value: string]>;
  /** Why a reference was left as written, one line each. */
  warnings: string[];
}

/** What a system variable (REST Client's `{{$…}}` set) stands for now, or why it cannot be given. */
function systemValue(name: string, args: string[], env: NodeJS.ProcessEnv): { value: string; envName?: string } | { problem: string } {
  switch (name) {
    case '$guid':
      return { value: crypto.randomUUID() };
    case '$timestamp':
      return { value: String(Math.floor(Date.now() / 1000)) };
    case '$isoTimestamp':
      return { value: new Date().toISOString() };
    case '$randomInt': {
      const [min, max] = args.map(Number);
      if (args.length !== 2 || !Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min === undefined || max === undefined || max <= min) {
        return { problem: '{{$randomInt MIN MAX}} needs two whole numbers, MIN below MAX' };
      }
      return { value: String(crypto.randomInt(min, max)) };
    }
    case '$processEnv': {
      const key = args[0];
      if (args.length !== 1 || key === undefined) return { problem: '{{$processEnv NAME}} needs the name of one environment variable' };
      const value = env[key];
      return value === undefined ? { problem: `the environment variable ${key} is not set` } : { value, envName: key };
    }
    default:
      return { problem: `${name} is not a system variable ($guid, $timestamp, $isoTimestamp, $randomInt MIN MAX, $processEnv NAME)` };
  }
}

/**
 * Replaces `{{name}}` with the value of a defined variable (a value may itself refer to other variables) and
 * system variables `{{$guid}}`, `{{$timestamp}}`, `{{$isoTimestamp}}`, `{{$randomInt MIN MAX}}` and
 * `{{$processEnv NAME}}`. A reference that cannot be replaced stays as written, with a warning.
 */
export function expandVariables(text: string, variables: ReadonlyMap<string, string>, env: NodeJS.ProcessEnv = process.env): Expansion {
  const used = new Set<string>();
  const envValues = new Map<string, string>();
  const warnings = new Set<string>();
  const expand = (s: string, depth: number): string =>
    s.replace(REFERENCE, (whole, name: string, rawArgs: string) => {
      if (name.startsWith('$')) {
        const r = systemValue(name, rawArgs.trim().split(/\s+/).filter(Boolean), env);
        if ('problem' in r) {
          warnings.add(`${whole}: ${r.problem}; sent as written.`);
          return whole;
        }
        used.add(name);
        if (r.envName !== undefined) envValues.set(r.envName, r.value);
        return r.value;
      }
      const value = rawArgs.trim() === '' ? variables.get(name) : undefined;
      if (value === undefined) {
        warnings.add(`${whole} is not defined: sent as written (define it with "@${name} = …").`);
        return whole;
      }
      if (depth >= MAX_DEPTH) return whole;
      used.add(name);
      return expand(value, depth + 1);
    });
  const out = text.includes('{{') ? expand(text, 0) : text;
  return { text: out, used: [...used], env: [...envValues.keys()], envValues: [...envValues], warnings: [...warnings] };
}

/**
 * `text` with every value an environment variable gave replaced by its reference (`{{$processEnv NAME}}`): what a
 * message, label or CodeLens shows instead of the expanded value. Longer values are replaced first; empty ones
 * cannot be told apart and stay.
 */
export function maskEnvValues(text: string, envValues: ReadonlyArray<readonly [name: string, value: string]>): string {
  const byValue = new Map<string, string>();
  for (const [name, value] of envValues) if (value !== '' && text.includes(value) && !byValue.has(value)) byValue.set(value, name);
  if (byValue.size === 0) return text;
  const alternatives = [...byValue.keys()].sort((a, b) => b.length - a.length).map(v => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return text.replace(new RegExp(alternatives.join('|'), 'g'), v => `{{$processEnv ${byValue.get(v) ?? ''}}}`);
}
