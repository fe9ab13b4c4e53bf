import { redactHeaders } from '../../core/http/credentials';
import type { BodyView, ExchangeView, HttpView } from '../webviews/http/protocol';

/** A body as History keeps it: what it was (kind, size, notes), never its bytes. */
function keptBody(b: BodyView): BodyView {
  const { text: _text, base64: _base64, file: _file, ...facts } = b;
  return { ...facts, partial: false, note: [facts.note, 'History does not keep bodies: Re-run to see it.'].filter(Boolean).join(' ') };
}

/** An exchange as History keeps it: credentials in headers redacted, no wire bytes, no body. */
function keptExchange(e: ExchangeView): ExchangeView {
  return {
    ...e,
    headers: redactHeaders(e.headers),
    requestHeaders: redactHeaders(e.requestHeaders),
    wire: { ...e.wire, sent: '', received: '' },
    ...(e.body ? { body: keptBody(e.body) } : {}),
  };
}

/**
 * An HTTP panel view as History keeps it: the timings, TLS, statuses, headers (credential values redacted by
 * core's one list), violations and errors, without bodies or wire bytes (they may hold secrets and are large).
 */
export function historyHttpView(view: HttpView): HttpView {
  return { ...view, exchanges: view.exchanges.map(keptExchange), kept: true };
}
