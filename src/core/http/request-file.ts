import { errorMessage } from '../errors';
import { parseProxyUrl } from '../proxy/url';
import type { HttpTarget } from './target';
import { parseHttpTarget } from './target';
import { VARIABLE_DEFINITION, expandVariables, maskEnvValues } from './request-variables';

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
  /** The request as written, from the request line on (comment lines before it removed, `{{variables}}` expanded). */
  text: string;
  /** From `# @target host:port [tls|plain]`. */
  target?: HttpTarget;
  /** `# @insecure`: accept untrusted certificates for this request. */
  insecure?: boolean;
  /** `# @follow N`: follow up to N redirects. */
  follow?: number;
  /** From `# @proxy NAME`: a proxy profile name, a `socks…://` URL, or `direct` (no proxy, even with a default). */
  proxy?: string;
  /** `# @http2` (ALPN h2 over TLS) or `# @http2 prior-knowledge` (h2c: HTTP/2 from the first byte). */
  http2?: 'alpn' | 'prior-knowledge';
  /** `# @concurrent [N]`: with HTTP/2, send up to N requests (default 100) as concurrent streams. */
  concurrent?: number;
  /** Problems with directives, in plain language (the request is not sent). */
  problems: string[];
  /** Variables expanded in this request or its directives: file ones (`@name = value`) and system ones (`$guid`). */
  variables: string[];
  /** Environment variables read through `{{$processEnv NAME}}` in this request or its directives. */
  env: string[];
  /**
   * The values those variables gave, by name. Secrets: `problems` and `name` never show them (they echo the text
   * as written), and a label made from `text` goes through `maskEnvValues` first.
   */
  envValues: Array<[name: string, value: string]>;
  /** Things to know before sending, e.g. an undefined `{{name}}` (sent as written). */
  warnings: string[];
}

