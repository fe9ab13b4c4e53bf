import * as fs from 'fs';
import { NetProbeError } from '../errors';

/** Where datagram bytes come from: UTF-8 text, hex digits, or a file's bytes. */
export type PayloadSpec = { text: string; /** Read `\n`, `\r`, `\t`, `\0`, `\\` and `\xHH` escapes. */ escapes?: boolean } | { hex: string } | { file: string };

/** Largest UDP payload: 65,535 minus the IP and UDP headers (IPv6 jumbograms aside). */
export function maxUdpPayload(family: 4 | 6): number {
  return family === 4 ? 65507 : 65527;
}

/**
 * Reads hex digits into bytes. Accepts spaces, newlines, `:`/`-` separators and `0x` prefixes
 * (`48 65 6c`, `48:65:6c`, `0x48656c`). Throws `invalid-input` naming the first bad character.
 */
export function parseHex(text: string): Buffer {
  const cleaned = text.replace(/0x/gi, ' ').replace(/[\s:,-]+/g, '');
  const bad = /[^0-9a-fA-F]/.exec(cleaned);
  if (bad) throw new NetProbeError('invalid-input', `"${bad[0]}" is not a hex digit (hex payloads use 0-9 and a-f, optionally separated by spaces or colons).`);
  if (cleaned.length % 2 !== 0)
    throw new NetProbeError('invalid-input', `The hex payload has an odd number of digits (${cleaned.length}); every byte needs two.`);
  return Buffer.from(cleaned, 'hex');
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', '\\': '\\' };

/** Expands `\n`, `\r`, `\t`, `\0`, `\\` and `\xHH` in text into bytes (the rest as UTF-8). */
export function unescapeText(text: string): Buffer {
  const parts: Buffer[] = [];
  let plain = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\' || i === text.length - 1) {
      plain += c;
      continue;
    }
    const next = text[i + 1] ?? '';
    if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 2, i + 4))) {
      parts.push(Buffer.from(plain, 'utf8'), Buffer.from([parseInt(text.slice(i + 2, i + 4), 16)]));
      plain = '';
      i += 3;
    } else if (ESCAPES[next] !== undefined) {
      plain += ESCAPES[next];
      i += 1;
    } else {
      plain += c;
    }
  }
  parts.push(Buffer.from(plain, 'utf8'));
  return Buffer.concat(parts);
}

/** The bytes a payload spec stands for. Throws `invalid-input` for bad hex or an unreadable file. */
export async function payloadBytes(spec: PayloadSpec): Promise<Buffer> {
  if ('hex' in spec) return parseHex(spec.hex);
  if ('file' in spec) {
    try {
      return await fs.promises.readFile(spec.file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? e);
      throw new NetProbeError('invalid-input', `Cannot read payload file "${spec.file}": ${why}.`, code, { cause: e });
    }
  }
  return spec.escapes ? unescapeText(spec.text) : Buffer.from(spec.text, 'utf8');
}

/** Throws `invalid-input` when a payload cannot fit in one datagram of `family`. */
export function checkPayloadSize(payload: Buffer, family: 4 | 6): void {
  const max = maxUdpPayload(family);
  if (payload.length > max) {
    throw new NetProbeError('invalid-input', `The payload is ${payload.length} bytes; one UDP datagram over IPv${family} carries at most ${max}.`);
  }
}

/** Throws `invalid-input` unless `port` is a UDP port number (1–65535). */
export function checkUdpPort(port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new NetProbeError('invalid-input', `Port ${port} is out of range (1–65535).`);
}
