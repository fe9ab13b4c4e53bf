import * as vscode from 'vscode';
import type { ResolverComparison } from '../../core/dns/compare';
import { ADDRESSES, compareResolvers } from '../../core/dns/compare';
import { digCommand, formatDig } from '../../core/dns/dig-format';
import { secureDnsLines } from '../../core/dns/encrypted/describe';
import { digSecureFlags } from '../../core/dns/encrypted/dig-flags';
import type { SecureDnsOptions } from '../../core/dns/encrypted/types';
import { dnsQuery } from '../../core/dns/query';
import type { DnsQueryOptions, DnsResponse } from '../../core/dns/types';
import { NetProbeError } from '../../core/errors';
import { isUntrustedCertificate } from '../../core/tls/connect';
import { dnsNameProblem, pickNameserver, pickRecordType, pickResolvers, rememberNameserver, reverseIfAddress } from '../commands/dns-input';
import type { DnsLookupArgs } from '../commands/dns-views';
import { compareView, dnsLookupView } from '../commands/dns-views';
import type { Services } from '../services';
import { askRemembered } from '../input';
import type { DnsPanel } from '../webviews/dns/panel';
import type { DnsPanelState } from '../webviews/dns/protocol';

/**
 * Query options a command accepts from callers (timeout and signal are the UI's). `proxy` is a profile name, a
 * `socks…://` URL or `direct`; without it the default proxy profile applies (and the query goes over TCP).
 */
export type LookupOptions = Omit<DnsQueryOptions, 'timeout' | 'signal' | 'server' | 'type' | 'proxy' | 'pool'> & { proxy?: string };

/**
 * What Compare Resolvers accepts besides the name and server: the resolvers (`getaddrinfo`, `system`, specs),
 * the record type compared (default the addresses), whether to ask which resolvers (default: only when prompted
 * for the name), the system nameserver to use, DoT/DoH settings.
 */
export type CompareExtra = { systemServer?: string; resolvers?: string[]; type?: string; ask?: boolean } & SecureDnsOptions;

/**
 * The CA file DoT/DoH nameservers must chain to (`netprobe.dns.caFile`, user settings only), unless a caller gives one,
 * and the TLS extras (client certificates by server name, the key log).
 */
export async function dnsTrust(services: Services): Promise<SecureDnsOptions> {
  const caFile = services.settings.get('dns.caFile');
  return { ...(caFile ? { caFile } : {}), ...(await services.tlsExtras.options()) };
}

/** The editor's selection as text (several selections joined by lines), or undefined when empty. */
export function selection(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const text = editor.selections
    .map(s => editor.document.getText(s))
    .join('\n')
    .trim();
  return text === '' ? undefined : text;
}

/** The selection when it is one short line (a name to look up). */
export function singleLineSelection(): string | undefined {
  const t = selection();
  return t && !t.includes('\n') && t.length < 260 ? t : undefined;
}

/**
 * DNS lookups and resolver comparisons, shown in the DNS panel (the one of services.panels: its Re-run and Compare
 * buttons run the commands again, and History reopens lookups there).
 */
export class DnsQueries {
  readonly panel: DnsPanel;

  constructor(private readonly services: Services) {
    this.panel = services.panels.dns;
  }

