import * as vscode from 'vscode';
import { formatHostPort } from '../../core/address/host-port';
import { interfaces } from '../../core/platform/interfaces';
import type { KernelDrops } from '../../core/platform/udp-drops';
import { packetJson } from '../../core/udp/format';
import type { PacketJson } from '../../core/udp/format';
import { parseMulticastGroup } from '../../core/udp/group';
import { openListener } from '../../core/udp/listen';
import { mcastSend, openMulticastReceiver } from '../../core/udp/multicast';
import type { MulticastSendResult } from '../../core/udp/multicast';
import { payloadBytes } from '../../core/udp/payload';
import { udpSend } from '../../core/udp/send';
import type { UdpSendResult } from '../../core/udp/send';
import { ask, askHost, askPort, hostArgument, portProblem } from '../input';
import type { Services } from '../services';
import { SocketMonitors } from '../udp/socket-monitors';
import type { PayloadArg } from '../udp/udp-input';
import { askGroup, askInterface, askPayload, checkArgs, numberProblem, payloadSpec } from '../udp/udp-input';
import type { SocketSession, SocketSessionInfo } from '../udp/udp-sessions';
import type { Views } from '../views';
import { registerCommand } from './command';
import type { OwnDelivery } from './udp-views';
import { mcastSendView, udpSendView } from './udp-views';

export type { PayloadArg } from '../udp/udp-input';

/** Send UDP's result with payloads as text and hex; `deliveredTo` when one of NetProbe's own listeners got it. */
export type UdpSendJson = Omit<UdpSendResult, 'replies'> & { replies: PacketJson[]; deliveredTo?: OwnDelivery };

export interface SendUdpOptions {
  wait?: number;
  maxReplies?: number;
  family?: 4 | 6;
  bind?: string;
  ttl?: number;
  broadcast?: boolean;
}
export interface ListenUdpOptions {
  address?: string;
  family?: 4 | 6;
  count?: number;
  duration?: number;
  reuseAddr?: boolean;
  reusePort?: boolean;
  recvBufferSize?: number;
  showMonitor?: boolean;
}
export interface JoinMulticastOptions {
  iface?: string;
  source?: string;
  count?: number;
  duration?: number;
  reuseAddr?: boolean;
  reusePort?: boolean;
  recvBufferSize?: number;
  showMonitor?: boolean;
}
export interface SendMulticastOptions {
  ttl?: number;
  iface?: string;
  loopback?: boolean;
  count?: number;
  interval?: number;
}

/** What Stop Socket returns: how the listener ended, its totals and the datagrams kept. */
export interface StoppedSocket extends SocketSessionInfo {
  endedBy: string;
  packets: PacketJson[];
  stats: ReturnType<SocketSession['monitor']['stats']>;
  kernelDrops: KernelDrops;
}

