import { formatProxyUrl } from '../proxy/url';
import { queryUsesTcp } from './transport';
import type { DnsQueryOptions, DnsRecord, DnsResponse } from './types';
import { formatCount } from '../text/units';

function recordLine(r: DnsRecord): string {
  return `${r.name.padEnd(23)} ${String(r.ttl).padEnd(7)} ${r.class.padEnd(7)} ${r.type.padEnd(7)} ${r.data}`;
}

/** A `dig` command line that asks the same question (for Copy as dig). Shell-quoted. */
export function digCommand(name: string, opts: DnsQueryOptions, server?: { address: string; port: number }): string {
  const quote = (s: string): string => (/^[A-Za-z0-9_.:@%+=/,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ['dig'];
  if (server) {
    parts.push(`@${server.address}`);
    if (server.port !== 53) parts.push('-p', String(server.port));
  } else if (opts.server && opts.server !== 'system') {
    parts.push(quote(`@${opts.server}`));
  }
  parts.push(quote(name), opts.type ?? 'A');
  if (opts.class && opts.class !== 'IN') parts.push(`-c`, opts.class);
  if (queryUsesTcp(opts)) parts.push('+tcp');
  if (opts.ignoreTruncation) parts.push('+ignore');
  if (opts.recurse === false) parts.push('+norecurse');
  if (opts.dnssec) parts.push('+dnssec');
  if (opts.checkingDisabled) parts.push('+cd');
  if (opts.edns === false) parts.push('+noedns');
  if (opts.bufferSize) parts.push(`+bufsize=${opts.bufferSize}`);
  if (opts.nsid) parts.push('+nsid');
  if (opts.cookie) parts.push(typeof opts.cookie === 'string' ? `+cookie=${opts.cookie}` : '+cookie');
  if (opts.clientSubnet) parts.push(`+subnet=${opts.clientSubnet}`);
  // dig has no proxy option: say where the query really went, and why it is +tcp.
  if (opts.proxy)
    parts.push(
      `# NetProbe asked through the proxy ${formatProxyUrl(opts.proxy)}${opts.tcp === true ? '' : ', over TCP as a proxy carries TCP only'}; dig cannot use a proxy`,
    );
  return parts.join(' ');
}

/** The answer printed like `dig` prints it: header, flags, OPT pseudosection, sections, statistics. */
export function formatDig(r: DnsResponse): string {
  const lines: string[] = [];
  const counts = [r.question.name ? 1 : 0, r.answers.length, r.authority.length, r.additional.length + (r.edns ? 1 : 0)];
  lines.push(`;; ->>HEADER<<- opcode: ${r.opcode}, status: ${r.rcode}, id: ${r.id}`);
  lines.push(`;; flags: ${r.flags.join(' ')}; QUERY: ${counts[0]}, ANSWER: ${counts[1]}, AUTHORITY: ${counts[2]}, ADDITIONAL: ${counts[3]}`);
  if (r.edns) {
    lines.push('', ';; OPT PSEUDOSECTION:');
    lines.push(`; EDNS: version: ${r.edns.version}, flags:${r.edns.do ? ' do' : ''}; udp: ${r.edns.udpSize}`);
    for (const o of r.edns.options) lines.push(`; ${o.name}: ${o.value}`);
  }
  if (r.question.name) lines.push('', ';; QUESTION SECTION:', `;${r.question.name.padEnd(22)}         ${r.question.class.padEnd(7)} ${r.question.type}`);
  const section = (title: string, list: DnsRecord[]): void => {
    if (list.length) lines.push('', `;; ${title} SECTION:`, ...list.map(recordLine));
  };
  section('ANSWER', r.answers);
  section('AUTHORITY', r.authority);
  section('ADDITIONAL', r.additional);
  lines.push('');
  if (r.retriedWithServerCookie) lines.push(';; BADCOOKIE, retried with the server cookie.');
  if (r.retriedOverTcp) lines.push(';; Truncated, retried in TCP mode.');
  if (r.viaProxy) lines.push(`;; Through the proxy ${r.viaProxy}${r.tcpForProxy ? ': over TCP, as a proxy carries TCP only (UDP without it).' : '.'}`);
  if (r.ignored) lines.push(`;; Ignored ${formatCount(r.ignored, 'message')} that did not match the query.`);
  lines.push(`;; Query time: ${Math.round(r.rttMs)} msec (${r.rttMs} ms)`);
  lines.push(`;; SERVER: ${r.server.address}#${r.server.port}(${r.server.spec}) (${r.transport.toUpperCase()})`);
  lines.push(`;; WHEN: ${new Date(r.receivedAt).toUTCString()}`);
  lines.push(`;; MSG SIZE  rcvd: ${r.sizeBytes}`);
  return lines.join('\n');
}

/** The answer's record data, one per line, as `dig +short` prints it. */
export function formatShort(r: DnsResponse): string {
  return r.answers.map(a => a.data).join('\n');
}
