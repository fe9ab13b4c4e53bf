import * as vscode from 'vscode';
import { errorMessage, NetProbeError, problemOf } from '../../core/errors';
import { interfaces } from '../../core/platform/interfaces';
import { packetJson } from '../../core/udp/format';
import type { PacketJson } from '../../core/udp/format';
import { parseMulticastGroup } from '../../core/udp/group';
import { openListener } from '../../core/udp/listen';
import { mcastSend, openMulticastReceiver } from '../../core/udp/multicast';
import type { MulticastSendResult } from '../../core/udp/multicast';
import type { PayloadSpec } from '../../core/udp/payload';
import { parseHex, payloadBytes } from '../../core/udp/payload';
import { udpSend } from '../../core/udp/send';
import type { UdpSendResult } from '../../core/udp/send';
import { ask, hostProblem, portProblem, selectedText } from '../input';
import type { Services } from '../services';
import { SocketsTreeProvider } from '../tree/sockets-tree';
import { MonitorPanel } from '../webviews/monitor/panel';
import { registerCommand } from './command';
import type { SocketSession, SocketSessionInfo } from './udp-sessions';
import { SocketSessions } from './udp-sessions';
import { mcastSendView, sessionView, udpSendView } from './udp-views';
import { formatHostPort } from '../../core/address/host-port';

/** A payload as command argument: plain text, or a spec. */
export type PayloadArg = string | PayloadSpec;

/** Send UDP's result with payloads as text and hex. */
export type UdpSendJson = Omit<UdpSendResult, 'replies'> & { replies: PacketJson[] };

export interface SendUdpOptions { wait?: number; maxReplies?: number; family?: 4 | 6; bind?: string; ttl?: number; broadcast?: boolean }
export interface ListenUdpOptions { address?: string; family?: 4 | 6; count?: number; duration?: number; reuseAddr?: boolean; reusePort?: boolean; recvBufferSize?: number; showMonitor?: boolean }
export interface JoinMulticastOptions { iface?: string; source?: string; count?: number; duration?: number; reuseAddr?: boolean; reusePort?: boolean; recvBufferSize?: number; showMonitor?: boolean }
export interface SendMulticastOptions { ttl?: number; iface?: string; loopback?: boolean; count?: number; interval?: number }

/** What Stop Socket returns: how the listener ended, its totals and the datagrams kept. */
export interface StoppedSocket extends SocketSessionInfo { endedBy: string; packets: PacketJson[]; stats: ReturnType<SocketSession['monitor']['stats']> }

function payloadSpec(p: PayloadArg): PayloadSpec {
  return typeof p === 'string' ? { text: p } : p;
}

function numberProblem(min: number, max: number, what: string) {
  return (v: string): string | undefined => (/^[0-9]+$/.test(v.trim()) && Number(v) >= min && Number(v) <= max ? undefined : `${what} must be a whole number from ${min} to ${max}.`);
}

async function askPayload(): Promise<PayloadSpec | undefined> {
  const kinds: Array<vscode.QuickPickItem & { pk: 'text' | 'escapes' | 'hex' | 'file' }> = [
    { label: '$(symbol-string) Text', description: 'UTF-8', pk: 'text' },
    { label: '$(symbol-key) Text with escapes', description: '\\n \\r \\t \\0 \\xHH', pk: 'escapes' },
    { label: '$(symbol-numeric) Hex bytes', description: 'e.g. 48 65 6c 6c 6f', pk: 'hex' },
    { label: '$(file-binary) A file\'s bytes', pk: 'file' },
  ];
  const pick = await vscode.window.showQuickPick(kinds, { title: 'NetProbe: Datagram payload' });
  if (!pick) return undefined;
  if (pick.pk === 'file') {
    const uris = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Send this file' });
    return uris?.[0] ? { file: uris[0].fsPath } : undefined;
  }
  if (pick.pk === 'hex') {
    const hex = await ask('Payload as hex bytes', '48 65 6c 6c 6f', v => problemOf(() => parseHex(v)));
    return hex === undefined ? undefined : { hex };
  }
  const text = await vscode.window.showInputBox({ prompt: 'Payload text', placeHolder: pick.pk === 'escapes' ? 'hello\\n' : 'hello', ignoreFocusOut: true });
  return text === undefined ? undefined : { text, escapes: pick.pk === 'escapes' };
}

