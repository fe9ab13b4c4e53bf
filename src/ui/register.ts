import type * as vscode from 'vscode';
import { registerWebviewCommands } from './webviews/register';
import { registerAddressCommands } from './commands/address';
import { registerDiagnoseCommands } from './commands/diagnose';
import { registerLookupCommands } from './commands/lookup';
import { registerPortCommands } from './commands/ports';
import { registerProxyCommands } from './commands/proxy';
import { registerSidebar } from './commands/sidebar';
import { registerScanCommands } from './commands/scan';
import { registerTargetsView } from './commands/scan-targets';
import { registerDnsCommands } from './commands/dns';
import { registerUdpCommands } from './commands/udp';
import { registerHttpCommands } from './commands/http';
import { registerSessionCommands } from './commands/session';
import { registerDoctorCommands } from './commands/doctor';
import { registerInstallCliCommands } from './commands/install-cli';
import { registerWalkthrough } from './commands/walkthrough';
import type { Services } from './services';

/** Every feature's registrar; each returns the disposables it created. */
const REGISTRARS: Array<(services: Services) => vscode.Disposable[]> = [
  services => registerWebviewCommands(services.webviews),
  registerSidebar,
  registerLookupCommands,
  registerDnsCommands,
  registerPortCommands,
  registerScanCommands,
  registerTargetsView,
  registerDiagnoseCommands,
  registerDoctorCommands,
  registerHttpCommands,
  registerSessionCommands,
  registerAddressCommands,
  registerProxyCommands,
  registerUdpCommands,
  registerInstallCliCommands,
  registerWalkthrough,
];

/** Registers every command, view and provider of NetProbe. */
export function registerAll(services: Services): vscode.Disposable[] {
  return REGISTRARS.flatMap(register => register(services));
}
