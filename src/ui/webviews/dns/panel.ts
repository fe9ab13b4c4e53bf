import * as vscode from 'vscode';
import { formatDig } from '../../../core/dns/dig-format';
import { panelPage } from '../html';
import { StatePanelHost } from '../panel-host';
import type { WebviewContext } from '../render-reports';
import type { TrailMeta } from '../trail';
import type { DnsAction, DnsPanelState, DnsRenderedId, ToDnsWebview } from './protocol';
import { isDnsAction, isDnsRenderedId } from './protocol';

/** Actions the panel's buttons ask of the commands. */
export interface DnsPanelActions {
  rerun(state: DnsPanelState): void;
  compare(state: DnsPanelState): void;
}

/**
 * The DNS panel: one webview showing a lookup with flags, sections, EDNS and raw hex; back/forward goes through
 * the recent lookups, and History reopens one here.
 */
export class DnsPanel extends StatePanelHost<DnsPanelState, ToDnsWebview, DnsAction, DnsRenderedId> {
  constructor(
    context: WebviewContext,
    private readonly actions: DnsPanelActions,
  ) {
    super(context, {
      viewType: 'netprobe.dns',
      page: panelPage('dns', 'NetProbe DNS', 'Waiting for an answer…'),
      isAction: isDnsAction,
      isRenderedId: isDnsRenderedId,
    });
  }

  /** Shows a lookup; `meta`: the command that runs it again (with every option), History's note. */
  show(state: DnsPanelState, meta: TrailMeta = {}): void {
    this.display(state, `DNS: ${state.name} ${state.type}`, true, meta);
  }

  protected message(state: DnsPanelState): ToDnsWebview {
    return { type: 'show', state };
  }

  protected onStateAction(m: DnsAction, state: DnsPanelState): void {
    switch (m.type) {
      case 'copy': {
        // History may keep an answer without its dig text: it is made again from the records kept.
        const text = m.format === 'dig' ? state.dig : m.format === 'json' ? JSON.stringify(state.response, null, 2) : state.text || formatDig(state.response);
        void vscode.env.clipboard.writeText(text).then(() => vscode.window.setStatusBarMessage('NetProbe: copied to the clipboard', 2000));
        break;
      }
      case 'rerun':
        if (!this.rerunShown()) this.actions.rerun(state);
        break;
      case 'compare':
        this.actions.compare(state);
        break;
    }
  }
}