async function askInterface(family: 4 | 6, purpose: string): Promise<string | null | undefined> {
  const seen = new Set<string>();
  const items: Array<vscode.QuickPickItem & { value: string | null }> = [{ label: '$(globe) Let the operating system choose', description: 'from the routing table', value: null }];
  for (const a of interfaces().filter(x => x.family === family)) {
    if (seen.has(a.name)) continue;
    seen.add(a.name);
    items.push({ label: a.name, description: a.address, detail: a.internal ? 'loopback' : undefined, value: a.name });
  }
  const pick = await vscode.window.showQuickPick(items, { title: `NetProbe: Interface to ${purpose}` });
  return pick ? pick.value : undefined;
}

function groupProblem(v: string): string | vscode.InputBoxValidationMessage | undefined {
  try {
    const g = parseMulticastGroup(v);
    return { message: `${g.group}: ${g.description}${g.wellKnown ? ` — ${g.wellKnown}` : ''}`, severity: vscode.InputBoxValidationSeverity.Info };
  } catch (e) {
    return errorMessage(e);
  }
}

async function askGroup(): Promise<string | undefined> {
  const v = await vscode.window.showInputBox({ prompt: 'Multicast group (IPv4 224.0.0.0/4 or IPv6 ff00::/8)', placeHolder: '239.1.2.3 or ff15::1234', ignoreFocusOut: true, validateInput: groupProblem });
  return v?.trim();
}

function checkArgs(o: unknown, what: string): void {
  if (o !== undefined && (typeof o !== 'object' || o === null)) throw new NetProbeError('invalid-input', `${what} options must be an object.`);
}

