import * as vscode from 'vscode';
import { parseNameserver, systemDnsConfig } from '../../core/dns/nameserver';
import { encodeName } from '../../core/dns/name';
import { COMMON_RECORD_TYPES, isRecordType } from '../../core/dns/rrtypes';
import { ptrName } from '../../core/dns/reverse-name';
import { parseAddressLiteral } from '../../core/address/literal';
import type { Services } from '../services';
import { ADDRESSES } from '../../core/dns/compare';
import { lastInput, rememberInput } from '../input';
import { problemOf } from '../../core/errors';

const RECENT_KEY = 'netprobe.dns.recentNameservers';

/** Why `text` is not a DNS name (or an address to look up in reverse), or undefined. */
export function dnsNameProblem(text: string): string | undefined {
  const t = text.trim();
  if (t === '') return 'Enter a domain name, or an IP address for a reverse lookup.';
  try {
    if (parseAddressLiteral(t)) return undefined;
  } catch {
    // not an address: check it as a name
  }
  return problemOf(() => encodeName(t));
}

/** Why `text` is not a nameserver, or undefined. */
export function nameserverProblem(text: string): string | undefined {
  if (text.trim().toLowerCase() === 'system') return undefined;
  return problemOf(() => parseNameserver(text));
}

/** An address typed as the name means a reverse lookup: the PTR name and type. */
export function reverseIfAddress(name: string, type: string | undefined): { name: string; type: string | undefined } {
  try {
    const literal = parseAddressLiteral(name.trim());
    if (literal && (type === undefined || type === 'PTR')) return { name: ptrName(literal.address), type: 'PTR' };
  } catch {
    // a name
  }
  return { name, type };
}

/** Quick pick of the record type: the common ones first, then any `TYPEnnn` typed in. */
export async function pickRecordType(): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick();
  qp.title = 'Record type';
  qp.placeholder = 'A, AAAA, MX, TXT… or type any type such as TYPE65 or CDS';
  const base = COMMON_RECORD_TYPES.map(t => ({ label: t }));
  qp.items = base;
  qp.onDidChangeValue(v => {
    const t = v.trim().toUpperCase();
    qp.items = t && isRecordType(t) && !base.some(b => b.label === t) ? [{ label: t, description: 'record type' }, ...base] : base;
  });
  return new Promise(resolve => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]?.label);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

export interface PickNameserverOptions {
  title?: string;
  /** Whether "the system's nameservers" is an answer (not for a zone transfer, which needs the zone's server). */
  system?: boolean;
}

/** Quick pick of the nameserver: the default, the system's, recent and saved ones, or a custom one. */
export async function pickNameserver(services: Services, o: PickNameserverOptions = {}): Promise<string | undefined> {
  const allowSystem = o.system ?? true;
  const state = services.context.globalState;
  const def = services.nameservers.defaultSpec();
  const system = systemDnsConfig().nameservers.map(n => n.spec);
  const recent = state.get<string[]>(RECENT_KEY, []);
  const items: Array<vscode.QuickPickItem & { value?: string }> = [];
  if (def !== 'system' || allowSystem)
    items.push({ label: '$(star-full) Default', description: def === 'system' ? `system (${system.join(', ') || 'none configured'})` : def, value: def });
  if (def !== 'system' && allowSystem)
    items.push({ label: '$(server-environment) System', description: system.join(', ') || 'none configured in /etc/resolv.conf', value: 'system' });
  const seen = new Set<string | undefined>([...items.map(i => i.value), 'system']);
  for (const [icon, list] of [
    ['history', recent],
    ['server', services.nameservers.saved()],
  ] as const) {
    for (const s of list) {
      if (s === 'system') continue;
      if (seen.has(s)) continue;
      seen.add(s);
      items.push({ label: `$(${icon}) ${s}`, description: icon === 'history' ? 'recent' : 'saved', value: s });
    }
  }
  const custom: vscode.QuickPickItem & { value?: string } = {
    label: '$(edit) Custom…',
    description: 'IP, IP:port, [IPv6]:port, IPv6%zone, host name, tls://HOST, https://HOST/dns-query',
  };
  const typed = (text: string): (vscode.QuickPickItem & { value?: string }) | undefined =>
    text && !nameserverProblem(text) && (allowSystem || text.toLowerCase() !== 'system')
      ? { label: `$(arrow-right) ${text}`, description: 'this nameserver', value: text }
      : undefined;
  const pick = await services.prompts.pick({
    title: o.title ?? 'Nameserver',
    placeHolder: 'Which nameserver to ask (or type one: 127.0.0.1:5353, tls://dns.example)',
    items: [...items, custom],
    typed,
    matchOnDescription: true,
  });
  if (!pick) return undefined;
  if (pick.value) return pick.value;
  return services.prompts.input({
    prompt: 'Nameserver',
    placeHolder: '127.0.0.1:5353, [::1]:53, ns1.example.com, tls://dns.example:853, https://dns.example/dns-query',
    validate: v => (!allowSystem && v.trim().toLowerCase() === 'system' ? "Give the zone's nameserver." : nameserverProblem(v)),
  });
}

