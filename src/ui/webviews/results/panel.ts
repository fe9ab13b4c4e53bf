import * as vscode from 'vscode';
import { columnKinds } from '../../results/columns';
import { renderText, toJson } from '../../results/render-text';
import type { ResultView } from '../../results/view-model';
import { panelPage } from '../html';
import { StatePanelHost } from '../panel-host';
import type { WebviewContext } from '../render-reports';
import type { ResultsAction, ResultsRenderedId, ToResultsWebview } from './protocol';
import { isResultsAction, isResultsRenderedId } from './protocol';

/** The shared results panel: one webview that shows the latest (or a chosen) result as tables. */
export class ResultsPanel extends StatePanelHost<ResultView, ToResultsWebview, ResultsAction, ResultsRenderedId> {
  constructor(context: WebviewContext) {
    super(context, {
      viewType: 'netprobe.results',
      page: panelPage('results', 'NetProbe Results', 'Waiting for a result…'),
      isAction: isResultsAction,
      isRenderedId: isResultsRenderedId,
    });
  }

  show(view: ResultView, preserveFocus = true): void {
    this.display(view, `NetProbe: ${view.title}`, preserveFocus);
  }

  protected message(view: ResultView): ToResultsWebview {
    return { type: 'show', view, kinds: view.sections.map(s => (s.type === 'table' ? columnKinds(s.columns, s.rows) : null)) };
  }

  protected onStateAction(m: ResultsAction, view: ResultView): void {
    if (m.type === 'copy') {
      void vscode.env.clipboard.writeText(m.format === 'json' ? toJson(view.data) : renderText(view))
        .then(() => vscode.window.setStatusBarMessage('NetProbe: copied to the clipboard', 2000));
    } else if (m.type === 'rerun' && view.rerun) {
      void vscode.commands.executeCommand(view.rerun.command, ...view.rerun.args);
    }
  }
}
