import * as net from 'net';
import { parseIpv4Aton } from './ipv4-aton';
import { problemOf } from '../errors';

/** What kind of address a token in text is. */
export type AddressTokenKind = 'ipv4' | 'ipv6' | 'cidr' | 'mac';

/** An address found in text. `start`/`end` are offsets in the searched string (end exclusive). */
export interface AddressToken {
  kind: AddressTokenKind;
  text: string;
  start: number;
  end: number;
  /** Set when the token looks like an address but is not a valid one (e.g. `10.0.0.256`); the reason. */
  invalid?: string;
}

/** Longest token detection looks for; a hover window must extend at least this far each side. */
export const MAX_TOKEN_LENGTH = 120;

const H = '[0-9A-Fa-f]';
const V4PART = '(?:0[xX][0-9A-Fa-f]{1,8}|[0-9]{1,10})';
const SOURCE = [
  `(?<![\\w:.-])(${H}{2}(?::${H}{2}){5}|${H}{2}(?:-${H}{2}){5}|${H}{4}\\.${H}{4}\\.${H}{4})(?![\\w:-]|\\.\\w)`,
  `(?<![\\w:.%])((?:${H}{1,4}|:)[0-9A-Fa-f:]{0,40}:(?:[0-9]{1,3}(?:\\.[0-9]{1,3}){3}|[0-9A-Fa-f]{1,4})?(?:%[0-9A-Za-z_.-]{1,32})?)(?:/([0-9]{1,3}))?(?![\\w:])`,
  `(?<![\\w.])(${V4PART}(?:\\.${V4PART}){3})(?:/([0-9]{1,3}))?(?![\\w]|\\.\\w)`,
].join('|');

/** A fresh global regex (each caller gets its own, so `lastIndex` is never shared). */
function tokenRegex(): RegExp {
  return new RegExp(SOURCE, 'g');
}

const STRICT_V4 = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

function v4Problem(text: string): string | undefined {
  if (STRICT_V4.test(text)) return undefined;
  return problemOf(() => parseIpv4Aton(text));
}

function colons(text: string): number {
  let n = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) n++;
  return n;
}

function toToken(m: RegExpExecArray, full: string, base: number): AddressToken | undefined {
  const start = m.index;
  const whole = m[0];
  if (m[1] !== undefined) return { kind: 'mac', text: whole, start, end: start + whole.length };
  if (m[2] !== undefined) {
    const addr = m[2];
    const pct = addr.indexOf('%');
    const bare = pct >= 0 ? addr.slice(0, pct) : addr;
    if (bare === '::' && full[base + start - 1] !== '[') return undefined;
    if (!bare.includes('::') && colons(bare) < 6) return undefined;
    if (!net.isIPv6(bare)) return undefined;
    if (m[3] !== undefined) {
      if (pct >= 0 || Number(m[3]) > 128) return undefined;
      return { kind: 'cidr', text: whole, start, end: start + whole.length };
    }
    return { kind: 'ipv6', text: addr, start, end: start + addr.length };
  }
  const v4 = m[4] ?? '';
  const problem = v4Problem(v4);
  if (m[5] !== undefined && problem === undefined && Number(m[5]) <= 32) return { kind: 'cidr', text: whole, start, end: start + whole.length };
  const token: AddressToken = { kind: 'ipv4', text: v4, start, end: start + v4.length };
  if (problem !== undefined) {
    if (!/^[0-9.]+$/.test(v4)) return undefined;
    token.invalid = problem;
  }
  return token;
}

/** Runs of address characters (`[0-9A-Za-z_%/.:-]`, maximal) that hold at least one separator `.:-`. */
const RUN_SOURCE = '(?<![\\w%/.:-])[\\w%/]*[.:-][\\w%/.:-]*';

/**
 * Finds every IPv4 (four parts, any radix `inet_aton` reads), IPv6 (with zone), CIDR and MAC token in
 * `text`, calling `onToken` for each in order. Invalid dotted quads are reported with `invalid` set.
 * A cheap pass cuts out maximal runs of address characters that hold a separator; only those go to the
 * token regex (the result is the same as running it over the whole text, as runs end where its
 * lookarounds stop). Linear in the length of the text; holds no state between calls.
 */
export function scanAddresses(text: string, onToken: (t: AddressToken) => void): void {
  const runs = new RegExp(RUN_SOURCE, 'g');
  const re = tokenRegex();
  let r: RegExpExecArray | null;
  while ((r = runs.exec(text)) !== null) {
    const run = r[0];
    if (run.length < 2) continue;
    const base = r.index;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(run)) !== null) {
      const t = toToken(m, text, base);
      if (t) onToken(base === 0 ? t : { ...t, start: t.start + base, end: t.end + base });
    }
  }
}

/**
 * The address token that covers `offset` in `text`, if any. `text` is usually a window cut out of a long
 * line: pass `cutLeft`/`cutRight` when it does not start/end at the line's edges, so a token that touches
 * a cut edge (and may be truncated) is not reported.
 */
export function addressTokenAt(text: string, offset: number, cutLeft = false, cutRight = false): AddressToken | undefined {
  const re = tokenRegex();
  re.lastIndex = Math.max(0, offset - MAX_TOKEN_LENGTH);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m.index > offset) return undefined;
    const t = toToken(m, text, 0);
    if (!t || offset >= t.end || offset < t.start) continue;
    if ((cutLeft && t.start === 0) || (cutRight && t.end >= text.length)) return undefined;
    return t;
  }
  return undefined;
}
