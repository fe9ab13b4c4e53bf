import * as vscode from 'vscode';
import { parseNameserver, systemDnsConfig } from '../../core/dns/nameserver';
import { encodeName } from '../../core/dns/name';
import { COMMON_RECORD_TYPES, isRecordType } from '../../core/dns/rrtypes';
import { ptrName } from '../../core/dns/reverse-name';
import { parseAddressLiteral } from '../../core/address/literal';
import type { NameserverStore } from '../dns/nameserver-store';
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

/** Quick pick of the nameserver: the default, the system's, recent and saved ones, or a custom one. */
export async function pickNameserver(state: vscode.Memento, nameservers: NameserverStore): Promise<string | undefined> {
  const def = nameservers.defaultSpec();
  const system = systemDnsConfig().nameservers.map(n => n.spec);
  const recent = state.get<string[]>(RECENT_KEY, []);
  const items: Array<vscode.QuickPickItem & { value?: string }> = [
    { label: '$(star-full) Default', description: def === 'system' ? `system (${system.join(', ') || 'none configured'})` : def, value: def },
  ];
  if (def !== 'system') items.push({ label: '$(server-environment) System', description: system.join(', ') || 'none configured in /etc/resolv.conf', value: 'system' });
  const seen = new Set(items.map(i => i.value));
  for (const [icon, list] of [['history', recent], ['server', nameservers.saved()]] as const) {
    for (const s of list) {
      if (seen.has(s)) continue;
      seen.add(s);
      items.push({ label: `$(${icon}) ${s}`, description: icon === 'history' ? 'recent' : 'saved', value: s });
    }
  }
  items.push({ label: '$(edit) Custom…', description: 'IP, IP:port, [IPv6]:port, IPv6%zone, host name, tls://HOST, https://HOST/dns-query' });
  const pick = await vscode.window.showQuickPick(items, { title: 'Nameserver', placeHolder: 'Which nameserver to ask' });
  if (!pick) return undefined;
  if (pick.value) return pick.value;
  const custom = await vscode.window.showInputBox({ prompt: 'Nameserver', placeHolder: '127.0.0.1:5353, [::1]:53, ns1.example.com, tls://dns.example:853, https://dns.example/dns-query', validateInput: nameserverProblem, ignoreFocusOut: true });
  return custom?.trim();
}

/** Remembers a nameserver among the recent ones (most recent first, at most 8). */
export async function rememberNameserver(state: vscode.Memento, server: string): Promise<void> {
  if (server === 'system') return;
  const recent = state.get<string[]>(RECENT_KEY, []).filter(s => s !== server);
  await state.update(RECENT_KEY, [server, ...recent].slice(0, 8));
}
