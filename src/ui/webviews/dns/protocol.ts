import type { DnsResponse } from '../../../core/dns/types';

/** One lookup as the DNS panel shows it. */
export interface DnsPanelState {
  /** What was asked: the name as typed and the record type. */
  name: string;
  type: string;
  /** Nameserver as chosen (`system` for the system's). */
  server: string;
  response: DnsResponse;
  /** The equivalent `dig` command line. */
  dig: string;
  /** The answer printed like dig. */
  text: string;
}

/** Messages from the extension to the DNS webview. */
export type ToDnsWebview = { type: 'show'; state: DnsPanelState };

/** Messages from the DNS webview to the extension. */
export type FromDnsWebview =
  | { type: 'ready' }
  | { type: 'copy'; format: 'dig' | 'json' | 'text' }
  | { type: 'rerun' }
  | { type: 'compare' }
  /** After rendering: the page's visible text (tests read the real DOM through it). */
  | { type: 'rendered'; id: number; text: string };

/** Narrows an unknown webview message to a FromDnsWebview. */
export function isFromDnsWebview(m: unknown): m is FromDnsWebview {
  if (typeof m !== 'object' || m === null) return false;
  const t = (m as { type?: unknown }).type;
  if (t === 'ready' || t === 'rerun' || t === 'compare') return true;
  if (t === 'copy') {
    const f = (m as { format?: unknown }).format;
    return f === 'dig' || f === 'json' || f === 'text';
  }
  return t === 'rendered' && typeof (m as { id?: unknown }).id === 'number' && typeof (m as { text?: unknown }).text === 'string';
}
