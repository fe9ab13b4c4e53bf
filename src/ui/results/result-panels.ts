import type * as vscode from 'vscode';
import { DnsPanel } from '../webviews/dns/panel';
import type { HttpPanelActions } from '../webviews/http/panel';
import { HttpPanel } from '../webviews/http/panel';
import type { ResultsPanel } from '../webviews/results/panel';
import type { WebviewContext } from '../webviews/render-reports';
import type { ScanPanelActions } from '../webviews/scan/panel';
import { ScanPanel } from '../webviews/scan/panel';
import { ZonePanel } from '../webviews/zone/panel';
import type { TrailMeta } from '../webviews/trail';
import type { ResultView } from './view-model';

/** Runs a command for a panel's button; a failure is shown, never lost. */
export type RunCommand = (what: string, command: string, ...args: unknown[]) => void;

/**
 * Every result panel of NetProbe, one per kind, each created on first use and reused: the shared results panel,
 * DNS, zone transfer, scan and HTTP. They open in one editor column (see ResultsColumn), each with back/forward
 * through its recent results; {@link reopen} shows a History entry in the panel of its kind.
 */
export class ResultPanels implements vscode.Disposable {
  private dnsPanel: DnsPanel | undefined;
  private zonePanel: ZonePanel | undefined;
  private scanPanel: ScanPanel | undefined;
  private httpPanel: HttpPanel | undefined;

  constructor(
    private readonly webviews: WebviewContext,
    readonly results: ResultsPanel,
    private readonly run: RunCommand,
  ) {}

  get dns(): DnsPanel {
    this.dnsPanel ??= new DnsPanel(this.webviews, {
      rerun: s => this.run('DNS lookup', 'netprobe.dnsLookup', s.name, s.type, s.server),
      // The type on screen (an SRV answer compares SRV records), with the resolvers the user picks.
      compare: s =>
        this.run('Compare resolvers', 'netprobe.compareResolvers', s.name.replace(/\.$/, ''), s.server === 'system' ? undefined : s.server, {
          type: s.type === 'A' || s.type === 'AAAA' ? 'A+AAAA' : s.type,
          ask: true,
        }),
    });
    return this.dnsPanel;
  }

  get zone(): ZonePanel {
    this.zonePanel ??= new ZonePanel(this.webviews);
    return this.zonePanel;
  }

  get scan(): ScanPanel {
    this.scanPanel ??= new ScanPanel(this.webviews);
    return this.scanPanel;
  }

  get http(): HttpPanel {
    this.httpPanel ??= new HttpPanel(this.webviews);
    return this.httpPanel;
  }

  /**
   * Shows a History entry in the panel of its kind (DNS, zone transfer, scan, HTTP; the results panel for the
   * rest), saying it comes from History and what History left out, with its Re-run.
   */
  reopen(view: ResultView): void {
    const meta: TrailMeta = {
      ...(view.rerun ? { rerun: view.rerun } : {}),
      history: { createdAt: view.createdAt, ...(view.partial ? { partial: view.partial } : {}) },
    };
    const rerun = (what: string) => (): void => {
      if (view.rerun) this.run(what, view.rerun.command, ...view.rerun.args);
    };
    const m = view.model;
    switch (m?.panel) {
      case 'dns':
        this.dns.show(m.state, meta);
        break;
      case 'zone':
        this.zone.show(m.state, meta);
        break;
      case 'scan': {
        const actions: ScanPanelActions = {
          cancel: () => undefined,
          rescan: rerun('Scan ports'),
          addTarget: (host, port) => {
            this.run('Add target', 'netprobe.addTarget', { host, port });
          },
        };
        this.scan.restore(m.state, actions, meta);
        break;
      }
      case 'http': {
        const actions: HttpPanelActions = {
          copy: format => (format === 'json' ? JSON.stringify(m.view, null, 2) : undefined),
          openBody: () => undefined,
          // History keeps no wire bytes: the Wire tab says so and offers the Re-run.
          frames: () => undefined,
          resend: rerun('Re-run'),
          // History does not keep the request's bytes: the page offers Re-run, not the retries.
          retry: () => undefined,
        };
        this.http.show(m.view, actions, meta);
        break;
      }
      default:
        this.results.show(view, false, meta.history);
    }
  }

  dispose(): void {
    this.dnsPanel?.dispose();
    this.zonePanel?.dispose();
    this.scanPanel?.dispose();
    this.httpPanel?.dispose();
  }
}
