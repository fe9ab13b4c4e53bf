import * as vscode from 'vscode';
import { columnKinds } from '../../results/columns';
import { renderText, toJson } from '../../results/render-text';
import type { ResultView } from '../../results/view-model';
import { panelPage } from '../html';
import { StatePanelHost } from '../panel-host';
import type { WebviewContext } from '../render-reports';
import type { TrailMeta } from '../trail';
import type { ResultsAction, ResultsRenderedId, ToResultsWebview } from './protocol';
import { isResultsAction, isResultsRenderedId } from './protocol';

/** Most rows of one table posted to the page (Copy and Copy as JSON have every row). */
const PAGE_ROWS = 1000;

/** The shared results panel: one webview that shows the latest (or a chosen) result as tables, with back/forward. */
export class ResultsPanel extends StatePanelHost<ResultView, ToResultsWebview, ResultsAction, ResultsRenderedId> {
  constructor(context: WebviewContext) {
    super(context, {
      viewType: 'netprobe.results',
      page: panelPage('results', 'NetProbe Results', 'Waiting for a result…'),
      isAction: isResultsAction,
      isRenderedId: isResultsRenderedId,
    });
  }

  /** Shows `view`; `history`: it was reopened from History (the frame bar says so, and what was left out). */
  show(view: ResultView, preserveFocus = true, history?: TrailMeta['history']): void {
    this.display(view, `NetProbe: ${view.title}`, preserveFocus, { ...(view.rerun ? { rerun: view.rerun } : {}), ...(history ? { history } : {}) });
  }

  protected message(view: ResultView): ToResultsWebview {
    // The raw result stays here (Copy as JSON), and a long table is posted in part: the page gets what it draws.
    const { data, model: _model, ...shown } = view;
    const sections = shown.sections.map(s =>
      s.type === 'table' && s.rows.length > PAGE_ROWS
        ? {
            ...s,
            heading: `${s.heading ?? 'Rows'} — the first ${PAGE_ROWS.toLocaleString('en-US')} of ${s.rows.length.toLocaleString('en-US')} (Copy has them all)`,
            rows: s.rows.slice(0, PAGE_ROWS),
          }
        : s,
    );
    return {
      type: 'show',
      view: { ...shown, sections },
      json: data !== undefined,
      kinds: sections.map(s => (s.type === 'table' ? columnKinds(s.columns, s.rows) : null)),
    };
  }

  protected onStateAction(m: ResultsAction, view: ResultView): void {
    if (m.type === 'copy') {
      if (m.format === 'json' && view.data === undefined) return;
      void vscode.env.clipboard
        .writeText(m.format === 'json' ? toJson(view.data) : renderText(view))
        .then(() => vscode.window.setStatusBarMessage('NetProbe: copied to the clipboard', 2000));
    } else if (m.type === 'rerun') {
      this.rerunShown();
    }
  }
}
