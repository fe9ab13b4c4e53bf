import * as vscode from 'vscode';
import type { ZoneTransferResult } from '../../core/dns/axfr';
import { zoneTransfer } from '../../core/dns/axfr';
import type { BatchResult } from '../../core/dns/batch';
import { dnsBatch, extractBatchTargets } from '../../core/dns/batch';
import type { ResolverComparison } from '../../core/dns/compare';
import { compareResolvers } from '../../core/dns/compare';
import { digCommand, formatDig } from '../../core/dns/dig-format';
import { secureDnsLines } from '../../core/dns/encrypted/describe';
import { digSecureFlags } from '../../core/dns/encrypted/dig-flags';
import { dnsQuery } from '../../core/dns/query';
import type { SecureDnsOptions } from '../../core/dns/encrypted/types';
import type { DnsQueryOptions, DnsResponse } from '../../core/dns/types';
import { NetProbeError } from '../../core/errors';
import { isUntrustedCertificate } from '../../core/http/tls-connect';
import type { Services } from '../services';
import { NameserversTreeProvider, defaultNameserver, savedNameservers } from '../tree/nameservers-tree';
import type { NameserverNode } from '../tree/nameservers-tree';
import { DnsPanel } from '../webviews/dns/panel';
import type { DnsPanelState } from '../webviews/dns/protocol';
import { registerCommand } from './command';
import { proxyForCommand } from './proxy-profiles';
import { dnsNameProblem, nameserverProblem, pickNameserver, pickRecordType, rememberNameserver, reverseIfAddress } from './dns-input';
import type { DnsLookupArgs } from './dns-views';
import { batchView, compareView, dnsLookupView, zoneTransferView } from './dns-views';

/**
 * Query options a command accepts from callers (timeout and signal are the UI's). `proxy` is a profile name, a
 * `socks…://` URL or `direct`; without it the default proxy profile applies (and the query goes over TCP).
 */
type LookupOptions = Omit<DnsQueryOptions, 'timeout' | 'signal' | 'server' | 'type' | 'proxy' | 'pool'> & { proxy?: string };

/** What Compare Resolvers accepts besides the name and server: the system nameserver to use, DoT/DoH settings. */
type CompareExtra = { systemServer?: string } & SecureDnsOptions;

function selection(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const text = editor.selections.map(s => editor.document.getText(s)).join('\n').trim();
  return text === '' ? undefined : text;
}

function singleLineSelection(): string | undefined {
  const t = selection();
  return t && !t.includes('\n') && t.length < 260 ? t : undefined;
}

