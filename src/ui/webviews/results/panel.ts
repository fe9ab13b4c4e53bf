import * as vscode from 'vscode';
import { renderText, toJson } from '../../results/render-text';
import type { ResultView } from '../../results/view-model';
import { PanelHost } from '../panel-host';
import type { ToResultsWebview } from './protocol';
import { isFromResultsWebview } from './protocol';

/** The shared results panel: one webview that shows the latest (or a chosen) result as tables. */
export class ResultsPanel extends PanelHost<ResultView, string> {
  constructor(extensionUri: vscode.Uri) {
    super(extensionUri, {
      viewType: 'netprobe.results',
      title: 'NetProbe Results',
      page: { title: 'NetProbe Results', scripts: ['results/results.js'], styles: ['results/results.css'], body: '<main id="app"><p class="empty">Waiting for a result…</p></main>' },
    });
  }

  show(view: ResultView, preserveFocus = true): void {
    this.display(view, `NetProbe: ${view.title}`, preserveFocus);
  }

  protected message(view: ResultView): ToResultsWebview {
    return { type: 'show', view, text: renderText(view) };
  }

  protected renderedId(m: { id?: unknown }): string | undefined {
    return typeof m.id === 'string' ? m.id : undefined;
  }

  protected onAction(m: unknown, view: ResultView): void {
    if (!isFromResultsWebview(m)) return;
    if (m.type === 'copy') {
      void vscode.env.clipboard.writeText(m.format === 'json' ? toJson(view.data) : renderText(view))
        .then(() => vscode.window.setStatusBarMessage('NetProbe: copied to the clipboard', 2000));
    } else if (m.type === 'rerun' && view.rerun) {
      void vscode.commands.executeCommand(view.rerun.command, ...view.rerun.args);
    }
  }
}
