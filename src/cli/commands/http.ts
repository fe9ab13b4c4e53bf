import * as fs from 'fs';
import type { SecureVersion } from 'tls';
import { HttpError, sendHttp } from '../../core/http/client';
import type { HttpRequestOptions } from '../../core/http/client';
import { decodeBody } from '../../core/http/decode';
import { http2Plan, parseRequestFile } from '../../core/http/request-file';
import type { HttpTarget } from '../../core/http/target';
import { requestForUrl, splitHostPort } from '../../core/http/target';
import type { TlsOptions } from '../../core/http/tls-connect';
import { NetProbeError } from '../../core/errors';
import { flag, noExtraPositionals, stringOption } from '../args';
import { httpErrorJson, httpJson, negotiationNotes, verboseReport } from '../http/render';
import { PROXY_OPTION, PROXY_USAGE, proxyFromCli } from '../proxy-option';
import { withInsecureHint } from '../tls-hint';
import type { CliCommand, CliContext } from '../types';
import { UsageError } from '../types';

function count(ctx: CliContext, name: string, max: number): number | undefined {
  const text = stringOption(ctx, name);
  if (text === undefined) return undefined;
  if (!/^[0-9]+$/.test(text) || Number(text) > max) throw new UsageError(`--${name} must be a whole number up to ${max}, not "${text}".`);
  return Number(text);
}

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
  return { ...(insecure ? { insecure } : {}), ...(ca ? { caFile: ca } : {}), ...(min ? { minVersion: min } : {}), ...(max ? { maxVersion: max } : {}), ...(sni ? { servername: sni } : {}) };
}

