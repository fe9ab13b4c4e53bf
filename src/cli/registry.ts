import { diagnoseCommand } from './commands/diagnose';
import { freeCommand } from './commands/free';
import { fqdnCommand, hostnameCommand } from './commands/hostname';
import { ifacesCommand } from './commands/ifaces';
import { portCommand } from './commands/port';
import { resolveCommand } from './commands/resolve';
import { reverseCommand } from './commands/reverse';
import type { CliCommand } from './types';

/** Every `netprobe` command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  hostnameCommand,
  fqdnCommand,
  resolveCommand,
  reverseCommand,
  portCommand,
  freeCommand,
  ifacesCommand,
  diagnoseCommand,
];
