// The DNS panel's messages, imported by the host (panel.ts) and the webview (src/webview/dns): no vscode here.
import type { DnsResponse } from '../../../core/dns/types';
import type { ShellMessage } from '../protocol';
import { isMessage, isNumberId } from '../protocol';

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

/** What the DNS webview's buttons ask of the extension. */
export type DnsAction = { type: 'copy'; format: 'dig' | 'json' | 'text' } | { type: 'rerun' } | { type: 'compare' };

/** The DNS webview reports the `receivedAt` of the response it rendered. */
export type DnsRenderedId = number;
export const isDnsRenderedId = isNumberId;

/** Messages from the DNS webview to the extension. */
export type FromDnsWebview = ShellMessage<DnsRenderedId> | DnsAction;

/** Narrows an unknown webview message to a DnsAction. */
export function isDnsAction(m: unknown): m is DnsAction {
  if (!isMessage(m)) return false;
  if (m.type === 'rerun' || m.type === 'compare') return true;
  return m.type === 'copy' && (m.format === 'dig' || m.format === 'json' || m.format === 'text');
}