/** DNS Lookup…, Zone Transfer…, Compare Resolvers…, Resolve Selection, and the Nameservers view. */
export function registerDnsCommands(services: Services): vscode.Disposable[] {
  const state = services.context.globalState;
  const tree = new NameserversTreeProvider();
  services.trees.set('netprobe.nameservers', tree);

  /** The CA file DoT/DoH nameservers must chain to (`netprobe.dns.caFile`, machine-scoped), unless a caller gives one. */
  const trust = (): SecureDnsOptions => {
    const caFile = services.setting<string>('dns.caFile', '').trim();
    return caFile ? { caFile } : {};
  };

  const lookup = async (nameArg?: string, typeArg?: string, serverArg?: string, options: LookupOptions = {}): Promise<DnsResponse | undefined> => {
    const typed = nameArg ?? await vscode.window.showInputBox({
      prompt: 'Name to look up (an IP address gives a reverse lookup)', placeHolder: 'example.com, _sip._tcp.example.com, 192.0.2.1',
      value: singleLineSelection(), validateInput: dnsNameProblem, ignoreFocusOut: true,
    });
    if (!typed) return undefined;
    const problem = dnsNameProblem(typed);
    if (problem) throw new NetProbeError('invalid-input', problem);
    const rev = reverseIfAddress(typed.trim(), typeArg?.toUpperCase());
    const type = rev.type ?? (nameArg === undefined ? await pickRecordType() : 'A');
    if (!type) return undefined;
    const server = serverArg ?? (nameArg === undefined ? await pickNameserver(state) : defaultNameserver());
    if (!server) return undefined;
    const bufferSize = services.setting<number>('dns.ednsBufferSize', 1232);
    const { proxy: proxyArg, ...queryOptions } = options;
    const proxy = await proxyForCommand(services, proxyArg);
    const opts: DnsQueryOptions = { bufferSize, ...trust(), ...queryOptions, type, server, timeout: services.timeout, pool: services.dnsConnections };
    if (proxy) opts.proxy = proxy;
    const r = await services.runWithProgress(`DNS ${rev.name} ${type}`, signal => dnsQuery(rev.name, { ...opts, signal })).catch((e: unknown) => {
      throw isUntrustedCertificate(e) && e instanceof NetProbeError
        ? new NetProbeError('tls', `${e.message} Set netprobe.dns.caFile to trust a private CA.`, e.errno, { cause: e })
        : e;
    });
    await rememberNameserver(state, server);
    const args: DnsLookupArgs = [rev.name, type, server, { ...options }];
    services.show(dnsLookupView(r, args), { panel: false });
    const { proxy: _proxy, tcp: _tcp, ...plainDig } = opts;
    const panelState: DnsPanelState = {
      name: rev.name, type, server, response: r, text: [formatDig(r), ...secureDnsLines(r)].join('\n'),
      // DoT/DoH are TCP already: dig gets +tls / +https instead of +tcp.
      dig: [
        digCommand(rev.name, r.transport === 'tls' || r.transport === 'https' ? plainDig : opts, server === 'system' ? undefined : { address: r.server.address, port: r.server.port }),
        ...digSecureFlags(r, opts),
      ].join(' '),
    };
    panel.show(panelState);
    return r;
  };

  const compare = async (nameArg?: string, serverArg?: string, extra: CompareExtra = {}): Promise<ResolverComparison | undefined> => {
    const name = nameArg ?? await vscode.window.showInputBox({ prompt: 'Name to resolve with every resolver', placeHolder: 'example.com', value: singleLineSelection(), validateInput: dnsNameProblem, ignoreFocusOut: true });
    if (!name) return undefined;
    const server = serverArg ?? (nameArg === undefined ? await pickNameserver(state) : undefined);
    const chosen = server && server !== 'system' ? server : undefined;
    const c = await services.runWithProgress(`Comparing resolvers for ${name}`, signal => compareResolvers(name, { ...trust(), ...extra, server: chosen, timeout: services.timeout, signal, pool: services.dnsConnections }));
    services.show(compareView(c, chosen));
    return c;
  };

  const panel = new DnsPanel(services.webviews, {
    rerun: s => void vscode.commands.executeCommand('netprobe.dnsLookup', s.name, s.type, s.server),
    compare: s => void compare(s.name.replace(/\.$/, ''), s.server === 'system' ? undefined : s.server).catch((e: unknown) => services.reportError('Compare resolvers', e)),
  });

  const setDefault = async (spec: string): Promise<void> => {
    await vscode.workspace.getConfiguration('netprobe').update('dns.defaultNameserver', spec === 'system' ? '' : spec, vscode.ConfigurationTarget.Global);
    tree.refresh();
  };

  return [
    tree,
    panel,
    vscode.window.createTreeView('netprobe.nameservers', { treeDataProvider: tree }),
    registerCommand<[string, string, string, LookupOptions], DnsResponse>(services, 'netprobe.dnsLookup', 'DNS lookup', async (name, type, server, options) => {
      if (name !== undefined) return lookup(name, type, server, options);
      // Prompted (palette, or a Nameservers item that only gives the server): show failures to the user.
      try {
        return await lookup(undefined, type, server, options);
      } catch (e) {
        services.reportError('DNS lookup', e);
        return undefined;
      }
    }),
    registerCommand<[string, string, string], ZoneTransferResult>(services, 'netprobe.zoneTransfer', 'Zone transfer', async (zoneArg, serverArg, proxyArg) => {
      const zone = zoneArg ?? await vscode.window.showInputBox({ prompt: 'Zone to transfer (AXFR)', placeHolder: 'example.com', value: singleLineSelection(), validateInput: dnsNameProblem, ignoreFocusOut: true });
      if (!zone) return undefined;
      const server = serverArg ?? await vscode.window.showInputBox({
        prompt: 'Nameserver to transfer from (usually the zone\'s primary)', placeHolder: 'ns1.example.com, 192.0.2.53:53',
        validateInput: v => (v.trim().toLowerCase() === 'system' ? 'Give the zone\'s nameserver.' : nameserverProblem(v)), ignoreFocusOut: true,
      });
      if (!server) return undefined;
      const proxy = await proxyForCommand(services, proxyArg);
      const r = await services.runWithProgress(`Zone transfer of ${zone}`, signal => zoneTransfer(zone, { server, timeout: services.timeout, signal, ...(proxy ? { proxy } : {}) }));
      services.show(zoneTransferView(r));
      return r;
    }),
    registerCommand<[string, string, CompareExtra], ResolverComparison>(services, 'netprobe.compareResolvers', 'Compare resolvers', compare),
    registerCommand<[string, string, SecureDnsOptions], BatchResult>(services, 'netprobe.resolveSelection', 'Resolve selection', async (textArg, serverArg, secure) => {
      const text = textArg ?? selection();
      if (!text) throw new NetProbeError('invalid-input', 'Select names or IP addresses (one per line, or log lines with addresses) first.');
      const targets = extractBatchTargets(text);
      if (targets.length === 0) throw new NetProbeError('invalid-input', 'The selection contains no host names or IP addresses.');
      const server = serverArg ?? defaultNameserver();
      const concurrency = services.setting<number>('dns.batchConcurrency', 100);
      const r = await services.runWithProgress(`Resolving ${targets.length} names and addresses`, (signal, progress) => {
        let last = 0;
        return dnsBatch(targets, {
          ...trust(), ...secure, server, concurrency, timeout: services.timeout, signal, progressMs: 200, pool: services.dnsConnections,
          onProgress: (done, total) => {
            const pct = (done / Math.max(1, total)) * 100;
            progress.report({ message: `${done} of ${total} queries`, increment: pct - last });
            last = pct;
          },
        });
      });
      services.show(batchView(r));
      return r;
    }),
    vscode.commands.registerCommand('netprobe.refreshNameservers', () => tree.refresh()),
    // Test hook (not contributed): the DNS panel (what it shows and what the webview rendered).
    vscode.commands.registerCommand('netprobe.internal.dnsPanel', () => panel),
    registerCommand<[string], string>(services, 'netprobe.addNameserver', 'Add nameserver', async specArg => {
      const spec = specArg ?? await vscode.window.showInputBox({ prompt: 'Nameserver to save', placeHolder: '127.0.0.1:5353, [::1]:53, ns1.example.com', validateInput: nameserverProblem, ignoreFocusOut: true });
      if (!spec) return undefined;
      const problem = nameserverProblem(spec);
      if (problem) throw new NetProbeError('invalid-input', problem);
      const list = savedNameservers();
      if (!list.includes(spec.trim())) await vscode.workspace.getConfiguration('netprobe').update('dns.nameservers', [...list, spec.trim()], vscode.ConfigurationTarget.Global);
      tree.refresh();
      return spec.trim();
    }),
    vscode.commands.registerCommand('netprobe.removeNameserver', async (node?: NameserverNode | string) => {
      const spec = typeof node === 'string' ? node : node?.spec;
      if (!spec) return;
      await vscode.workspace.getConfiguration('netprobe').update('dns.nameservers', savedNameservers().filter(s => s !== spec), vscode.ConfigurationTarget.Global);
      if (defaultNameserver() === spec) await setDefault('system');
      tree.refresh();
    }),
    vscode.commands.registerCommand('netprobe.setDefaultNameserver', async (node?: NameserverNode | string) => {
      const spec = typeof node === 'string' ? node : node ? (node.source === 'system' ? 'system' : node.spec) : undefined;
      if (spec) await setDefault(spec);
    }),
    vscode.commands.registerCommand('netprobe.lookupWithNameserver', (node?: NameserverNode) =>
      vscode.commands.executeCommand('netprobe.dnsLookup', undefined, undefined, node?.spec)),
  ];
}
