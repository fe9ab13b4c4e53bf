import * as vscode from 'vscode';
import type { ZoneTransferResult } from '../../core/dns/axfr';
import { zoneTransfer } from '../../core/dns/axfr';
import type { BatchResult } from '../../core/dns/batch';
import { dnsBatch, extractBatchTargets } from '../../core/dns/batch';
import type { ResolverComparison } from '../../core/dns/compare';
import type { DnsResponse } from '../../core/dns/types';
import { NetProbeError } from '../../core/errors';
import type { SecureDnsOptions } from '../../core/dns/encrypted/types';
import type { CompareExtra, LookupOptions } from '../dns/dns-queries';
import { DnsQueries, dnsTrust, selection, singleLineSelection } from '../dns/dns-queries';
import type { Services } from '../services';
import { askRemembered } from '../input';
import type { Views } from '../views';
import type { NameserverNode } from '../tree/nameservers-tree';
import { registerCommand } from './command';
import { dnsNameProblem, nameserverProblem, pickNameserver } from './dns-input';
import { batchView, zoneTransferView } from './dns-views';

/** DNS Lookup…, Zone Transfer…, Compare Resolvers…, Resolve Selection, and the Nameservers view's commands. */
export function registerDnsCommands(services: Services, views: Views): vscode.Disposable[] {
  const { nameservers } = services;
  const tree = views.nameservers;

  const queries = new DnsQueries(services);
  const { panel } = queries;

  const setDefault = async (spec: string): Promise<void> => {
    await nameservers.setDefault(spec);
    tree.refresh();
  };

  return [
    registerCommand<[string, string, string, LookupOptions], DnsResponse>(services, 'netprobe.dnsLookup', 'DNS lookup', async (name, type, server, options) => {
      if (name !== undefined) return queries.lookup(name, type, server, options);
      // Prompted (palette, or a Nameservers item that only gives the server): show failures to the user.
      try {
        return await queries.lookup(undefined, type, server, options);
      } catch (e) {
        services.reportError('DNS lookup', e);
        return undefined;
      }
    }),
    registerCommand<[string, string, string], ZoneTransferResult>(services, 'netprobe.zoneTransfer', 'Zone transfer', async (zoneArg, serverArg, proxyArg) => {
      const zone =
        zoneArg ??
        (await askRemembered(services, 'netprobe.zoneTransfer', {
          prompt: 'Zone to transfer (AXFR)',
          placeHolder: 'example.com',
          selection: singleLineSelection(),
          validate: dnsNameProblem,
        }));
      if (!zone) return undefined;
      // The default nameserver (starred) first, then recent and saved ones; "system" is no zone's server.
      const server =
        serverArg ?? (await pickNameserver(services, { title: `Nameserver to transfer ${zone} from (usually the zone's primary)`, system: false }));
      if (!server) return undefined;
      const proxy = await services.proxies.forCommand(proxyArg);
      const r = await services.runWithProgress(`Zone transfer of ${zone}`, signal =>
        zoneTransfer(zone, { server, timeout: services.timeout, signal, ...(proxy ? { proxy } : {}) }),
      );
      const view = zoneTransferView(r, proxyArg);
      services.show(view, { panel: false });
      if (view.model?.panel === 'zone') services.panels.zone.show(view.model.state, { ...(view.rerun ? { rerun: view.rerun } : {}) });
      return r;
    }),
    registerCommand<[string, string, CompareExtra], ResolverComparison>(services, 'netprobe.compareResolvers', 'Compare resolvers', (name, server, extra) =>
      queries.compare(name, server, extra),
    ),
    registerCommand<[string, string, SecureDnsOptions], BatchResult>(
      services,
      'netprobe.resolveSelection',
      'Resolve selection',
      async (textArg, serverArg, secure) => {
        const text = textArg ?? selection();
        if (!text) throw new NetProbeError('invalid-input', 'Select names or IP addresses (one per line, or log lines with addresses) first.');
        const targets = extractBatchTargets(text);
        if (targets.length === 0) throw new NetProbeError('invalid-input', 'The selection contains no host names or IP addresses.');
        const server = serverArg ?? nameservers.defaultSpec();
        const concurrency = services.settings.get('dns.batchConcurrency');
        const trust = await dnsTrust(services);
        const r = await services.runWithProgress(`Resolving ${targets.length} names and addresses`, (signal, progress) => {
          let last = 0;
          return dnsBatch(targets, {
            ...trust,
            ...secure,
            server,
            concurrency,
            timeout: services.timeout,
            signal,
            progressMs: 200,
            pool: services.dnsConnections,
            onProgress: (done, total) => {
              const pct = (done / Math.max(1, total)) * 100;
              progress.report({ message: `${done} of ${total} queries`, increment: pct - last });
              last = pct;
            },
          });
        });
        services.show(batchView(r));
        return r;
      },
    ),
    // Test hooks (not contributed): the DNS and zone panels (what they show and what the webview rendered).
    vscode.commands.registerCommand('netprobe.internal.dnsPanel', () => panel),
    vscode.commands.registerCommand('netprobe.internal.zonePanel', () => services.panels.zone),
    registerCommand<[string], string>(services, 'netprobe.addNameserver', 'Add nameserver', async specArg => {
      const spec =
        specArg ??
        (await vscode.window.showInputBox({
          prompt: 'Nameserver to save',
          placeHolder: '127.0.0.1:5353, [::1]:53, ns1.example.com',
          validateInput: nameserverProblem,
          ignoreFocusOut: true,
        }));
      if (!spec) return undefined;
      const problem = nameserverProblem(spec);
      if (problem) throw new NetProbeError('invalid-input', problem);
      await nameservers.add(spec.trim());
      tree.refresh();
      return spec.trim();
    }),
    registerCommand<[NameserverNode | string], void>(services, 'netprobe.removeNameserver', 'Remove nameserver', async node => {
      const spec = typeof node === 'string' ? node : node?.spec;
      if (!spec) return;
      await nameservers.remove(spec);
      tree.refresh();
    }),
    registerCommand<[NameserverNode | string], void>(services, 'netprobe.setDefaultNameserver', 'Set default nameserver', async node => {
      const spec = typeof node === 'string' ? node : node ? (node.source === 'system' ? 'system' : node.spec) : undefined;
      if (spec) await setDefault(spec);
    }),
    registerCommand<[NameserverNode], DnsResponse>(services, 'netprobe.lookupWithNameserver', 'DNS lookup', node =>
      queries.lookup(undefined, undefined, node?.spec),
    ),
  ];
}