/** Remembers a nameserver among the recent ones (most recent first, at most 8). */
export async function rememberNameserver(state: vscode.Memento, server: string): Promise<void> {
  if (server === 'system') return;
  const recent = state.get<string[]>(RECENT_KEY, []).filter(s => s !== server);
  await state.update(RECENT_KEY, [server, ...recent].slice(0, 8));
}

type ResolverItem = vscode.QuickPickItem & { value: string };

/**
 * Which resolvers to compare (several): getaddrinfo and the system nameserver — both marked as the system's
 * own resolver — the default, recent and saved nameservers, or one typed in. Checked at first: the last set
 * compared here, else getaddrinfo, the system nameserver and `chosen` (or the default nameserver).
 */
export async function pickResolvers(services: Services, type: string, chosen?: string): Promise<string[] | undefined> {
  const addresses = type === ADDRESSES;
  const system = systemDnsConfig().nameservers[0]?.spec;
  const def = services.nameservers.defaultSpec();
  const last = lastInput(services, 'netprobe.compareResolvers#resolvers').text?.split('\n').filter(Boolean);
  const initial = new Set(last?.length ? last : ['getaddrinfo', 'system', chosen ?? (def !== 'system' ? def : '')]);
  const items: ResolverItem[] = [];
  if (addresses)
    items.push({
      label: '$(server-environment) getaddrinfo',
      description: 'the system resolver: /etc/hosts, then the system nameservers',
      value: 'getaddrinfo',
    });
  if (system)
    items.push({ label: '$(server-environment) System nameserver', description: `${system} (the system resolver's nameserver, resolv.conf)`, value: 'system' });
  const seen = new Set(['getaddrinfo', 'system']);
  const add = (spec: string, label: string, description: string): void => {
    if (seen.has(spec)) return;
    seen.add(spec);
    items.push({ label, description, value: spec });
  };
  if (chosen && chosen !== 'system') add(chosen, `$(server) ${chosen}`, 'the nameserver of this result');
  if (def !== 'system') add(def, `$(star-full) ${def}`, 'default nameserver');
  for (const s of services.context.globalState.get<string[]>(RECENT_KEY, [])) add(s, `$(history) ${s}`, 'recent');
  for (const s of services.nameservers.saved()) add(s, `$(server) ${s}`, 'saved');
  for (const i of items) i.picked = initial.has(i.value);
  const typed = (text: string): ResolverItem | undefined =>
    text && !nameserverProblem(text) && text.toLowerCase() !== 'system'
      ? { label: `$(arrow-right) ${text}`, description: 'this nameserver', value: text }
      : undefined;
  const picked = await services.prompts.pickMany({
    title: `Resolvers to compare (${addresses ? 'addresses: A and AAAA' : `${type} records`})`,
    placeHolder: 'Check the resolvers, or type a nameserver (127.0.0.1:5353, tls://dns.example), then Enter',
    items,
    typed,
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  const values = picked.map(p => p.value);
  await rememberInput(services, 'netprobe.compareResolvers#resolvers', { text: values.join('\n') });
  return values;
}
