import type * as vscode from 'vscode';
import type { DoctorReport } from '../../core/doctor/types';
import { connectionDoctor, parseDoctorTarget } from '../../core/doctor/doctor';
import { problemOf } from '../../core/errors';
import { askRemembered } from '../input';
import type { Services } from '../services';
import { registerCommand } from './command';
import { doctorView } from './doctor-view';

function inputProblem(text: string): string | undefined {
  const problem = problemOf(() => parseDoctorTarget(text));
  return problem && `${problem} Enter a URL (https://host/path) or HOST:PORT.`;
}

/** NetProbe: Connection Doctor… */
export function registerDoctorCommands(services: Services): vscode.Disposable[] {
  return [
    registerCommand<[string, { tls?: boolean; insecure?: boolean; proxy?: string }], DoctorReport>(
      services,
      'netprobe.connectionDoctor',
      'Connection doctor',
      async (inputArg, options = {}) => {
        const input =
          inputArg ??
          (await askRemembered(services, 'netprobe.connectionDoctor', {
            prompt: 'URL or HOST:PORT to examine',
            placeHolder: 'https://localhost:8443/ or localhost:5432',
            validate: inputProblem,
          }));
        if (!input) return undefined;
        const proxy = await services.proxies.forCommand(options.proxy);
        const caFile = services.settings.get('http.caFile');
        const insecure = options.insecure ?? services.settings.get('http.insecure');
        const extras = await services.tlsExtras.options();
        const r = await services.runWithProgress(`Examining ${input}`, signal =>
          connectionDoctor(input, {
            timeout: services.timeout,
            signal,
            ...(options.tls !== undefined ? { tls: options.tls } : {}),
            ...(proxy ? { proxy } : {}),
            tlsOptions: { ...(insecure ? { insecure } : {}), ...(caFile ? { caFile } : {}), ...extras },
          }),
        );
        services.show(doctorView(r));
        return r;
      },
    ),
  ];
}
