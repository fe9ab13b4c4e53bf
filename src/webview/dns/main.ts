// DNS panel: renders one lookup (src/ui/webviews/dns/protocol.ts). Everything from the wire is text only.
import type { DnsAction, DnsPanelState, DnsRenderedId, ToDnsWebview } from '../../ui/webviews/dns/protocol';
import { connect } from '../common/channel';
import { appRoot, button, el } from '../common/dom';
import { badges, meta, summary, title } from './header';
import { secureSection } from './secure';
import { command, edns, question, rawMessage, records } from './sections';

const app = appRoot();
let showRaw = false;
let current: DnsPanelState | undefined;

const channel = connect<ToDnsWebview, DnsAction, DnsRenderedId>(m => show(m.state));
const post = (action: DnsAction) => () => channel.post(action);

function toolbar(hasRaw: boolean): HTMLElement {
  const bar = el(
    'div',
    { class: 'toolbar' },
    button('Copy as dig', 'terminal', post({ type: 'copy', format: 'dig' }), 'secondary'),
    button('Copy as JSON', 'json', post({ type: 'copy', format: 'json' }), 'secondary'),
    button('Copy text', 'copy', post({ type: 'copy', format: 'text' }), 'secondary'),
    button('Re-run', 'refresh', post({ type: 'rerun' }), 'secondary'),
    button('Compare resolvers', 'diff', post({ type: 'compare' }), 'secondary'),
  );
  // History may keep an answer without its raw bytes.
  if (hasRaw)
    bar.append(
      button(
        showRaw ? 'Hide raw' : 'Raw hex',
        'file-binary',
        () => {
          showRaw = !showRaw;
          if (current) show(current);
        },
        'secondary',
      ),
    );
  return bar;
}

function show(state: DnsPanelState): void {
  current = state;
  const r = state.response;
  app.replaceChildren(
    title(state),
    badges(r),
    summary(state),
    meta(state),
    toolbar(r.rawHex !== ''),
    question(r),
    records('Answer', r.answers),
    records('Authority', r.authority),
    records('Additional', r.additional),
  );
  if (r.edns) app.append(edns(r.edns));
  const secure = secureSection(r);
  if (secure) app.append(secure);
  app.append(command(state.dig));
  if (showRaw && r.rawHex) app.append(rawMessage(r));
  channel.rendered(r.receivedAt, app);
}
