// Messages every NetProbe webview exchanges with its host, whatever the panel. Imported by both sides
// (the extension and the webview bundles): no `vscode` import here, and only types from core.

/** Webview → host once its script runs (again after every reload): the host then sends what to show. */
export interface ReadyMessage {
  type: 'ready';
}

/**
 * Webview → host after rendering, only while the host asked for reports (the test host does, through
 * `netprobe.internal.reportRendering`): what the page shows (`id`) and its visible text.
 */
export interface RenderedMessage<Id> {
  type: 'rendered';
  id: Id;
  text: string;
}

/** Host → webview: post (or stop posting) a `rendered` message after each rendering. */
export interface ReportMessage {
  type: 'report';
  on: boolean;
}

/** Host → webview (tests): measure the page as laid out now and answer with a `layout` message of the same `seq`. */
export interface MeasureMessage {
  type: 'measure';
  seq: number;
}

/** One column of a measured table: its header label and its content width in px and in characters. */
export interface ColumnLayout {
  label: string;
  width: number;
  chars: number;
}

/** One measured table: its id or heading, the width of its box and of its content (wider: it scrolls inside the box). */
export interface TableLayout {
  label: string;
  boxWidth: number;
  scrollWidth: number;
  columns: ColumnLayout[];
}

/**
 * How a page is laid out (src/webview/common/layout.ts): the viewport's width and the page's scroll width (larger
 * means a page-level horizontal scroll bar), the width of one character of the data font, every table, and the
 * quantities that wrapped.
 */
export interface LayoutReport {
  viewportWidth: number;
  pageScrollWidth: number;
  charWidth: number;
  tables: TableLayout[];
  /** Table cells holding one duration or size (`0.078 ms`, `1.5 KiB`) that take more than one line. */
  wrappedQuantities: string[];
}

/** Webview → host: the answer to a `measure`. */
export interface LayoutMessage {
  type: 'layout';
  seq: number;
  layout: LayoutReport;
}

/**
 * How a table column gives way when the view is narrow (src/webview/common/table.ts): `fit` short values
 * (numbers, times, flags) never wrap and keep the column as narrow as they are; `name` names and addresses wrap
 * at dots, colons and slashes only when the view is narrow; `text` prose wraps at spaces; `data` the main value
 * keeps at least ~20 characters and takes the room left.
 */
export type ColumnKind = 'fit' | 'name' | 'text' | 'data';

/**
 * Host → webview, before each result it shows: where the result sits among the panel's recent results (back and
 * forward), and when it was reopened from History, when it was made and what History left out of it.
 */
export interface FrameMessage {
  type: 'frame';
  back: boolean;
  forward: boolean;
  /** 1-based place of the shown result among the panel's recent ones, and how many there are. */
  at: number;
  of: number;
  /** Whether the shown result can be run again. */
  rerun: boolean;
  history?: { createdAt: number; partial?: string };
}

/** Webview → host: go back or forward through the panel's recent results, or run the shown one again. */
export interface NavMessage {
  type: 'nav';
  to: 'back' | 'forward' | 'rerun';
}

/** The messages every webview sends besides its panel's own actions. */
export type ShellMessage<Id> = ReadyMessage | RenderedMessage<Id> | LayoutMessage | NavMessage;

/** A check that a value is a panel's rendered id. */
export type IdGuard<Id> = (v: unknown) => v is Id;

/** A webview message is an object with a string `type`. */
export function isMessage(m: unknown): m is { type: string } & Record<string, unknown> {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';
}

/** Narrows a message to `ready`, `nav` or a valid `rendered` (its id checked by `isId`); undefined otherwise. */
export function shellMessage<Id>(m: unknown, isId: IdGuard<Id>): ShellMessage<Id> | undefined {
  if (!isMessage(m)) return undefined;
  if (m.type === 'ready') return { type: 'ready' };
  if (m.type === 'rendered' && typeof m.text === 'string' && isId(m.id)) return { type: 'rendered', id: m.id, text: m.text };
  if (m.type === 'layout' && typeof m.seq === 'number' && isRecord(m.layout))
    return { type: 'layout', seq: m.seq, layout: m.layout as unknown as LayoutReport };
  if (m.type === 'nav' && (m.to === 'back' || m.to === 'forward' || m.to === 'rerun')) return { type: 'nav', to: m.to };
  return undefined;
}

/** Id guards shared by panels whose rendered id is a plain value. */
export const isNumberId: IdGuard<number> = (v): v is number => typeof v === 'number';
export const isStringId: IdGuard<string> = (v): v is string => typeof v === 'string';

/** The rendered id of panels that report how many table rows they show. */
export interface RowsId {
  rows: number;
}

export const isRowsId: IdGuard<RowsId> = (v): v is RowsId => isRecord(v) && typeof v.rows === 'number';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