const DIRECTIVE = /^\s*(?:#|\/\/)\s*@(\w+)\s*(.*?)\s*$/;
const COMMENT = /^\s*(#|\/\/)/;

function parseProxy(value: string, raw: string, problems: string[]): string | undefined {
  if (value === '') {
    problems.push('@proxy needs a proxy profile name, a socks5h://host:port URL, or "direct".');
    return undefined;
  }
  if (!value.includes('://')) {
    if (/\s/.test(value)) {
      problems.push(`@proxy "${raw}": a profile name has no spaces.`);
      return undefined;
    }
    return value;
  }
  try {
    parseProxyUrl(value);
    return value;
  } catch (e) {
    problems.push(`@proxy: ${errorMessage(e)}`);
    return undefined;
  }
}

function parseHttp2(value: string, raw: string, problems: string[]): 'alpn' | 'prior-knowledge' | undefined {
  const v = value.toLowerCase();
  if (v === '' || v === 'alpn' || v === 'h2') return 'alpn';
  if (v === 'prior-knowledge' || v === 'h2c') return 'prior-knowledge';
  problems.push(`@http2 "${raw}": write "@http2" (ALPN over TLS) or "@http2 prior-knowledge" (h2c).`);
  return undefined;
}

/** Streams in flight for a bare `# @concurrent`. */
export const DEFAULT_CONCURRENT_STREAMS = 100;

function parseConcurrent(value: string, raw: string, problems: string[]): number | undefined {
  if (value === '') return DEFAULT_CONCURRENT_STREAMS;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1 && n <= 1000) return n;
  problems.push(`@concurrent "${raw}" is not a stream count from 1 to 1000.`);
  return undefined;
}

function parseTarget(value: string, raw: string, problems: string[]): HttpTarget | undefined {
  const [hp = '', mode = ''] = value.split(/\s+/);
  try {
    const tlsWord = mode.toLowerCase();
    const explicit = tlsWord === 'tls' || tlsWord === 'https' ? true : tlsWord === 'plain' || tlsWord === 'tcp' || tlsWord === 'http' ? false : undefined;
    return parseHttpTarget(hp, explicit);
  } catch (e) {
    problems.push(`@target "${raw}": ${errorMessage(e)}`);
    return undefined;
  }
}

/** A stretch of the file between `###` lines, classified up to its request line. */
interface Section {
  from: number;
  to: number;
  separatorName?: string;
  followedBySeparator: boolean;
  /** Index of the request line, or -1 when the section holds no request. */
  requestLine: number;
  directives: Array<[key: string, value: string]>;
  definitions: Array<[name: string, value: string]>;
}

function lineText(lines: string[], i: number): string {
  return (lines[i] ?? '').replace(/\r?\n$/, '');
}

/** Reads the lines before the request line: blanks, comments, `# @directives` and `@name = value` variables. */
function scanSection(lines: string[], from: number, to: number, separatorName: string | undefined, followedBySeparator: boolean): Section {
  const section: Section = { from, to, followedBySeparator, requestLine: -1, directives: [], definitions: [], ...(separatorName ? { separatorName } : {}) };
  for (let i = from; i < to; i++) {
    const l = lineText(lines, i);
    if (l.trim() === '') continue;
    const d = DIRECTIVE.exec(l);
    if (d) {
      section.directives.push([(d[1] ?? '').toLowerCase(), d[2] ?? '']);
      continue;
    }
    if (COMMENT.test(l)) continue;
    const v = VARIABLE_DEFINITION.exec(l);
    if (v) {
      section.definitions.push([v[1] ?? '', v[2] ?? '']);
      continue;
    }
    section.requestLine = i;
    break;
  }
  return section;
}

/** Makes the request of a section, its directives and text with the file's variables expanded. */
function buildBlock(lines: string[], section: Section, index: number, variables: ReadonlyMap<string, string>): RequestBlock | undefined {
  const i = section.requestLine;
  if (i < 0) return undefined;
  const problems: string[] = [];
  const block: Partial<RequestBlock> & { problems: string[] } = { problems };
  if (section.separatorName) block.name = section.separatorName;
  const used = new Set<string>();
  const env = new Map<string, string>();
  const warnings = new Set<string>();
  const expand = (text: string): string => {
    const e = expandVariables(text, variables);
    e.used.forEach(n => used.add(n));
    e.envValues.forEach(([n, v]) => env.set(n, v));
    e.warnings.forEach(w => warnings.add(w));
    return e.text;
  };
  for (const [key, raw] of section.directives) {
    const value = expand(raw);
    if (key === 'target') {
      const t = parseTarget(value, raw, problems);
      if (t) block.target = t;
    } else if (key === 'insecure') block.insecure = true;
    else if (key === 'follow') {
      const n = Number(value || '10');
      if (Number.isInteger(n) && n >= 0) block.follow = n;
      else problems.push(`@follow "${raw}" is not a count.`);
    } else if (key === 'name') block.name = value;
    else if (key === 'proxy') {
      const p = parseProxy(value, raw, problems);
      if (p !== undefined) block.proxy = p;
    } else if (key === 'http2') {
      const h = parseHttp2(value, raw, problems);
      if (h) block.http2 = h;
    } else if (key === 'concurrent') {
      const n = parseConcurrent(value, raw, problems);
      if (n !== undefined) block.concurrent = n;
    }
  }
  let end = section.to - 1;
  while (end > i && (lines[end] ?? '').trim() === '') end--;
  let body = lines.slice(i, end + 1).join('');
  if (section.followedBySeparator || end < section.to - 1) body = body.replace(/\r?\n$/, '');
  const text = expand(body);
  if (block.concurrent !== undefined && !block.http2)
    warnings.add('@concurrent applies to HTTP/2 only (add "# @http2"): HTTP/1.1 sends one request after another.');
  const envValues = [...env];
  // What reaches a message or a label echoes the text as written, never a value from the environment.
  const masked = problems.map(p => maskEnvValues(p, envValues));
  if (block.name !== undefined) block.name = maskEnvValues(block.name, envValues);
  return { ...block, problems: masked, index, line: i, endLine: end, text, variables: [...used], env: [...env.keys()], envValues, warnings: [...warnings] };
}

/**
 * Splits a request file into requests: `###` lines separate them; `#` and `//` lines before a request
 * line are comments, with `@target`, `@insecure`, `@follow`, `@proxy`, `@http2`, `@concurrent` and `@name` directives. `@name = value`
 * lines define file variables (anywhere before a request line; a later definition wins) that `{{name}}`
 * uses in requests and directives. Each request's text keeps the file's bytes, except trailing blank lines,
 * the line break before the next `###`, and expanded variables.
 */
export function parseRequestFile(text: string): RequestBlock[] {
  const lines = text.split(/(?<=\n)/);
  const sections: Section[] = [];
  let start = 0;
  let name: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const m = /^###\s*(.*?)\s*$/.exec(lineText(lines, i));
    if (!m) continue;
    sections.push(scanSection(lines, start, i, name, true));
    name = m[1] || undefined;
    start = i + 1;
  }
  sections.push(scanSection(lines, start, lines.length, name, false));
  const variables = new Map(sections.flatMap(s => s.definitions));
  const blocks: RequestBlock[] = [];
  for (const section of sections) {
    const block = buildBlock(lines, section, blocks.length, variables);
    if (block) blocks.push(block);
  }
  return blocks;
}

/**
 * Why `blocks` cannot go out together on one connection (their `@target` or `@proxy` lines disagree), or
 * undefined when they can.
 */
export function sendTogetherProblem(blocks: RequestBlock[]): string | undefined {
  const targets = new Set(blocks.flatMap(b => (b.target ? [`${b.target.host}:${b.target.port}:${b.target.tls}`] : [])));
  if (targets.size > 1)
    return 'These requests name different @target lines; requests sent together share one connection, so give them one target (or send them one by one).';
  const proxies = new Set(blocks.flatMap(b => (b.proxy !== undefined ? [b.proxy] : [])));
  if (proxies.size > 1)
    return 'These requests name different @proxy lines; requests sent together share one connection, so give them one proxy (or send them one by one).';
  const http2 = new Set(blocks.flatMap(b => (b.http2 ? [b.http2] : [])));
  if (http2.size > 1)
    return 'These requests mix "@http2" and "@http2 prior-knowledge"; requests sent together share one connection, so ask for HTTP/2 one way (or send them one by one).';
  return undefined;
}
