import { errorMessage } from '../errors';
import type { RequestBlock } from './request-file';
import { sendTogetherProblem } from './request-file';
import { prepareRequest } from './request-text';
import { maskEnvValues } from './request-variables';
import type { HttpTarget } from './target';
import { parseHttpTarget, targetFromRequest } from './target';

/**
 * What a front end lays over a file's `# @…` directives: its flags or command arguments (which win over the
 * directives) and its settings (`defaults`, which the directives win over).
 */
export interface PlanOverrides {
  /** Where to send, overriding every `@target`: `host:port`, `[v6]:port`, `host` or a URL (see {@link parseHttpTarget}). */
  target?: string;
  /**
   * TLS on or off for `target`. `true` also turns TLS on for an `@target` or Host header that did not ask for it
   * (`--tls`). Unset: by the URL scheme or the `@target` mode word, else port 443 means TLS.
   */
  tls?: boolean;
  /** Accept untrusted certificates (`--insecure`); an `@insecure` line in any request turns it on too. */
  insecure?: boolean;
  /** Redirects to follow, overriding `@follow`. */
  follow?: number;
  /** A proxy profile name, a `socks…://` URL or `direct`, overriding `@proxy`. */
  proxy?: string;
  /** Ask for HTTP/2 whatever the file says (`--http2`: `alpn`; `--http2-prior-knowledge`: `prior-knowledge`). */
  http2?: 'alpn' | 'prior-knowledge';
  /** Used where neither the caller nor the file says (the editor's settings). */
  defaults?: { insecure?: boolean; follow?: number };
}

/** One request as it will go out. */
export interface PlannedRequest {
  /** 0-based position in the file. */
  index: number;
  name?: string;
  /** The bytes to send: the request's text (variables expanded) as UTF-8. */
  bytes: Buffer;
  /** The request line as written, for labels (values from the environment shown as their `{{$processEnv NAME}}`). */
  firstLine: string;
  /** `{{variables}}` that were expanded (file ones and `$system` ones). */
  variables: string[];
  /** Environment variables read through `{{$processEnv NAME}}`: secrets that this request carries to the target. */
  env: string[];
  /** Their values by name (never shown; see {@link RequestPlan.secrets}). */
  envValues: Array<[name: string, value: string]>;
  /** What to tell the user next to this request: the expanded variables and the warnings. */
  notes: string[];
}

/**
 * How a request file (or some of its requests) is sent: one connection, one target, proxy, TLS trust and
 * redirect policy for all. Built by {@link planRequests} for every front end, so the CLI and the editor send the
 * same thing. Connection-level choices a directive can make (`@target`, `@insecure`, `@follow`, `@proxy`, `@http2`,
 * `@concurrent`) are
 * fields here; a new one is a field plus a line in `planRequests`.
 */
export interface RequestPlan {
  requests: PlannedRequest[];
  /** Where to connect; absent: each request's absolute URL or Host header says (see `needsTarget`). */
  target?: HttpTarget;
  /** True when no target is known and the first request names no server: ask for one, or fail. */
  needsTarget: boolean;
  insecure: boolean;
  follow: number;
  /** Proxy profile name, `socks…://` URL or `direct` as written; absent: the front end's default. */
  proxy?: string;
  /**
   * HTTP/2 when asked for (`--http2…` or an `@http2` line in any request: it is a property of the connection);
   * absent: HTTP/1.1, sent byte for byte.
   */
  http2?: 'alpn' | 'prior-knowledge';
  /** HTTP/2 streams in flight at once (the largest `@concurrent`); absent: one request after another, in order. */
  concurrent?: number;
  /** Why the plan cannot be sent, in plain language; every front end refuses to send while there is one. */
  problems: string[];
  /** Things to know before sending (each once), e.g. an undefined `{{name}}` sent as written. */
  warnings: string[];
  /** Every environment variable the requests read (`{{$processEnv NAME}}`), sorted: what a front end asks consent for. */
  env: string[];
  /**
   * The values those variables gave: pass them as `secrets` to `sendHttp`, so that a redirect to another origin
   * never carries a header holding one.
   */
  secrets: string[];
}

