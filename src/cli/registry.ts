import type { CliCommand } from './types';

/** A command the CLI can run, loaded only when used (`--help` loads them all); each `import()` is its own chunk. */
export type CommandLoader = () => Promise<CliCommand>;

function lazy(load: CommandLoader): CommandLoader {
  let command: Promise<CliCommand> | undefined;
  return () => (command ??= load());
}

/** Every `netprobe` command, in the order `--help` lists them, keyed by name. */
export const COMMANDS: ReadonlyArray<readonly [name: string, load: CommandLoader]> = [
  ['hostname', lazy(async () => (await import('./commands/hostname')).hostnameCommand)],
  ['fqdn', lazy(async () => (await import('./commands/hostname')).fqdnCommand)],
  ['resolve', lazy(async () => (await import('./commands/resolve')).resolveCommand)],
  ['reverse', lazy(async () => (await import('./commands/reverse')).reverseCommand)],
  ['dns', lazy(async () => (await import('./commands/dns')).dnsCommand)],
  ['axfr', lazy(async () => (await import('./commands/axfr')).axfrCommand)],
  ['port', lazy(async () => (await import('./commands/port')).portCommand)],
  ['scan', lazy(async () => (await import('./commands/scan')).scanCommand)],
  ['listen', lazy(async () => (await import('./commands/listen')).listenCommand)],
  ['free', lazy(async () => (await import('./commands/free')).freeCommand)],
  ['ifaces', lazy(async () => (await import('./commands/ifaces')).ifacesCommand)],
  ['diagnose', lazy(async () => (await import('./commands/diagnose')).diagnoseCommand)],
  ['doctor', lazy(async () => (await import('./commands/doctor')).doctorCommand)],
  ['http', lazy(async () => (await import('./commands/http')).httpCommand)],
  ['nc', lazy(async () => (await import('./commands/nc')).ncCommand)],
  ['ws', lazy(async () => (await import('./commands/ws')).wsCommand)],
  ['ip', lazy(async () => (await import('./commands/ip')).ipCommand)],
  ['order', lazy(async () => (await import('./commands/order')).orderCommand)],
  ['mac', lazy(async () => (await import('./commands/mac')).macCommand)],
  ['cidr', lazy(async () => (await import('./commands/cidr')).cidrCommand)],
  ['proxy-test', lazy(async () => (await import('./commands/proxy-test')).proxyTestCommand)],
  ['udp', lazy(async () => (await import('./commands/udp')).udpCommand)],
  ['mcast', lazy(async () => (await import('./commands/mcast')).mcastCommand)],
];