/** Send UDP…, Listen on UDP Port…, Join Multicast Group…, Send Multicast…, the Sockets view and monitors. */
export function registerUdpCommands(services: Services): vscode.Disposable[] {
  const sessions = new SocketSessions();
  const tree = new SocketsTreeProvider(sessions);
  const panels = new Map<string, MonitorPanel>();
  services.trees.set('netprobe.sockets', tree);
  const capacity = (): number => Math.max(10, Math.min(100000, services.setting('udp.monitorCapacity', 1000)));

  const showMonitor = (session: SocketSession): MonitorPanel => {
    let panel = panels.get(session.info.id);
    if (panel) {
      panel.reveal();
      return panel;
    }
    panel = new MonitorPanel(services.webviews, session);
    panels.set(session.info.id, panel);
    // Closing the monitor stops its socket: nothing keeps listening unseen.
    panel.onDidDispose(() => { panels.delete(session.info.id); void session.stop(); });
    return panel;
  };

  const adopt = (session: SocketSession, show: boolean): SocketSessionInfo => {
    services.log.info(`Listening: ${session.info.title} (${session.info.options.localAddress}:${session.info.options.localPort})`);
    session.onEnd(r => {
      services.log.info(`Stopped: ${session.info.title} (${r.endedBy}, ${session.monitor.stats().packets} datagrams)`);
      services.show(sessionView(session.info, r.endedBy, session.monitor.stats(), session.monitor.packets().map(p => packetJson(p, 1024))), { panel: false });
    });
    if (show) showMonitor(session);
    return session.info;
  };

  const findSession = (arg: unknown): SocketSession | undefined => {
    if (typeof arg === 'string') return sessions.get(arg);
    if (arg && typeof arg === 'object' && 'info' in arg) return sessions.get((arg as SocketSession).info.id);
    return undefined;
  };

  const pickSession = async (arg: unknown, what: string): Promise<SocketSession | undefined> => {
    if (arg !== undefined) {
      const s = findSession(arg);
      if (!s) throw new NetProbeError('invalid-input', 'That socket is no longer listening.');
      return s;
    }
    const list = sessions.list();
    if (!list.length) {
      void vscode.window.showInformationMessage('NetProbe: no UDP socket is listening.');
      return undefined;
    }
    if (list.length === 1) return list[0];
    const pick = await vscode.window.showQuickPick(list.map(s => ({ label: s.info.title, description: `${s.monitor.stats().packets} datagrams`, s })), { title: `NetProbe: ${what}` });
    return pick?.s;
  };

  return [
    sessions,
    tree,
    vscode.window.registerTreeDataProvider('netprobe.sockets', tree),
    { dispose: () => { for (const p of panels.values()) p.dispose(); panels.clear(); } },

    registerCommand<[string, number, PayloadArg, SendUdpOptions], UdpSendJson>(services, 'netprobe.sendUdp', 'Send UDP', async (host, port, payload, options) => {
      checkArgs(options, 'Send UDP');
      const h = host ?? await ask('Host to send the datagram to', 'localhost, 127.0.0.1, ::1', hostProblem, selectedText());
      if (h === undefined) return undefined;
      const p = port ?? Number(await ask('UDP port', '53', portProblem));
      if (!p) return undefined;
      const spec = payload !== undefined ? payloadSpec(payload) : await askPayload();
      if (!spec) return undefined;
      const o = options ?? {};
      const wait = o.wait ?? services.setting('udp.replyWindow', 1000);
      const bytes = await payloadBytes(spec);
      const r = await services.runWithProgress(`Sending UDP to ${h}:${p}`, signal => udpSend(h, p, bytes, { ...o, wait, timeout: services.timeout, signal }));
      const result = { ...r, replies: r.replies.map(x => packetJson(x)) };
      services.show(udpSendView(result, [h, p, spec, o]));
      return result;
    }),

    registerCommand<[number, ListenUdpOptions], SocketSessionInfo>(services, 'netprobe.listenUdp', 'Listen on UDP Port', async (port, options) => {
      checkArgs(options, 'Listen on UDP Port');
      const text = port === undefined ? await ask('UDP port to listen on (0 for any free port)', '5000', v => (v.trim() === '0' ? undefined : portProblem(v))) : String(port);
      if (text === undefined) return undefined;
      const p = Number(text);
      let o = options ?? {};
      if (options === undefined && port === undefined) {
        const where = await vscode.window.showQuickPick([
          { label: 'All addresses', description: 'IPv4 and IPv6 — other machines can send to it', value: undefined },
          { label: '127.0.0.1', description: 'this machine only (IPv4)', value: '127.0.0.1' },
          { label: '::1', description: 'this machine only (IPv6)', value: '::1' },
          ...interfaces().filter(a => !a.internal).map(a => ({ label: a.address, description: a.name, value: a.address })),
        ], { title: 'NetProbe: Listen on which address?' });
        if (!where) return undefined;
        o = where.value ? { address: where.value } : {};
      }
      const sock = await openListener(p, { ...o, timeout: services.timeout });
      const eff = sock.effective();
      const where = formatHostPort(eff.localAddress, eff.localPort);
      const session = sessions.add({ kind: 'udp', title: `UDP ${where}`, warnings: [] }, sock, { ...(o.count !== undefined ? { count: o.count } : {}), ...(o.duration !== undefined ? { duration: o.duration } : {}) }, capacity());
      return adopt(session, o.showMonitor ?? true);
    }),

    registerCommand<[string, number, JoinMulticastOptions], SocketSessionInfo>(services, 'netprobe.joinMulticast', 'Join Multicast Group', async (group, port, options) => {
      checkArgs(options, 'Join Multicast Group');
      const g = group ?? await askGroup();
      if (g === undefined) return undefined;
      const p = port ?? Number(await ask('UDP port', '5000', portProblem));
      if (!p) return undefined;
      let o = options ?? {};
      if (options === undefined && group === undefined) {
        const iface = await askInterface(parseMulticastGroup(g).family, 'join on');
        if (iface === undefined) return undefined;
        const source = await vscode.window.showInputBox({ prompt: 'Source address for a source-specific join (leave empty for any source)', ignoreFocusOut: true });
        if (source === undefined) return undefined;
        o = { ...(iface ? { iface } : {}), ...(source.trim() ? { source: source.trim() } : {}) };
      }
      const r = await openMulticastReceiver(g, p, { ...o, timeout: services.timeout });
      const on = r.iface ? ` on ${r.iface.name ?? r.iface.spec}` : '';
      const from = r.source ? ` from ${r.source}` : '';
      const session = sessions.add({ kind: 'multicast', title: `${formatHostPort(r.group.group, p)}${from}${on}`, group: r.group, warnings: r.warnings }, r.socket, { ...(o.count !== undefined ? { count: o.count } : {}), ...(o.duration !== undefined ? { duration: o.duration } : {}) }, capacity());
      return adopt(session, o.showMonitor ?? true);
    }),

    registerCommand<[string, number, PayloadArg, SendMulticastOptions], MulticastSendResult>(services, 'netprobe.sendMulticast', 'Send Multicast', async (group, port, payload, options) => {
      checkArgs(options, 'Send Multicast');
      const g = group ?? await askGroup();
      if (g === undefined) return undefined;
      const p = port ?? Number(await ask('UDP port', '5000', portProblem));
      if (!p) return undefined;
      const spec = payload !== undefined ? payloadSpec(payload) : await askPayload();
      if (!spec) return undefined;
      let o = options ?? {};
      if (options === undefined && group === undefined) {
        const iface = await askInterface(parseMulticastGroup(g).family, 'send from');
        if (iface === undefined) return undefined;
        const ttl = await ask('TTL / hop limit (1 stays on the local network)', '1', numberProblem(0, 255, 'The TTL'), '1');
        if (ttl === undefined) return undefined;
        o = { ttl: Number(ttl), ...(iface ? { iface } : {}) };
      }
      const bytes = await payloadBytes(spec);
      const r = await services.runWithProgress(`Sending to ${g}:${p}`, signal => mcastSend(g, p, bytes, { ...o, timeout: services.timeout, signal }));
      services.show(mcastSendView(r, [g, p, spec, o]));
      return r;
    }),

    registerCommand<[unknown], StoppedSocket>(services, 'netprobe.stopSocket', 'Stop Socket', async arg => {
      const s = await pickSession(arg, 'Stop which socket?');
      if (!s) return undefined;
      const r = await s.stop();
      return { ...s.info, endedBy: r.endedBy, stats: s.monitor.stats(), packets: s.monitor.packets().map(p => packetJson(p)) };
    }),

    registerCommand<[], number>(services, 'netprobe.stopAllSockets', 'Stop All Sockets', () => sessions.stopAll()),

    registerCommand<[unknown], SocketSessionInfo>(services, 'netprobe.showSocketMonitor', 'Show Socket Monitor', async arg => {
      const s = await pickSession(arg, 'Monitor which socket?');
      if (!s) return undefined;
      showMonitor(s);
      return s.info;
    }),

    // Test hook (not contributed): whether a socket's monitor is open and what it last rendered.
    vscode.commands.registerCommand('netprobe.internal.socketMonitorState', (id: string) => {
      const r = panels.get(id)?.lastRendered;
      return { open: panels.has(id), active: sessions.get(id)?.active ?? false, ...(r ? { rendered: { rows: r.id.rows, text: r.text } } : {}) };
    }),
  ];
}