  /** DNS Lookup: asks for what is missing (when called without a name), queries, shows the answer in the DNS panel and History. */
  async lookup(nameArg?: string, typeArg?: string, serverArg?: string, options: LookupOptions = {}): Promise<DnsResponse | undefined> {
    const typed =
      nameArg ??
      (await askRemembered(this.services, 'netprobe.dnsLookup', {
        prompt: 'Name to look up (an IP address gives a reverse lookup)',
        placeHolder: 'example.com, _sip._tcp.example.com, 192.0.2.1',
        selection: singleLineSelection(),
        validate: dnsNameProblem,
      }));
    if (!typed) return undefined;
    const problem = dnsNameProblem(typed);
    if (problem) throw new NetProbeError('invalid-input', problem);
    const rev = reverseIfAddress(typed.trim(), typeArg?.toUpperCase());
    const type = rev.type ?? (nameArg === undefined ? await pickRecordType() : 'A');
    if (!type) return undefined;
    const server = serverArg ?? (nameArg === undefined ? await pickNameserver(this.services) : this.services.nameservers.defaultSpec());
    if (!server) return undefined;
    const bufferSize = this.services.settings.get('dns.ednsBufferSize');
    const { proxy: proxyArg, ...queryOptions } = options;
    const proxy = await this.services.proxies.forCommand(proxyArg);
    const opts: DnsQueryOptions = {
      bufferSize,
      ...(await dnsTrust(this.services)),
      ...queryOptions,
      type,
      server,
      timeout: this.services.timeout,
      pool: this.services.dnsConnections,
    };
    if (proxy) opts.proxy = proxy;
    const r = await this.services
      .runWithProgress(`DNS ${rev.name} ${type}`, signal => dnsQuery(rev.name, { ...opts, signal }))
      .catch((e: unknown) => {
        throw isUntrustedCertificate(e) && e instanceof NetProbeError
          ? new NetProbeError('tls', `${e.message} Set netprobe.dns.caFile to trust a private CA.`, e.errno, { cause: e })
          : e;
      });
    await rememberNameserver(this.services.context.globalState, server);
    const args: DnsLookupArgs = [rev.name, type, server, { ...options }];
    const { proxy: _proxy, tcp: _tcp, ...plainDig } = opts;
    const panelState: DnsPanelState = {
      name: rev.name,
      type,
      server,
      response: r,
      text: [formatDig(r), ...secureDnsLines(r)].join('\n'),
      // DoT/DoH are TCP already: dig gets +tls / +https instead of +tcp.
      dig: [
        digCommand(
          rev.name,
          r.transport === 'tls' || r.transport === 'https' ? plainDig : opts,
          server === 'system' ? undefined : { address: r.server.address, port: r.server.port },
        ),
        ...digSecureFlags(r, opts),
      ].join(' '),
    };
    const view = dnsLookupView(r, args, panelState);
    this.services.show(view, { panel: false });
    this.panel.show(panelState, { ...(view.rerun ? { rerun: view.rerun } : {}) });
    return r;
  }

  /**
   * Compare Resolvers: the name through several resolvers, side by side, comparing `extra.type` (default the
   * addresses). Asks which resolvers unless `extra.resolvers` says, or a caller gave the name and not `extra.ask`
   * (then getaddrinfo, the system nameserver and `serverArg`, as before).
   */
  async compare(nameArg?: string, serverArg?: string, extra: CompareExtra = {}): Promise<ResolverComparison | undefined> {
    const name =
      nameArg ??
      (await askRemembered(this.services, 'netprobe.compareResolvers', {
        prompt: 'Name to resolve with several resolvers',
        placeHolder: 'example.com, _sip._tcp.example.com',
        selection: singleLineSelection(),
        validate: dnsNameProblem,
      }));
    if (!name) return undefined;
    const { ask: askArg, ...rest } = extra;
    const ask = askArg ?? nameArg === undefined;
    const type = rest.type?.toUpperCase() === ADDRESSES || rest.type === undefined ? ADDRESSES : rest.type.toUpperCase();
    const chosen = serverArg && serverArg !== 'system' ? serverArg : undefined;
    const resolvers = rest.resolvers ?? (ask ? await pickResolvers(this.services, type, chosen) : undefined);
    if (ask && !resolvers) return undefined;
    const trust = await dnsTrust(this.services);
    const c = await this.services.runWithProgress(`Comparing resolvers for ${name}`, signal =>
      compareResolvers(name, {
        ...trust,
        ...rest,
        type,
        ...(resolvers ? { resolvers } : {}),
        server: chosen,
        timeout: this.services.timeout,
        signal,
        pool: this.services.dnsConnections,
      }),
    );
    this.services.show(compareView(c, chosen, resolvers));
    return c;
  }
}
