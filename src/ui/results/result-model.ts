// The result model of each feature that has its own panel: what the panel renders, live and from History.
import type { DnsPanelState } from '../webviews/dns/protocol';
import type { HttpView } from '../webviews/http/protocol';
import type { ScanSnapshot } from '../webviews/scan/protocol';
import type { ZoneState } from '../webviews/zone/protocol';

/**
 * One feature's result as its panel shows it. Features without a panel of their own (resolve, ports, doctor,
 * UDP, sessions…) have none: the results panel renders their `ResultView` sections.
 */
export type ResultModel =
  { panel: 'dns'; state: DnsPanelState } | { panel: 'zone'; state: ZoneState } | { panel: 'scan'; state: ScanSnapshot } | { panel: 'http'; view: HttpView };

/** The panels a result model names. */
export type ResultPanelKind = ResultModel['panel'];
