import { NetProbeError } from '../errors';
import { parseProxyUrl } from '../proxy/url';
import type { HttpTarget } from './target';
import { splitHostPort } from './target';

/** One request of a request file (blocks separated by `###` lines). */
export interface RequestBlock {
  /** 0-based position in the file. */
  index: number;
  /** From `### name` or `# @name name`. */
  name?: string;
  /** 0-based line of the request line (where the CodeLens goes). */
  line: number;
  /** 0-based last line of the request (inclusive). */
  endLine: number;
  /** The request as written, from the request line on (comment lines before it removed). */
  text: string;
  /** From `# @target host:port [tls|plain]`. */
  target?: HttpTarget;
  /** `# @insecure`: accept untrusted certificates for this request. */
  insecure?: boolean;
  /** `# @follow N`: follow up to N redirects. */
  follow?: number;
  /** From `# @proxy NAME`: a proxy profile name, a `socks…://` URL, or `direct` (no proxy, even with a default). */
  proxy?: string;
  /** Problems with directives, in plain language. */
  problems: string[];
}

const DIRECTIVE = /^\s*(?:#|\/\/)\s*@(\w+)\s*(.*?)\s*$/;
const COMMENT = /^\s*(#|\/\/)/;

function parseProxy(value: string, problems: string[]): string | undefined {
  if (value === '') { problems.push('@proxy needs a proxy profile name, a socks5h://host:port URL, or "direct".'); return undefined; }
  if (!value.includes('://')) {
    if (/\s/.test(value)) { problems.push(`@proxy "${value}": a profile name has no spaces.`); return undefined; }
    return value;
  }
  try {
    parseProxyUrl(value);
    return value;
  } catch (e) {
    problems.push(`@proxy: ${e instanceof NetProbeError ? e.message : String(e)}`);
    return undefined;
  }
}

function parseTarget(value: string, problems: string[]): HttpTarget | undefined {
  const [hp = '', mode = ''] = value.split(/\s+/);
  try {
    const tlsWord = mode.toLowerCase();
    const explicit = tlsWord === 'tls' || tlsWord === 'https' ? true : tlsWord === 'plain' || tlsWord === 'tcp' || tlsWord === 'http' ? false : undefined;
    const { host, port } = splitHostPort(hp, explicit ? 443 : 80);
    return { host, port, tls: explicit ?? port === 443 };
  } catch (e) {
    problems.push(`@target "${value}": ${e instanceof NetProbeError ? e.message : String(e)}`);
    return undefined;
  }
}

/**
 * Splits a request file into requests: `###` lines separate them; `#` and `//` lines before a request
 * line are comments, with `@target`, `@insecure`, `@follow`, `@proxy` and `@name` directives. Each request's text
 * keeps the file's bytes, except trailing blank lines and the line break before the next `###`.
 */
export function parseRequestFile(text: string): RequestBlock[] {
  const lines = text.split(/(?<=\n)/);
  const blocks: RequestBlock[] = [];
  let start = 0;
  const flush = (from: number, to: number, separatorName: string | undefined, followedBySeparator: boolean): void => {
    const problems: string[] = [];
    const block: Partial<RequestBlock> & { problems: string[] } = { problems };
    if (separatorName) block.name = separatorName;
    let i = from;
    for (; i < to; i++) {
      const l = (lines[i] ?? '').replace(/\r?\n$/, '');
      if (l.trim() === '') continue;
      const d = DIRECTIVE.exec(l);
      if (d) {
        const key = (d[1] ?? '').toLowerCase();
        const value = d[2] ?? '';
        if (key === 'target') { const t = parseTarget(value, problems); if (t) block.target = t; }
        else if (key === 'insecure') block.insecure = true;
        else if (key === 'follow') { const n = Number(value || '10'); if (Number.isInteger(n) && n >= 0) block.follow = n; else problems.push(`@follow "${value}" is not a count.`); }
        else if (key === 'name') block.name = value;
        else if (key === 'proxy') { const p = parseProxy(value, problems); if (p !== undefined) block.proxy = p; }
        continue;
      }
      if (COMMENT.test(l)) continue;
      break;
    }
    if (i >= to) return;
    let end = to - 1;
    while (end > i && (lines[end] ?? '').trim() === '') end--;
    let body = lines.slice(i, end + 1).join('');
    if (followedBySeparator || end < to - 1) body = body.replace(/\r?\n$/, '');
    blocks.push({ ...block, index: blocks.length, line: i, endLine: end, text: body });
  };
  let name: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const m = /^###\s*(.*?)\s*$/.exec((lines[i] ?? '').replace(/\r?\n$/, ''));
    if (!m) continue;
    flush(start, i, name, true);
    name = m[1] || undefined;
    start = i + 1;
  }
  flush(start, lines.length, name, false);
  return blocks;
}
