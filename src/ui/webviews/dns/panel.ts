import * as vscode from 'vscode';
import { PanelHost } from '../panel-host';
import type { DnsPanelState, ToDnsWebview } from './protocol';
import { isFromDnsWebview } from './protocol';

/** Actions the panel's buttons ask of the commands. */
export interface DnsPanelActions {
  rerun(state: DnsPanelState): void;
  compare(state: DnsPanelState): void;
}

/** The DNS panel: one webview showing the latest lookup with flags, sections, EDNS and raw hex. */
export class DnsPanel extends PanelHost<DnsPanelState, number> {
  constructor(extensionUri: vscode.Uri, private readonly actions: DnsPanelActions) {
    super(extensionUri, {
      viewType: 'netprobe.dns',
      title: 'NetProbe DNS',
      page: { title: 'NetProbe DNS', scripts: ['dns/dns.js'], styles: ['dns/dns.css'], body: '<main id="app"><p class="empty">Waiting for an answer…</p></main>' },
    });
  }

  show(state: DnsPanelState): void {
    this.display(state, `DNS: ${state.name} ${state.type}`);
  }

  protected message(state: DnsPanelState): ToDnsWebview {
    return { type: 'show', state };
  }

  protected renderedId(m: { id?: unknown }): number | undefined {
    return typeof m.id === 'number' ? m.id : undefined;
  }

  protected onAction(m: unknown, state: DnsPanelState): void {
    if (!isFromDnsWebview(m)) return;
    switch (m.type) {
      case 'copy': {
        const text = m.format === 'dig' ? state.dig : m.format === 'json' ? JSON.stringify(state.response, null, 2) : state.text;
        void vscode.env.clipboard.writeText(text).then(() => vscode.window.setStatusBarMessage('NetProbe: copied to the clipboard', 2000));
        break;
      }
      case 'rerun':
        this.actions.rerun(state);
        break;
      case 'compare':
        this.actions.compare(state);
        break;
    }
  }
}
