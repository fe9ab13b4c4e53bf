import { terminalText } from '../../text/terminal';
import type { Http2ConnectionInfo, Http2Frame } from './types';

/** One frame as plain JSON (the CLI's `--json` `frames` entries): bytes as hex, every decoded detail kept. */
export interface Http2FrameJson {
  connection?: number;
  dir: 'out' | 'in';
  atMs: number;
  type: string;
  flags: number;
  flagNames: string[];
  streamId: number;
  length: number;
  /** The frame's exact bytes in hex (header and payload; cut when `bytesTruncated`). */
  hex: string;
  [detail: string]: unknown;
}

/** A frame made JSON-friendly: `bytes` becomes `hex`, the rest is copied as decoded. */
export function frameJson(f: Http2Frame, connection?: number): Http2FrameJson {
  const { bytes, typeCode: _typeCode, ...rest } = f;
  return { ...(connection !== undefined ? { connection } : {}), ...rest, hex: bytes.toString('hex') };
}

/** A header field's name or value on one line: the core terminal rule (controls escaped, a line feed as `\n`). */
export function fieldText(text: string): string {
  return terminalText(text, { multiline: false });
}

/** A frame's decoded details on one line (settings by name, windows, error codes, …), without its header list. */
export function frameDetails(f: Http2Frame): string {
  const parts: string[] = [];
  if (f.settings) parts.push(f.settings.length ? f.settings.map(s => `${s.name}=${s.value}`).join(', ') : 'no parameters');
  if (f.headerBlockBytes !== undefined)
    parts.push(`header block ${f.headerBlockBytes} bytes${f.headerListSize !== undefined ? `, list ${f.headerListSize} bytes` : ''}`);
  if (f.priority) parts.push(`depends on ${f.priority.dependsOn}${f.priority.exclusive ? ' (exclusive)' : ''}, weight ${f.priority.weight}`);
  if (f.padLength !== undefined) parts.push(`${f.padLength} bytes of padding`);
  if (f.windowIncrement !== undefined) parts.push(`increment ${f.windowIncrement}`);
  if (f.window) parts.push(`window: connection ${f.window.connection}${f.window.stream !== undefined ? `, stream ${f.window.stream}` : ''}`);
  if (f.errorName) parts.push(f.errorName);
  if (f.lastStreamId !== undefined) parts.push(`last stream ${f.lastStreamId}`);
  if (f.debugData) parts.push(`debug "${f.debugData}"`);
  if (f.opaqueData) parts.push(`data ${f.opaqueData}`);
  if (f.promisedStreamId !== undefined) parts.push(`promised stream ${f.promisedStreamId}`);
  return parts.join('; ');
}

/**
 * A frame as readable lines: `[   1.234 ms] > HEADERS stream 1, 30 bytes [END_STREAM END_HEADERS]; …`, then one
 * line per header field, then any problem. `>` is NetProbe to the server, `<` the server to NetProbe.
 */
export function describeFrame(f: Http2Frame): string[] {
  const arrow = f.dir === 'out' ? '>' : '<';
  const flags = f.flagNames.length ? ` [${f.flagNames.join(' ')}]` : '';
  const more = frameDetails(f);
  const lines = [`[${f.atMs.toFixed(3).padStart(9)} ms] ${arrow} ${f.type} stream ${f.streamId}, ${f.length} bytes${flags}${more ? `: ${more}` : ''}`];
  for (const [k, v] of f.headers ?? []) lines.push(`${arrow}   ${fieldText(k)}: ${fieldText(v)}`);
  if (f.headersNote) lines.push(`    note: ${f.headersNote}`);
  if (f.problem) lines.push(`    problem: ${f.problem}`);
  return lines;
}

/** Readable lines for a whole connection: negotiation, then every frame kept, then what was not kept. */
export function describeConnection(h: Http2ConnectionInfo): string[] {
  const n = h.negotiation;
  const lines = [
    `HTTP/2 (${n.asked === 'h2' ? 'ALPN h2' : 'prior knowledge, h2c'}) on connection #${h.connection}${n.alpn ? `, ALPN ${n.alpn}` : ''}${n.note ? `: ${n.note}` : ''}`,
  ];
  for (const f of h.frames) lines.push(...describeFrame(f));
  if (h.framesDropped) lines.push(`${h.framesDropped} more frames not kept (frame limit reached).`);
  return lines;
}