function targetOverride(overrides: PlanOverrides, problems: string[]): HttpTarget | undefined {
  if (overrides.target === undefined) return undefined;
  try {
    return parseHttpTarget(overrides.target, overrides.tls);
  } catch (e) {
    problems.push(`Target "${overrides.target}": ${errorMessage(e)}`);
    return undefined;
  }
}

/**
 * The target the first request names itself (absolute URL or Host), or undefined when it names none; a server
 * it names but that cannot be one (`Host: a b`, a control character) is a problem in `problems`.
 */
function requestTarget(block: RequestBlock, tls: boolean | undefined, problems?: string[]): HttpTarget | undefined {
  let req;
  try {
    req = prepareRequest(block.text);
    return targetFromRequest(req, tls);
  } catch (e) {
    const names = req !== undefined && (/^https?:\/\//i.test(req.target) || req.headers.some(([k]) => k.toLowerCase() === 'host'));
    if (names) problems?.push(maskEnvValues(errorMessage(e), block.envValues));
    return undefined;
  }
}

function notesOf(block: RequestBlock): string[] {
  return [...(block.variables.length ? [`Expanded variables: ${block.variables.map(v => `{{${v}}}`).join(', ')}.`] : []), ...block.warnings];
}

/**
 * Turns parsed request blocks (all of a file, or the ones chosen to send) into one plan, the only place that
 * decides: the target (override, else `@target`, else the request's own URL or Host; `tls: true` applies to
 * each), `@insecure` (any request), `@follow` (the first request), `@proxy` (the first that has one; they must
 * agree), `@http2` (any request; the two kinds must agree) with `@concurrent` (the largest), whether the requests can share a connection, and which problems stop the send.
 */
export function planRequests(blocks: readonly RequestBlock[], overrides: PlanOverrides = {}): RequestPlan {
  const problems: string[] = [];
  const first = blocks[0];
  if (!first) problems.push('There is no request here: write a request line such as "GET / HTTP/1.1".');
  for (const b of blocks) for (const p of b.problems) problems.push(blocks.length > 1 ? `Request ${b.index + 1}: ${p}` : p);
  const together = blocks.length > 1 ? sendTogetherProblem([...blocks]) : undefined;
  if (together) problems.push(together);

  const fileTarget = blocks.find(b => b.target)?.target;
  let target = targetOverride(overrides, problems) ?? (fileTarget && overrides.tls ? { ...fileTarget, tls: true } : fileTarget);
  if (!target && overrides.tls && first) target = requestTarget(first, true);
  const needsTarget = !target && first !== undefined && requestTarget(first, undefined, problems) === undefined;

  const proxy = overrides.proxy ?? blocks.find(b => b.proxy !== undefined)?.proxy;
  const follow = overrides.follow ?? first?.follow ?? overrides.defaults?.follow ?? 0;
  const insecure = blocks.some(b => b.insecure) || (overrides.insecure ?? overrides.defaults?.insecure ?? false);
  const http2 = overrides.http2 ?? blocks.find(b => b.http2)?.http2;
  const counts = blocks.flatMap(b => (b.concurrent !== undefined ? [b.concurrent] : []));
  const concurrent = http2 && counts.length ? Math.max(...counts) : undefined;
  const requests = blocks.map((b): PlannedRequest => ({
    index: b.index,
    ...(b.name !== undefined ? { name: b.name } : {}),
    bytes: Buffer.from(b.text, 'utf8'),
    firstLine: maskEnvValues(b.text.split(/\r?\n/)[0] ?? '', b.envValues),
    variables: b.variables,
    env: b.env,
    envValues: b.envValues,
    notes: notesOf(b),
  }));
  const env = [...new Set(blocks.flatMap(b => b.env))].sort();
  const secrets = [...new Set(blocks.flatMap(b => b.envValues.map(([, v]) => v)).filter(v => v !== ''))];
  return {
    requests,
    ...(target ? { target } : {}),
    needsTarget,
    insecure,
    follow,
    ...(proxy !== undefined ? { proxy } : {}),
    ...(http2 ? { http2 } : {}),
    ...(concurrent !== undefined ? { concurrent } : {}),
    problems,
    warnings: [...new Set(blocks.flatMap(b => b.warnings))],
    env,
    secrets,
  };
}
