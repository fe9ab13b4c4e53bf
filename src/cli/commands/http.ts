import * as fs from 'fs';
import type { SecureVersion } from 'tls';
import { HttpError, sendHttp } from '../../core/http/client';
import type { HttpRequestOptions } from '../../core/http/client';
import { removeTemporaryBodies } from '../../core/http/body-sink';
import { decodeBody, shownBody } from '../../core/http/decode';
import type { RequestPlan } from '../../core/http/plan';
import { planRequests } from '../../core/http/plan';
import { parseRequestFile } from '../../core/http/request-file';
import type { HttpTarget } from '../../core/http/target';
import { parseHttpTarget, requestForUrl } from '../../core/http/target';
import type { ProxyConfig } from '../../core/proxy/types';
import type { TlsOptions } from '../../core/tls/connect';
import type { HttpExchange, HttpResult } from '../../core/http/types';
import { errorMessage, NetProbeError } from '../../core/errors';
import { flag, intOption, noExtraPositionals, stringOption } from '../args';
import { failureLines, httpFailureJson, httpJson, negotiationNotes, verboseReport, violationLines } from '../http/render';
import { PROXY_OPTION, PROXY_USAGE, parseCliProxy, proxyTlsFromCli } from '../proxy-option';
import { TLS_EXTRA_OPTIONS, TLS_EXTRA_USAGE, tlsExtrasFromCli } from '../tls-extras';
import { withInsecureHint } from '../tls-hint';
import type { CliCommand, CliContext } from '../types';
import { UsageError } from '../types';

function tlsVersion(ctx: CliContext, name: string): SecureVersion | undefined {
  const v = stringOption(ctx, name);
  if (v === undefined) return undefined;
  const map: Record<string, SecureVersion> = { '1': 'TLSv1', '1.0': 'TLSv1', '1.1': 'TLSv1.1', '1.2': 'TLSv1.2', '1.3': 'TLSv1.3' };
  const found = map[v.replace(/^TLSv/i, '')];
  if (!found) throw new UsageError(`--${name} must be 1.0, 1.1, 1.2 or 1.3, not "${v}".`);
  return found;
}

function tlsFromCli(ctx: CliContext, insecure: boolean): TlsOptions {
  const min = tlsVersion(ctx, 'tls-min');
  const max = tlsVersion(ctx, 'tls-max');
  const ca = stringOption(ctx, 'cacert');
  const sni = stringOption(ctx, 'sni');
  return {
    ...(insecure ? { insecure } : {}),
    ...(ca ? { caFile: ca } : {}),
    ...(min ? { minVersion: min } : {}),
    ...(max ? { maxVersion: max } : {}),
    ...(sni ? { servername: sni } : {}),
    ...tlsExtrasFromCli(ctx),
  };
}

/** `--http2` (ALPN h2) or `--http2-prior-knowledge` (h2c), if given. */
function http2FromCli(ctx: CliContext): 'alpn' | 'prior-knowledge' | undefined {
  if (flag(ctx, 'http2') && flag(ctx, 'http2-prior-knowledge')) throw new UsageError('--http2 and --http2-prior-knowledge exclude each other.');
  return flag(ctx, 'http2-prior-knowledge') ? 'prior-knowledge' : flag(ctx, 'http2') ? 'alpn' : undefined;
}

/** `-L` with `--max-redirs`: how many redirects to follow, or undefined to leave it to the file (else none). */
function followFromCli(ctx: CliContext): number | undefined {
  return flag(ctx, 'location') ? (intOption(ctx, 'max-redirs', { max: 100 }) ?? 10) : undefined;
}

/**
 * The plan for `--raw FILE` (read as UTF-8, as the editor sends it): core's planRequests with the flags over the
 * file's directives. Problems the editor refuses to send are bad input here too (exit 2).
 */
