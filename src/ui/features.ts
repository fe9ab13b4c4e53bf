import * as vscode from 'vscode';
import { runCommand } from './commands/command';
import type { Services } from './services';
import type { Views } from './views';

/** Registers a feature's commands (and what they need) once, when one of them is first used. */
export type FeatureRegistrar = (services: Services, views: Views) => vscode.Disposable[];

interface FeatureEntry {
  /** Every command id the feature registers: each is a stub that loads the feature until then. */
  readonly commands: readonly string[];
  readonly load: () => Promise<FeatureRegistrar>;
}

/**
 * NetProbe's features that load on first use: each `import()` is a separate chunk of the bundle, so activation
 * loads none of them (views, hover and CodeLens are registered at activation: see `views.ts`).
 */
export const FEATURES = {
  address: {
    commands: [
      'netprobe.convertAddress',
      'netprobe.byteOrder',
      'netprobe.macAddress',
      'netprobe.subnetCalculator',
      'netprobe.copyAddressAs',
      'netprobe.transformToCanonical',
      'netprobe.transformToInteger',
      'netprobe.transformToHex',
      'netprobe.transformExpandIpv6',
      'netprobe.transformCompressIpv6',
    ],
    load: async () => (await import('./commands/address')).registerAddressCommands,
  },
  lookup: {
    commands: ['netprobe.resolve', 'netprobe.reverse', 'netprobe.showHostname'],
    load: async () => (await import('./commands/lookup')).registerLookupCommands,
  },
  dns: {
    commands: [
      'netprobe.dnsLookup',
      'netprobe.zoneTransfer',
      'netprobe.compareResolvers',
      'netprobe.resolveSelection',
      'netprobe.addNameserver',
      'netprobe.removeNameserver',
      'netprobe.setDefaultNameserver',
      'netprobe.lookupWithNameserver',
      'netprobe.internal.dnsPanel',
      'netprobe.internal.zonePanel',
    ],
    load: async () => (await import('./commands/dns')).registerDnsCommands,
  },
  ports: {
    commands: ['netprobe.checkPort', 'netprobe.isPortFree'],
    load: async () => (await import('./commands/ports')).registerPortCommands,
  },
  scan: {
    commands: ['netprobe.scanPorts', 'netprobe.showListeners', 'netprobe.stopListenerProcess', 'netprobe.internal.scanPanelState'],
    load: async () => (await import('./commands/scan')).registerScanCommands,
  },
  targets: {
    commands: [
      'netprobe.addTarget',
      'netprobe.removeTarget',
      'netprobe.checkTarget',
      'netprobe.checkAllTargets',
      'netprobe.scanTarget',
      'netprobe.diagnoseTarget',
      'netprobe.openTargetSession',
    ],
    load: async () => (await import('./commands/scan-targets')).registerTargetCommands,
  },
  diagnose: {
    commands: ['netprobe.diagnose'],
    load: async () => (await import('./commands/diagnose')).registerDiagnoseCommands,
  },
  doctor: {
    commands: ['netprobe.connectionDoctor'],
    load: async () => (await import('./commands/doctor')).registerDoctorCommands,
  },
  http: {
    commands: [
      'netprobe.sendRawRequest',
      'netprobe.sendAllRawRequests',
      'netprobe.httpRequest',
      'netprobe.newRawRequest',
      'netprobe.forgetProcessEnvConsent',
      'netprobe.rerunRawRequest',
      'netprobe.internal.showHttpTab',
      'netprobe.internal.httpPanelState',
      'netprobe.internal.httpPanelAction',
    ],
    load: async () => (await import('./commands/http')).registerHttpCommands,
  },
  session: {
    commands: ['netprobe.openRawSession'],
    load: async () => (await import('./commands/session')).registerSessionCommands,
  },
  websocket: {
    commands: ['netprobe.openWebSocketSession', 'netprobe.internal.websocketTerminalText'],
    load: async () => (await import('./commands/websocket')).registerWebSocketCommands,
  },
  proxy: {
    commands: ['netprobe.addProxy', 'netprobe.removeProxy', 'netprobe.selectDefaultProxy', 'netprobe.testProxy'],
    load: async () => (await import('./commands/proxy')).registerProxyCommands,
  },
  tls: {
    commands: ['netprobe.addClientCertificate', 'netprobe.removeClientCertificate'],
    load: async () => (await import('./commands/tls')).registerTlsCommands,
  },
  udp: {
    commands: [
      'netprobe.sendUdp',
      'netprobe.listenUdp',
      'netprobe.joinMulticast',
      'netprobe.sendMulticast',
      'netprobe.stopSocket',
      'netprobe.stopAllSockets',
      'netprobe.showSocketMonitor',
      'netprobe.internal.socketMonitorState',
      'netprobe.internal.openMonitorPacket',
    ],
    load: async () => (await import('./commands/udp')).registerUdpCommands,
  },
  cli: {
    commands: ['netprobe.installCli', 'netprobe.uninstallCli'],
    load: async () => (await import('./commands/install-cli')).registerInstallCliCommands,
  },
  walkthrough: {
    commands: ['netprobe.openWalkthrough', 'netprobe.openSampleLog'],
    load: async () => (await import('./commands/walkthrough')).registerWalkthroughCommands,
  },
} satisfies Record<string, FeatureEntry>;

