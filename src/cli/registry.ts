/* eslint-disable @typescript-eslint/no-require-imports -- commands load on demand, so one CLI run initialises only its own modules */
import type { CliCommand } from './types';

/** A command the CLI can run, loaded only when used (`--help` loads them all). */
export type CommandLoader = () => CliCommand;

function lazy(load: CommandLoader): CommandLoader {
  let command: CliCommand | undefined;
  return () => (command ??= load());
}

/** Every `netprobe` command, in the order `--help` lists them, keyed by name. */
export const COMMANDS: ReadonlyArray<readonly [name: string, load: CommandLoader]> = [
  ['hostname', lazy(() => (require('./commands/hostname') as Record<string, CliCommand>).hostnameCommand)],
  ['fqdn', lazy(() => (require('./commands/hostname') as Record<string, CliCommand>).fqdnCommand)],
  ['resolve', lazy(() => (require('./commands/resolve') as Record<string, CliCommand>).resolveCommand)],
  ['reverse', lazy(() => (require('./commands/reverse') as Record<string, CliCommand>).reverseCommand)],
  ['dns', lazy(() => (require('./commands/dns') as Record<string, CliCommand>).dnsCommand)],
  ['axfr', lazy(() => (require('./commands/axfr') as Record<string, CliCommand>).axfrCommand)],
  ['port', lazy(() => (require('./commands/port') as Record<string, CliCommand>).portCommand)],
  ['scan', lazy(() => (require('./commands/scan') as Record<string, CliCommand>).scanCommand)],
  ['listen', lazy(() => (require('./commands/listen') as Record<string, CliCommand>).listenCommand)],
  ['free', lazy(() => (require('./commands/free') as Record<string, CliCommand>).freeCommand)],
  ['ifaces', lazy(() => (require('./commands/ifaces') as Record<string, CliCommand>).ifacesCommand)],
  ['diagnose', lazy(() => (require('./commands/diagnose') as Record<string, CliCommand>).diagnoseCommand)],
  ['doctor', lazy(() => (require('./commands/doctor') as Record<string, CliCommand>).doctorCommand)],
  ['http', lazy(() => (require('./commands/http') as Record<string, CliCommand>).httpCommand)],
  ['nc', lazy(() => (require('./commands/nc') as Record<string, CliCommand>).ncCommand)],
  ['ws', lazy(() => (require('./commands/ws') as Record<string, CliCommand>).wsCommand)],
  ['ip', lazy(() => (require('./commands/ip') as Record<string, CliCommand>).ipCommand)],
  ['order', lazy(() => (require('./commands/order') as Record<string, CliCommand>).orderCommand)],
  ['mac', lazy(() => (require('./commands/mac') as Record<string, CliCommand>).macCommand)],
  ['cidr', lazy(() => (require('./commands/cidr') as Record<string, CliCommand>).cidrCommand)],
  ['proxy-test', lazy(() => (require('./commands/proxy-test') as Record<string, CliCommand>).proxyTestCommand)],
  ['udp', lazy(() => (require('./commands/udp') as Record<string, CliCommand>).udpCommand)],
  ['mcast', lazy(() => (require('./commands/mcast') as Record<string, CliCommand>).mcastCommand)],
];