export function planFromCli(ctx: CliContext): RequestPlan {
  const rawFile = stringOption(ctx, 'raw') ?? '-';
  noExtraPositionals(ctx, 0, 'http --raw FILE');
  let text: string;
  try {
    text = fs.readFileSync(rawFile === '-' ? 0 : rawFile, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${rawFile}: ${errorMessage(e)}`);
  }
  const blocks = parseRequestFile(text);
  if (blocks.length === 0) throw new UsageError(`${rawFile} holds no request.`);
  const only = intOption(ctx, 'request', { min: 1, max: blocks.length });
  const target = stringOption(ctx, 'target');
  const proxy = stringOption(ctx, 'proxy');
  const follow = followFromCli(ctx);
  const http2 = http2FromCli(ctx);
  const plan = planRequests(only !== undefined ? blocks.filter(b => b.index === only - 1) : blocks, {
    ...(target !== undefined ? { target } : {}),
    ...(flag(ctx, 'tls') ? { tls: true } : {}),
    ...(flag(ctx, 'insecure') ? { insecure: true } : {}),
    ...(follow !== undefined ? { follow } : {}),
    ...(proxy !== undefined ? { proxy } : {}),
    ...(http2 ? { http2 } : {}),
  });
  if (plan.problems.length) throw new UsageError(plan.problems.join(' '));
  if (plan.needsTarget)
    throw new UsageError('The request names no server: add a Host header, an absolute URL or a "# @target host:port" line, or give --target HOST:PORT.');
  return plan;
}

/** A plan's proxy for the CLI: a URL (password from NETPROBE_PROXY_PASSWORD), `direct`, or none; profiles are the editor's. */
function cliProxy(ctx: CliContext, spec: string | undefined): ProxyConfig | undefined {
  if (spec === undefined || spec.trim() === '' || spec.trim().toLowerCase() === 'direct') return undefined;
  if (!spec.includes('://'))
    throw new UsageError(
      `proxy "${spec}" is a profile name, and profiles live in the editor's settings: write a socks5h://host:port or http://host:port URL (or "direct").`,
    );
  return parseCliProxy(spec, process.env, proxyTlsFromCli(ctx));
}

/** Requests to send and where, from a URL or a raw request file. */
function requestsFromCli(ctx: CliContext): {
  requests: Buffer[];
  target?: HttpTarget;
  insecure: boolean;
  follow: number;
  proxy?: ProxyConfig;
  http2?: 'alpn' | 'prior-knowledge';
  concurrent?: number;
  secrets?: string[];
} {
  if (stringOption(ctx, 'raw') !== undefined) {
    const plan = planFromCli(ctx);
    for (const w of plan.warnings) ctx.err(`netprobe http: ${w}`);
    const proxy = cliProxy(ctx, plan.proxy);
    return {
      requests: plan.requests.map(r => r.bytes),
      ...(plan.target ? { target: plan.target } : {}),
      insecure: plan.insecure,
      follow: plan.follow,
      ...(proxy ? { proxy } : {}),
      ...(plan.http2 ? { http2: plan.http2 } : {}),
      ...(plan.concurrent !== undefined ? { concurrent: plan.concurrent } : {}),
      ...(plan.secrets.length ? { secrets: plan.secrets } : {}),
    };
  }
  const forcedTarget = stringOption(ctx, 'target');
  const target = forcedTarget !== undefined ? parseHttpTarget(forcedTarget, flag(ctx, 'tls') ? true : undefined) : undefined;
  const proxy = cliProxy(ctx, stringOption(ctx, 'proxy'));
  const url = ctx.positionals[0];
  if (!url) throw new UsageError('missing URL or --raw FILE (usage: netprobe http URL|--raw FILE …)');
  noExtraPositionals(ctx, 1, 'http URL');
  const headers = ((ctx.values.header as string[] | undefined) ?? []).map((h): [string, string] => {
    const i = h.indexOf(':');
    if (i <= 0) throw new UsageError(`--header must be "Name: value", not "${h}".`);
    return [h.slice(0, i).trim(), h.slice(i + 1).trim()];
  });
  const data = stringOption(ctx, 'data');
  const method = stringOption(ctx, 'method') ?? (data !== undefined ? 'POST' : flag(ctx, 'head') ? 'HEAD' : 'GET');
  const { target: urlTarget, raw } = requestForUrl(url, method, [
    ...headers,
    ...(data !== undefined ? [['Content-Length', String(Buffer.byteLength(data))] as [string, string]] : []),
  ]);
  const http2 = http2FromCli(ctx);
  return {
    requests: [Buffer.concat([Buffer.from(raw, 'latin1'), Buffer.from(data ?? '', 'utf8')])],
    target: target ?? urlTarget,
    insecure: false,
    follow: followFromCli(ctx) ?? 0,
    ...(proxy ? { proxy } : {}),
    ...(http2 ? { http2 } : {}),
  };
}

/** Each response as curl -i shows it (what arrived of a failed one too), then its warnings and violations. */
function printResponses(ctx: CliContext, exchanges: readonly HttpExchange[]): void {
  for (const ex of exchanges) {
    const res = ex.response;
    if (res) {
      if (exchanges.length > 1) ctx.out(`# ${ex.request.method} ${ex.url}${ex.hop ? ` (redirect ${ex.hop})` : ''}`);
      ctx.out(
        [`HTTP/${res.httpVersion} ${res.statusCode}${res.statusText ? ` ${res.statusText}` : ''}`, ...res.headers.map(([k, v]) => `${k}: ${v}`), ''].join('\n'),
      );
      const shown = shownBody(res);
      const body = shown.body;
      if (res.body.file && !res.body.temporary) ctx.out(`[${res.body.size} bytes written to ${res.body.file}]`);
      else if (body.file)
        ctx.out(`[${body.size} ${shown.decompressed ? 'decoded ' : ''}bytes not printed: more than is kept in memory; use -o FILE to save the body]`);
      else if (body.data && body.size) {
        const d = decodeBody(body.data, res.headers);
        if (d.text !== undefined) ctx.out(d.text);
        else ctx.out(`[${body.size} bytes of ${d.kind === 'image' ? (d.mimeType ?? 'image') : 'binary'} data; use -o FILE to save them]`);
      }
      if (res.trailers) ctx.out(res.trailers.map(([k, v]) => `${k}: ${v}`).join('\n'));
      for (const n of shown.notes) ctx.err(`warning: ${n}`);
    }
    for (const w of ex.warnings) ctx.err(`warning: ${w}`);
    for (const l of violationLines(ex)) ctx.err(l);
  }
}

export const httpCommand: CliCommand = {
  name: 'http',
  summary: 'Send a raw HTTP/1.1 request (URL or request file) over TCP or TLS, or HTTP/2 with its frames; show bytes, timings and the TLS chain.',
  usage: `http URL|--raw FILE [-X METHOD] [-H "Name: value"]… [-d DATA] [-I] [-L] [-o FILE] [-v] [--http2|--http2-prior-knowledge] [--insecure] [--cacert F] [--sni NAME] [--tls-min 1.2] [--tls-max 1.3] ${TLS_EXTRA_USAGE} [--target HOST:PORT] [--tls] [--request N] [--max-time MS] [--max-decoded MIB] [--fail] [--strict] [--json] [--timeout MS] ${PROXY_USAGE}`,
  options: {
    raw: { type: 'string' },
    method: { type: 'string', short: 'X' },
    header: { type: 'string', short: 'H', multiple: true },
    data: { type: 'string', short: 'd' },
    head: { type: 'boolean', short: 'I' },
    location: { type: 'boolean', short: 'L' },
    'max-redirs': { type: 'string' },
    output: { type: 'string', short: 'o' },
    verbose: { type: 'boolean', short: 'v' },
    insecure: { type: 'boolean', short: 'k' },
    cacert: { type: 'string' },
    sni: { type: 'string' },
    'tls-min': { type: 'string' },
    'tls-max': { type: 'string' },
    target: { type: 'string' },
    tls: { type: 'boolean' },
    request: { type: 'string' },
    'max-time': { type: 'string' },
    fail: { type: 'boolean', short: 'f' },
    strict: { type: 'boolean' },
    'max-decoded': { type: 'string' },
    http2: { type: 'boolean' },
    'http2-prior-knowledge': { type: 'boolean' },
    ...PROXY_OPTION,
    ...TLS_EXTRA_OPTIONS,
  },
  async run(ctx) {
    const { requests, target, insecure, follow, proxy, http2, concurrent, secrets } = requestsFromCli(ctx);
    const output = stringOption(ctx, 'output');
    const maxTime = intOption(ctx, 'max-time', { max: 86_400_000 });
    const opts: HttpRequestOptions = {
      timeout: ctx.timeout,
      signal: ctx.signal,
      tls: tlsFromCli(ctx, flag(ctx, 'insecure') || insecure),
      followRedirects: follow,
      ...(target ? { target } : {}),
      ...(proxy ? { proxy } : {}),
      ...(output ? { bodyFile: output } : {}),
      ...(maxTime ? { maxTime } : {}),
      ...(http2 ? { http2 } : {}),
      ...(concurrent !== undefined ? { concurrent } : {}),
      ...(secrets ? { secrets } : {}),
      addContentLength: true,
      decode: { maxBytes: (intOption(ctx, 'max-decoded', { min: 1, max: 1024 * 1024 }) ?? 64) * 1024 * 1024 },
    };
    let result: HttpResult | undefined;
    let failure: HttpError | undefined;
    try {
      result = await sendHttp(requests, opts);
    } catch (e) {
      if (!(e instanceof HttpError)) throw withInsecureHint(e instanceof NetProbeError ? e : new NetProbeError('os-error', String(e)));
      failure = e;
    }
    const exchanges = result?.exchanges ?? failure?.partial ?? [];
    try {
      return report(ctx, exchanges, result, failure, output);
    } finally {
      // Bodies that spilled to $TMPDIR/netprobe-body-* go when the command ends, whatever happened; -o FILE stays.
      removeTemporaryBodies(exchanges);
    }
  },
};

/** Prints the outcome (text or JSON) and returns the exit status; rethrows a failure for the text output. */
function report(
  ctx: CliContext,
  exchanges: readonly HttpExchange[],
  result: HttpResult | undefined,
  failure: HttpError | undefined,
  output: string | undefined,
): number {
  if (ctx.json) {
    if (result) ctx.printJson(httpJson(result, !output));
    else if (failure) ctx.printJson(httpFailureJson(failure, exchanges, !output));
  } else {
    if (flag(ctx, 'verbose')) for (const l of [...verboseReport(exchanges), ...(failure?.failure ? failureLines(failure.failure) : [])]) ctx.err(l);
    for (const n of negotiationNotes(exchanges)) ctx.err(`netprobe http: ${n}`);
    printResponses(ctx, exchanges);
  }
  if (failure) {
    if (ctx.json) return 1;
    throw withInsecureHint(failure);
  }
  const r = result?.final.response;
  if (flag(ctx, 'strict') && exchanges.some(ex => ex.violations.length > 0)) return 1;
  return flag(ctx, 'fail') && r && r.statusCode >= 400 ? 1 : 0;
}
