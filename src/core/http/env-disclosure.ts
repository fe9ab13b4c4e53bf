import { createHash } from 'crypto';
import { formatHostPort } from '../address/host-port';
import type { RequestPlan } from './plan';
import { prepareRequest } from './request-text';
import type { HttpTarget } from './target';
import { targetFromRequest } from './target';

/** What a send would disclose from the environment, and the question to ask before it. */
export interface EnvDisclosure {
  /** The variables that need the user's consent (read by the requests, not on the allow-list), sorted. */
  names: string[];
  /** Where their values go: `host:port` of the first hop. */
  destination: string;
  tls: boolean;
  /** The proxy they pass through, as shown (no password), if any. */
  proxy?: string;
  /**
   * One answer covers this: a SHA-256 digest of the file, the destination (and proxy) and the set of variables, so
   * a stored answer holds no host name (which may itself come from the environment) or path in clear.
   */
  key: string;
  /** The question and its details, for a modal dialog. */
  message: string;
  detail: string;
}

/** Where a plan connects: its target, else the server its first request names (absolute URL or Host). */
export function planDestination(plan: Pick<RequestPlan, 'target' | 'requests'>): HttpTarget | undefined {
  if (plan.target) return plan.target;
  const first = plan.requests[0];
  if (!first) return undefined;
  try {
    return targetFromRequest(prepareRequest(first.bytes));
  } catch {
    return undefined;
  }
}

export interface EnvDisclosureOptions {
  /** The request file (its URI or path): one answer is per file. */
  file: string;
  /** The file as shown to the user (default `file`), e.g. its path in the workspace. */
  fileLabel?: string;
  /** The proxy the bytes go through, as shown to the user (a URL without password, or a profile name). */
  proxy?: string;
  /** Variables the user lets any request send without asking (a user-level setting). */
  allowed?: readonly string[];
}

/**
 * Whether sending `plan` reads environment variables (`{{$processEnv NAME}}`) that need the user's consent,
 * and the question to ask: which variables go to which `host:port` (through which proxy), request by request.
 * Undefined when the plan reads none, or only allowed ones. The answer is meant to be remembered per
 * {@link EnvDisclosure.key}: file, destination, proxy and set of variables.
 */
export function envDisclosure(plan: RequestPlan, opts: EnvDisclosureOptions): EnvDisclosure | undefined {
  const allowed = new Set(opts.allowed ?? []);
  const names = plan.env.filter(n => !allowed.has(n)).sort();
  if (names.length === 0) return undefined;
  const target = planDestination(plan);
  const destination = target ? formatHostPort(target.host, target.port) : '(the server the request names)';
  const tls = target?.tls ?? false;
  const refs = names.map(n => `{{$processEnv ${n}}}`).join(', ');
  const via = opts.proxy ? `, through the proxy ${opts.proxy}` : '';
  const lines = [
    `${opts.fileLabel ?? opts.file} reads ${refs} and sends ${names.length === 1 ? 'its value' : 'their values'} to ${destination}${via} over ${tls ? 'TLS' : 'plain TCP (anyone on the network path can read them)'}.`,
  ];
  const carrying = plan.requests.filter(r => r.env.some(n => names.includes(n)));
  if (plan.requests.length > 1 || carrying.length > 1) {
    lines.push('', ...carrying.map(r => `Request ${r.index + 1} (${r.firstLine}): ${r.env.filter(n => names.includes(n)).join(', ')}`));
  }
  if (plan.follow > 0) lines.push('', `Redirects (up to ${plan.follow}) to another origin drop the body and every header that holds one of these values.`);
  if (allowed.size && plan.env.some(n => allowed.has(n)))
    lines.push('', `Also sent, allowed by your settings: ${plan.env.filter(n => allowed.has(n)).join(', ')}.`);
  lines.push(
    '',
    'NetProbe asks once for this file, destination and set of variables, and remembers the answer for this workspace. ' +
      'Variables named in the user setting netprobe.http.processEnvAllowList are sent without asking.',
  );
  const key = createHash('sha256')
    .update(JSON.stringify([opts.file, destination, tls, opts.proxy ?? '', names]))
    .digest('hex');
  return {
    names,
    destination,
    tls,
    ...(opts.proxy ? { proxy: opts.proxy } : {}),
    key,
    message: `Send ${names.length === 1 ? `the environment variable ${names[0]}` : `${names.length} environment variables`} to ${destination}?`,
    detail: lines.join('\n'),
  };
}
