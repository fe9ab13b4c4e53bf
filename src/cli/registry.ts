import { diagnoseCommand } from './commands/diagnose';
import { freeCommand } from './commands/free';
import { fqdnCommand, hostnameCommand } from './commands/hostname';
import { ifacesCommand } from './commands/ifaces';
import { portCommand } from './commands/port';
import { proxyTestCommand } from './commands/proxy-test';
import { resolveCommand } from './commands/resolve';
import { reverseCommand } from './commands/reverse';
import { scanCommand } from './commands/scan';
import { listenCommand } from './commands/listen';
import { cidrCommand } from './commands/cidr';
import { ipCommand } from './commands/ip';
import { macCommand } from './commands/mac';
import { orderCommand } from './commands/order';
import { dnsCommand } from './commands/dns';
import { axfrCommand } from './commands/axfr';
import { udpCommand } from './commands/udp';
import { mcastCommand } from './commands/mcast';
import { httpCommand } from './commands/http';
import { doctorCommand } from './commands/doctor';
import { ncCommand } from './commands/nc';
import type { CliCommand } from './types';

/** Every `netprobe` command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  hostnameCommand,
  fqdnCommand,
  resolveCommand,
  reverseCommand,
  dnsCommand,
  axfrCommand,
  portCommand,
  scanCommand,
  listenCommand,
  freeCommand,
  ifacesCommand,
  diagnoseCommand,
  doctorCommand,
  httpCommand,
  ncCommand,
  ipCommand,
  orderCommand,
  macCommand,
  cidrCommand,
  proxyTestCommand,
  udpCommand,
  mcastCommand,
];