/** Send UDP…, Listen on UDP Port…, Join Multicast Group…, Send Multicast…, the Sockets view and monitors. */
export function registerUdpCommands(services: Services, views: Views): vscode.Disposable[] {
  const monitors = new SocketMonitors(services);
  const { sessions, panels } = monitors;
  const capacity = (): number => services.settings.get('udp.monitorCapacity');
  views.sockets.attach(monitors.tree);

  return [
    monitors,

    registerCommand<[string, number, PayloadArg, SendUdpOptions], UdpSendJson>(
      services,
      'netprobe.sendUdp',
      'Send UDP',
      async (host, port, payload, options) => {
        checkArgs(options, 'Send UDP');
        const given =
          host !== undefined
            ? hostArgument(host)
            : await askHost(services, 'netprobe.sendUdp', {
                prompt: 'Host to send the datagram to (host:port works too)',
                placeHolder: 'localhost, 127.0.0.1:5000, [::1]:53',
              });
        if (given === undefined) return undefined;
        const h = given.host;
        const p = port ?? (await askPort(services, 'netprobe.sendUdp', `UDP port on ${h}`, '53', given.port));
        if (!p) return undefined;
        const spec = payload !== undefined ? payloadSpec(payload) : await askPayload();
        if (!spec) return undefined;
        const o = options ?? {};
        const wait = o.wait ?? services.settings.get('udp.replyWindow');
        const bytes = await payloadBytes(spec);
        // To one of this window's own listeners: no reply is expected, and its monitor shows the arrival.
        const own = monitors.ownListener(h, p);
        const r = await services.runWithProgress(`Sending UDP to ${h}:${p}`, signal =>
          udpSend(h, p, bytes, { ...o, wait: own ? 0 : wait, timeout: services.timeout, signal }),
        );
        const target = own ?? monitors.ownListener(r.address, r.port);
        const arrived = target ? await monitors.arrival(target, r.options.localPort) : undefined;
        const deliveredTo: OwnDelivery | undefined = target
          ? { listener: target.info.title, id: target.info.id, ...(arrived ? { datagram: arrived.seq } : {}) }
          : undefined;
        const result: UdpSendJson = { ...r, replies: r.replies.map(x => packetJson(x)), ...(deliveredTo ? { deliveredTo } : {}) };
        // The result goes to History and the log; the monitor where the datagram arrived stays in sight.
        services.show(udpSendView(result, [h, p, spec, o]), { panel: !target });
        if (target) monitors.showMonitor(target);
        return result;
      },
    ),

    registerCommand<[number, ListenUdpOptions], SocketSessionInfo>(services, 'netprobe.listenUdp', 'Listen on UDP Port', async (port, options) => {
      checkArgs(options, 'Listen on UDP Port');
      const text =
        port === undefined
          ? await ask('UDP port to listen on (0 for any free port)', '5000', v => (v.trim() === '0' ? undefined : portProblem(v)))
          : String(port);
      if (text === undefined) return undefined;
      const p = Number(text);
      let o = options ?? {};
      if (options === undefined && port === undefined) {
        const where = await vscode.window.showQuickPick(
          [
            { label: 'All addresses', description: 'IPv4 and IPv6 — other machines can send to it', value: undefined },
            { label: '127.0.0.1', description: 'this machine only (IPv4)', value: '127.0.0.1' },
            { label: '::1', description: 'this machine only (IPv6)', value: '::1' },
            ...interfaces()
              .filter(a => !a.internal)
              .map(a => ({ label: a.address, description: a.name, value: a.address })),
          ],
          { title: 'NetProbe: Listen on which address?' },
        );
        if (!where) return undefined;
        o = where.value ? { address: where.value } : {};
      }
      const sock = await openListener(p, { ...o, timeout: services.timeout });
      const eff = sock.effective();
      const where = formatHostPort(eff.localAddress, eff.localPort);
      const session = sessions.add(
        { kind: 'udp', title: `UDP ${where}`, warnings: [] },
        sock,
        { ...(o.count !== undefined ? { count: o.count } : {}), ...(o.duration !== undefined ? { duration: o.duration } : {}) },
        capacity(),
      );
      return monitors.adopt(session, o.showMonitor ?? true, { command: 'netprobe.listenUdp', args: [p, o] });
    }),

    registerCommand<[string, number, JoinMulticastOptions], SocketSessionInfo>(
      services,
      'netprobe.joinMulticast',
      'Join Multicast Group',
      async (group, port, options) => {
        checkArgs(options, 'Join Multicast Group');
        const g = group ?? (await askGroup());
        if (g === undefined) return undefined;
        const p = port ?? Number(await ask('UDP port', '5000', portProblem));
        if (!p) return undefined;
        let o = options ?? {};
        if (options === undefined && group === undefined) {
          const iface = await askInterface(parseMulticastGroup(g).family, 'join on');
          if (iface === undefined) return undefined;
          const source = await vscode.window.showInputBox({
            prompt: 'Source address for a source-specific join (leave empty for any source)',
            ignoreFocusOut: true,
          });
          if (source === undefined) return undefined;
          o = { ...(iface ? { iface } : {}), ...(source.trim() ? { source: source.trim() } : {}) };
        }
        const r = await openMulticastReceiver(g, p, { ...o, timeout: services.timeout });
        const on = r.iface ? ` on ${r.iface.name ?? r.iface.spec}` : '';
        const from = r.source ? ` from ${r.source}` : '';
        const session = sessions.add(
          { kind: 'multicast', title: `${formatHostPort(r.group.group, p)}${from}${on}`, group: r.group, warnings: r.warnings },
          r.socket,
          { ...(o.count !== undefined ? { count: o.count } : {}), ...(o.duration !== undefined ? { duration: o.duration } : {}) },
          capacity(),
        );
        return monitors.adopt(session, o.showMonitor ?? true, { command: 'netprobe.joinMulticast', args: [g, p, o] });
      },
    ),

    registerCommand<[string, number, PayloadArg, SendMulticastOptions], MulticastSendResult>(
      services,
      'netprobe.sendMulticast',
      'Send Multicast',
      async (group, port, payload, options) => {
        checkArgs(options, 'Send Multicast');
        const g = group ?? (await askGroup());
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
      },
    ),

    registerCommand<[unknown], StoppedSocket>(services, 'netprobe.stopSocket', 'Stop Socket', async arg => {
      const s = await monitors.pick(arg, 'Stop which socket?');
      if (!s) return undefined;
      const r = await s.stop();
      return { ...s.info, endedBy: r.endedBy, stats: s.monitor.stats(), packets: s.monitor.packets().map(p => packetJson(p)), kernelDrops: r.kernelDrops };
    }),

    registerCommand<[], number>(services, 'netprobe.stopAllSockets', 'Stop All Sockets', () => sessions.stopAll()),

    registerCommand<[unknown], SocketSessionInfo>(services, 'netprobe.showSocketMonitor', 'Show Socket Monitor', async arg => {
      const s = await monitors.pick(arg, 'Monitor which socket?');
      if (!s) return undefined;
      monitors.showMonitor(s);
      return s.info;
    }),

    // Test hook (not contributed): whether a socket's monitor is open and what it last rendered.
    vscode.commands.registerCommand('netprobe.internal.socketMonitorState', (id: string) => {
      const panel = panels.get(id);
      const r = panel?.lastRendered;
      return {
        open: panels.has(id),
        active: sessions.get(id)?.active ?? false,
        ...(panel ? { counters: panel.counters() } : {}),
        ...(r ? { rendered: { rows: r.id.rows, text: r.text } } : {}),
      };
    }),
    vscode.commands.registerCommand('netprobe.internal.openMonitorPacket', (id: string, seq: number) => panels.get(id)?.openPacket(seq)),
  ];
}
