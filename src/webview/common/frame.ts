// The frame bar above every result panel: back/forward through the panel's recent results and, for a result
// reopened from History, when it was made and what History left out of it (with Re-run for the rest).
import type { FrameMessage, NavMessage } from '../../ui/webviews/protocol';
import { button, el, icon } from './dom';

/** Fills the page's `#frame` bar for `m`; `nav` sends the user's choice to the host. */
export function renderFrame(bar: HTMLElement, m: FrameMessage, nav: (to: NavMessage['to']) => void): void {
  const back = button('Back', 'arrow-left', () => nav('back'), 'secondary icon-only');
  const forward = button('Forward', 'arrow-right', () => nav('forward'), 'secondary icon-only');
  back.disabled = !m.back;
  forward.disabled = !m.forward;
  back.setAttribute('aria-label', 'Back to the previous result');
  forward.setAttribute('aria-label', 'Forward to the next result');
  const parts: HTMLElement[] = [back, forward, el('span', { class: 'frame-position muted' }, `${m.at} of ${m.of}`)];
  const h = m.history;
  if (h) {
    parts.push(
      el(
        'span',
        { class: 'frame-history muted', title: 'Reopened from the History view' },
        icon('history'),
        ` From History, ${new Date(h.createdAt).toLocaleString()}`,
      ),
    );
    if (h.partial) parts.push(el('span', { class: 'frame-partial status-warning', id: 'partial' }, icon('warning'), ` Partial: ${h.partial}`));
  }
  if (h?.partial && m.rerun) parts.push(button('Re-run for the rest', 'refresh', () => nav('rerun'), 'secondary'));
  bar.replaceChildren(...parts);
  bar.hidden = false;
}
