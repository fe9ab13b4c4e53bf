import * as vscode from 'vscode';
import { DnsConnectionPool } from '../core/dns/encrypted/pool';
import { userArgs } from './commands/entry-point';
import { Failures } from './failures';
import { Prompts } from './prompts';
import type { FailureContext } from './results/failure-view';
import type { EnvironmentProxyInput } from '../core/proxy/environment';
import { NameserverStore } from './dns/nameserver-store';
import { HistoryStore } from './history/history-store';
import { Modals } from './modal';
import { redactResultView } from './history/redact';
import { ProxyProfileStore } from './proxy/profile-store';
import { ResultPanels } from './results/result-panels';
import { renderText } from './results/render-text';
import type { ResultView } from './results/view-model';
import { ResultsPanel } from './webviews/results/panel';
import { ResultsColumn } from './webviews/results-column';
import type { WebviewContext } from './webviews/render-reports';
import { RenderReports } from './webviews/render-reports';
import { Settings } from './settings';
import { TargetsStore } from './targets/targets-store';
import { EditorTlsExtras } from './tls/tls-extras';
import { workspaceConfigurationSource } from './workspace-settings-files';

export type ProgressReporter = vscode.Progress<{ message?: string; increment?: number }>;

/** VS Code's own proxy settings (user level: a workspace cannot point them elsewhere) and the extension host's environment. */
function editorProxyEnvironment(): EnvironmentProxyInput {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.inspect<string>('proxy')?.globalValue;
  const noProxy = http.inspect<string[]>('noProxy')?.globalValue;
  return {
    env: process.env,
    ...(typeof proxy === 'string' && proxy.trim() !== '' ? { httpProxySetting: proxy } : {}),
    ...(Array.isArray(noProxy) ? { noProxySetting: noProxy.filter((x): x is string => typeof x === 'string') } : {}),
  };
}

/** What every part of the UI shares: log, history, results panel, progress and configuration. */
export class Services implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly history: HistoryStore;
  /** The one way failures are reported (notification with Show details, log line, History entry). */
  readonly failures: Failures;
  /** Input boxes and quick picks (tests type into them through `netprobe.internal.prompt`). */
  readonly prompts = new Prompts();
  readonly results: ResultsPanel;
  /** Every result panel (results, DNS, zone, scan, HTTP): one per kind, in one column; History reopens through it. */
  readonly panels: ResultPanels;
  /** What every webview panel needs: the extension's folder and the render-report switch (tests). */
  readonly webviews: WebviewContext;
  /** Typed `netprobe.*` settings. */
  readonly settings: Settings;
  /** Proxy profiles and their passwords. */
  readonly proxies: ProxyProfileStore;
  /** Saved nameservers and the default one. */
  readonly nameservers: NameserverStore;
  /** The Targets view's entries. */
  readonly targets: TargetsStore;
  /** Every tree view's data provider by view id (tests and commands read them). */
  readonly trees = new Map<string, vscode.TreeDataProvider<unknown>>();
  /** Client certificates and the TLS key log for every TLS connection (`netprobe.tls.*`). */
  readonly tlsExtras: EditorTlsExtras;
  /** The modal questions asked before acting (tests script their answers). */
  readonly modals = new Modals();
  /** DNS-over-TLS/HTTPS connections kept open between lookups (closed after 20 s idle and on deactivation). */
  readonly dnsConnections = new DnsConnectionPool();

  constructor(readonly context: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('NetProbe', { log: true });
    this.settings = new Settings(workspaceConfigurationSource());
    this.proxies = new ProxyProfileStore(this.settings, context.secrets, this.log, editorProxyEnvironment);
    this.tlsExtras = new EditorTlsExtras(this.settings, context.secrets, this.log);
    this.nameservers = new NameserverStore(this.settings);
    this.targets = new TargetsStore(context.globalState, this.settings, this.log);
    this.history = new HistoryStore(context.globalState, this.settings);
    this.failures = new Failures(this.log, this.history);
    this.webviews = { extensionUri: context.extensionUri, reports: new RenderReports(), column: new ResultsColumn() };
    this.results = new ResultsPanel(this.webviews);
    this.panels = new ResultPanels(this.webviews, this.results, (what, command, ...args) => this.runCommand(what, command, ...args));
  }

  /**
   * Logs a result and adds it to History (both with credentials in URLs redacted; History keeps its bounded form,
   * see history/budget.ts), and shows it in the results panel unless `panel` is false (a feature with a panel
   * of its own shows it there).
   */
  show(view: ResultView, opts: { panel?: boolean } = {}): void {
    this.log.info(`\n${renderText(redactResultView({ ...view, model: undefined, data: undefined }))}`);
    void this.history.add(view);
    if (opts.panel ?? true) this.results.show(view);
  }

  /** Runs a cancellable task with a notification progress; the signal fires on Cancel. */
  runWithProgress<T>(title: string, task: (signal: AbortSignal, progress: ProgressReporter) => Promise<T>): Promise<T> {
    return Promise.resolve(
      vscode.window.withProgress<T>({ location: vscode.ProgressLocation.Notification, title: `NetProbe: ${title}`, cancellable: true }, (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        return task(controller.signal, progress).finally(() => {
          sub.dispose();
        });
      }),
    );
  }

  /** Default operation timeout in ms (`netprobe.timeout`). */
  get timeout(): number {
    return this.settings.get('timeout');
  }

  /**
   * Reports a failure the user started: a notification with "Show details", a log line and a History entry
   * (each failure once; a cancelled operation is only logged). Commands do this through `registerCommand`.
   */
  reportError(what: string, e: unknown, context: FailureContext = {}): void {
    this.failures.report(what, e, context);
  }

  /**
   * Runs a command for a button the user clicked (a panel, a notification, History's Re-run): the command
   * reports its own failure like any other; this never rejects.
   */
  runCommand(what: string, command: string, ...args: unknown[]): void {
    Promise.resolve(vscode.commands.executeCommand(command, ...userArgs('panel', args))).then(undefined, (e: unknown) =>
      this.reportError(what, e, { command, args, origin: 'panel' }),
    );
  }

  dispose(): void {
    this.dnsConnections.close();
    this.tlsExtras.dispose();
    this.panels.dispose();
    this.results.dispose();
    this.webviews.reports.dispose();
    this.history.dispose();
    this.targets.dispose();
    this.log.dispose();
  }
}