/** Requests to send and where, from a URL or a raw request file. */
function requestsFromCli(ctx: CliContext): { requests: Buffer[]; target?: HttpTarget; insecure: boolean; follow?: number; http2?: 'alpn' | 'prior-knowledge'; concurrent?: number } {
  const rawFile = stringOption(ctx, 'raw');
  const forcedTarget = stringOption(ctx, 'target');
  const tlsFlag = flag(ctx, 'tls');
  let target: HttpTarget | undefined;
  if (forcedTarget) {
    const { host, port } = splitHostPort(forcedTarget, tlsFlag ? 443 : 80);
    target = { host, port, tls: tlsFlag || port === 443 };
  }
  if (rawFile) {
    noExtraPositionals(ctx, 0, 'http --raw FILE');
    let text: string;
    try {
      text = fs.readFileSync(rawFile === '-' ? 0 : rawFile, 'latin1');
    } catch (e) {
      throw new UsageError(`cannot read ${rawFile}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const blocks = parseRequestFile(text);
    if (blocks.length === 0) throw new UsageError(`${rawFile} holds no request.`);
    const only = count(ctx, 'request', blocks.length);
    const chosen = only !== undefined ? blocks.filter(b => b.index === only - 1) : blocks;
    if (chosen.length === 0) throw new UsageError(`--request must be from 1 to ${blocks.length}.`);
    const first = chosen[0];
    for (const p of first?.problems ?? []) ctx.err(`netprobe http: ${p}`);
    for (const w of new Set(chosen.flatMap(b => b.warnings))) ctx.err(`netprobe http: ${w}`);
    target ??= first?.target ? { ...first.target, tls: first.target.tls || tlsFlag } : undefined;
    return {
      requests: chosen.map(b => Buffer.from(b.text, 'latin1')), ...(target ? { target } : {}), insecure: chosen.some(b => b.insecure),
      ...(first?.follow !== undefined ? { follow: first.follow } : {}), ...http2Plan(chosen),
    };
  }
  const url = ctx.positionals[0];
  if (!url) throw new UsageError('missing URL or --raw FILE (usage: netprobe http URL|--raw FILE …)');
  noExtraPositionals(ctx, 1, 'http URL');
  const headers = (ctx.values.header as string[] | undefined ?? []).map((h): [string, string] => {
    const i = h.indexOf(':');
    if (i <= 0) throw new UsageError(`--header must be "Name: value", not "${h}".`);
    return [h.slice(0, i).trim(), h.slice(i + 1).trim()];
  });
  const data = stringOption(ctx, 'data');
  const method = stringOption(ctx, 'method') ?? (data !== undefined ? 'POST' : flag(ctx, 'head') ? 'HEAD' : 'GET');
  const { target: urlTarget, raw } = requestForUrl(url, method, [...headers, ...(data !== undefined ? [['Content-Length', String(Buffer.byteLength(data))] as [string, string]] : [])]);
  return { requests: [Buffer.concat([Buffer.from(raw, 'latin1'), Buffer.from(data ?? '', 'utf8')])], target: target ?? urlTarget, insecure: false };
}

export const httpCommand: CliCommand = {
  name: 'http',
  summary: 'Send a raw HTTP/1.1 request (URL or request file) over TCP or TLS, or HTTP/2 with its frames; show bytes, timings and the TLS chain.',
  usage: `http URL|--raw FILE [-X METHOD] [-H "Name: value"]… [-d DATA] [-I] [-L] [-o FILE] [-v] [--http2|--http2-prior-knowledge] [--insecure] [--cacert F] [--sni NAME] [--tls-min 1.2] [--tls-max 1.3] [--target HOST:PORT] [--tls] [--request N] [--max-time MS] [--fail] [--json] [--timeout MS] ${PROXY_USAGE}`,
  options: {
    raw: { type: 'string' }, method: { type: 'string', short: 'X' }, header: { type: 'string', short: 'H', multiple: true },
    data: { type: 'string', short: 'd' }, head: { type: 'boolean', short: 'I' }, location: { type: 'boolean', short: 'L' },
    'max-redirs': { type: 'string' }, output: { type: 'string', short: 'o' }, verbose: { type: 'boolean', short: 'v' },
    insecure: { type: 'boolean', short: 'k' }, cacert: { type: 'string' }, sni: { type: 'string' }, 'tls-min': { type: 'string' }, 'tls-max': { type: 'string' },
    target: { type: 'string' }, tls: { type: 'boolean' }, request: { type: 'string' }, 'max-time': { type: 'string' }, fail: { type: 'boolean', short: 'f' },
    http2: { type: 'boolean' }, 'http2-prior-knowledge': { type: 'boolean' },
    ...PROXY_OPTION,
  },
  async run(ctx) {
    const { requests, target, insecure, follow, http2: fileHttp2, concurrent } = requestsFromCli(ctx);
    if (flag(ctx, 'http2') && flag(ctx, 'http2-prior-knowledge')) throw new UsageError('--http2 and --http2-prior-knowledge exclude each other.');
    const http2 = flag(ctx, 'http2-prior-knowledge') ? 'prior-knowledge' : flag(ctx, 'http2') ? 'alpn' : fileHttp2;
    const proxy = proxyFromCli(ctx);
    const output = stringOption(ctx, 'output');
    const maxTime = count(ctx, 'max-time', 86_400_000);
    const opts: HttpRequestOptions = {
      timeout: ctx.timeout, signal: ctx.signal, tls: tlsFromCli(ctx, flag(ctx, 'insecure') || insecure),
      followRedirects: flag(ctx, 'location') ? count(ctx, 'max-redirs', 100) ?? 10 : follow ?? 0,
      ...(target ? { target } : {}), ...(proxy ? { proxy } : {}), ...(output ? { bodyFile: output } : {}), ...(maxTime ? { maxTime } : {}),
      ...(http2 ? { http2 } : {}), ...(http2 && concurrent ? { concurrent } : {}),
      addContentLength: true,
    };
    let result;
    try {
      result = await sendHttp(requests, opts);
    } catch (e) {
      if (e instanceof HttpError && ctx.json) {
        ctx.printJson(httpErrorJson(e));
        return 1;
      }
      if (e instanceof HttpError && flag(ctx, 'verbose')) for (const l of verboseReport(e.partial)) ctx.err(l);
      if (e instanceof HttpError) for (const n of negotiationNotes(e.partial)) ctx.err(`netprobe http: ${n}`);
      throw withInsecureHint(e instanceof NetProbeError ? e : new NetProbeError('os-error', String(e)));
    }
    const f = result.final;
    const r = f.response;
    if (ctx.json) {
      ctx.printJson(httpJson(result, !output));
    } else {
      if (flag(ctx, 'verbose')) for (const l of verboseReport(result.exchanges)) ctx.err(l);
      for (const n of negotiationNotes(result.exchanges)) ctx.err(`netprobe http: ${n}`);
      for (const ex of result.exchanges) {
        const res = ex.response;
        if (!res) continue;
        if (result.exchanges.length > 1) ctx.out(`# ${ex.request.method} ${ex.url}${ex.hop ? ` (redirect ${ex.hop})` : ''}`);
        ctx.out([`HTTP/${res.httpVersion} ${res.statusCode}${res.statusText ? ` ${res.statusText}` : ''}`, ...res.headers.map(([k, v]) => `${k}: ${v}`), ''].join('\n'));
        if (res.body.file) ctx.out(`[${res.body.size} bytes written to ${res.body.file}]`);
        else if (res.body.data && res.body.size) {
          const d = decodeBody(res.body.data, res.headers);
          if (d.text !== undefined) ctx.out(d.text);
          else ctx.out(`[${res.body.size} bytes of ${d.kind === 'image' ? d.mimeType ?? 'image' : 'binary'} data; use -o FILE to save them]`);
        }
        for (const w of ex.warnings) ctx.err(`warning: ${w}`);
      }
    }
    return flag(ctx, 'fail') && r && r.statusCode >= 400 ? 1 : 0;
  },
};
