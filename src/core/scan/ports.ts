import { NetProbeError, problemOf } from '../errors';
import { topPorts } from './top-ports';

const MAX_PORT = 65535;

function portNumber(text: string, spec: string): number {
  if (!/^[0-9]+$/.test(text)) throw new NetProbeError('invalid-input', `"${text}" in port list "${spec}" is not a port number.`);
  const n = Number(text);
  if (n < 1 || n > MAX_PORT) throw new NetProbeError('invalid-input', `Port ${n} in "${spec}" is out of range (1–65535).`);
  return n;
}

/**
 * Parses a port spec into distinct port numbers in the order given: comma-separated ports (`22,80`),
 * ranges (`1-1024`, open ends `-1024`, `60000-`, `-` for all), `topN` (the N most often open TCP ports, N up
 * to 1000) and `all`. Throws `invalid-input` naming the bad part.
 */
export function parsePortSpec(spec: string): number[] {
  const text = spec.trim().toLowerCase();
  if (text === '') throw new NetProbeError('invalid-input', 'No ports given.');
  const seen = new Uint8Array(MAX_PORT + 1);
  const out: number[] = [];
  const add = (p: number): void => {
    if (!seen[p]) {
      seen[p] = 1;
      out.push(p);
    }
  };
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const top = /^top-?(\d+)$/.exec(part);
    if (part === 'all' || part === '-') {
      for (let p = 1; p <= MAX_PORT; p++) add(p);
    } else if (top) {
      const n = Number(top[1]);
      if (n < 1 || n > 1000) throw new NetProbeError('invalid-input', `"${part}": top lists go from top1 to top1000.`);
      for (const p of topPorts(n)) add(p);
    } else if (part.includes('-')) {
      const [a = '', b = '', ...rest] = part.split('-');
      if (rest.length) throw new NetProbeError('invalid-input', `"${part}" in "${spec}" is not a port range.`);
      const lo = a === '' ? 1 : portNumber(a, spec);
      const hi = b === '' ? MAX_PORT : portNumber(b, spec);
      if (lo > hi) throw new NetProbeError('invalid-input', `Range "${part}" goes backwards.`);
      for (let p = lo; p <= hi; p++) add(p);
    } else {
      add(portNumber(part, spec));
    }
  }
  if (out.length === 0) throw new NetProbeError('invalid-input', 'No ports given.');
  return out;
}

/** Returns an error message for a port spec, or undefined when it is valid (for input boxes). */
export function validatePortSpec(spec: string): string | undefined {
  return problemOf(() => parsePortSpec(spec));
}

/** Compresses sorted or unsorted port numbers into nmap's `-p` syntax (`22,80-82,443`). */
export function formatPortList(ports: readonly number[]): string {
  const s = [...new Set(ports)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const start = s[i] ?? 0;
    let end = start;
    while (s[i + 1] === end + 1) {
      end++;
      i++;
    }
    parts.push(end === start ? String(start) : `${start}-${end}`);
  }
  return parts.join(',');
}