export type FeatureName = keyof typeof FEATURES;

/**
 * Registers a stub for every feature command; the first call of one loads its feature (the chunk), replaces
 * the feature's stubs by its real commands and runs the call. Records how long each feature took to load.
 */
export class FeatureLoader implements vscode.Disposable {
  private readonly stubs = new Map<FeatureName, vscode.Disposable[]>();
  private readonly loading = new Map<FeatureName, Promise<void>>();
  private readonly registered: vscode.Disposable[] = [];
  /** Per feature: ms from the first call of one of its commands to its module loaded and its commands registered. */
  readonly loadMs = new Map<FeatureName, number>();
  /** The same in CPU time of the process (less disturbed by other work on the machine). */
  readonly loadCpuMs = new Map<FeatureName, number>();

  constructor(
    private readonly services: Services,
    private readonly views: Views,
  ) {
    for (const name of Object.keys(FEATURES) as FeatureName[]) {
      this.stubs.set(
        name,
        FEATURES[name].commands.map(id =>
          vscode.commands.registerCommand(id, async (...args: unknown[]) => {
            // A feature that cannot load is a failure like any other (reported once, to whoever started the call).
            const failed = await this.load(name).then(
              () => undefined,
              (e: unknown) => (e instanceof Error ? e : new Error(`The ${name} feature did not load: ${String(e)}`)),
            );
            if (failed)
              return runCommand(services, id, `Load the ${name} feature`, args, () => {
                throw failed;
              });
            return vscode.commands.executeCommand(id, ...args);
          }),
        ),
      );
    }
  }

  /** Loads a feature (once) and registers its commands in place of the stubs. */
  load(name: FeatureName): Promise<void> {
    let pending = this.loading.get(name);
    if (!pending) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      pending = FEATURES[name].load().then(register => {
        for (const stub of this.stubs.get(name) ?? []) stub.dispose();
        this.stubs.delete(name);
        this.registered.push(...register(this.services, this.views));
        this.loadMs.set(name, performance.now() - t0);
        const cpu = process.cpuUsage(cpu0);
        this.loadCpuMs.set(name, (cpu.user + cpu.system) / 1000);
      });
      pending.catch((e: unknown) => this.services.log.error(`Could not load the ${name} feature: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
      this.loading.set(name, pending);
    }
    return pending;
  }

  dispose(): void {
    for (const list of this.stubs.values()) for (const d of list) d.dispose();
    for (const d of this.registered) d.dispose();
  }
}
