import * as vscode from 'vscode';
import { NetProbeError } from '../../core/errors';
import { loadClientCertificate } from '../../core/tls/client-cert';
import { ask } from '../input';
import type { Services } from '../services';
import type { ClientCertificateSetting } from '../settings';
import { registerCommand } from './command';

function hostProblem(v: string): string | undefined {
  const t = v.trim();
  if (t === '') return 'Enter the server name the certificate is for (api.example.com, *.example.com, an address, or *).';
  return /^(\*|(\*\.)?[A-Za-z0-9._:[\]-]+)$/.test(t) ? undefined : 'Write a server name, *.domain, an address, or *.';
}

async function pickFile(title: string, filters: Record<string, string[]>): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({ title, canSelectMany: false, openLabel: 'Use', filters });
  return picked?.[0]?.fsPath;
}

/** Add/Remove Client Certificate: `netprobe.tls.clientCertificates` (user settings) and passphrases in SecretStorage. */
export function registerTlsCommands(services: Services): vscode.Disposable[] {
  const extras = services.tlsExtras;
  return [
    registerCommand<[string, string, string | undefined, string | undefined], ClientCertificateSetting>(
      services,
      'netprobe.addClientCertificate',
      'Add client certificate',
      async (hostArg, certArg, keyArg, passphraseArg) => {
        const host =
          hostArg ??
          (await ask('Server name to present the certificate to (an entry for the same name is replaced)', 'api.example.com, *.example.com or *', hostProblem));
        if (!host) return undefined;
        const problem = hostProblem(host);
        if (problem) throw new NetProbeError('invalid-input', problem);
        const cert = certArg ?? (await pickFile('Client certificate (PEM or PKCS#12)', { Certificates: ['pem', 'crt', 'cer', 'p12', 'pfx'], All: ['*'] }));
        if (!cert) return undefined;
        let key = keyArg;
        const interactive = hostArg === undefined;
        const keyless = (): boolean => {
          try {
            loadClientCertificate({ certFile: cert, passphrase: '' });
            return false;
          } catch (e) {
            return /holds no private key/.test(String(e));
          }
        };
        if (key === undefined && interactive && keyless()) {
          key = await pickFile('Private key of that certificate (PEM)', { Keys: ['pem', 'key'], All: ['*'] });
          if (!key) return undefined;
        }
        let passphrase = passphraseArg;
        if (passphrase === undefined && interactive) {
          passphrase = await vscode.window.showInputBox({
            prompt: 'Passphrase of the key or PKCS#12 bundle (kept in VS Code secret storage, never in settings)',
            password: true,
            ignoreFocusOut: true,
            placeHolder: 'leave empty for none',
          });
          if (passphrase === undefined) return undefined;
        }
        const entry: ClientCertificateSetting = { host: host.trim(), cert, ...(key ? { key } : {}) };
        loadClientCertificate({ certFile: cert, ...(key ? { keyFile: key } : {}), ...(passphrase ? { passphrase } : {}) });
        await extras.setPassphrase(cert, passphrase);
        const others = extras.certificates().filter(c => c.host.toLowerCase() !== entry.host.toLowerCase());
        await services.settings.update('tls.clientCertificates', [...others, entry]);
        services.log.info(`Client certificate ${cert} is presented to ${entry.host}${passphrase ? ' (passphrase in secret storage)' : ''}.`);
        return entry;
      },
    ),

    registerCommand<[string], boolean>(services, 'netprobe.removeClientCertificate', 'Remove client certificate', async hostArg => {
      const all = extras.certificates();
      const host =
        hostArg ??
        (
          await vscode.window.showQuickPick(
            all.map(c => ({ label: c.host, description: c.cert })),
            { placeHolder: 'Client certificate to remove' },
          )
        )?.label;
      if (!host) return undefined;
      const gone = all.find(c => c.host === host);
      if (!gone) throw new NetProbeError('invalid-input', `No client certificate for "${host}".`);
      const kept = all.filter(c => c !== gone);
      await services.settings.update('tls.clientCertificates', kept);
      if (!kept.some(c => c.cert === gone.cert)) await extras.setPassphrase(gone.cert, undefined);
      return true;
    }),
  ];
}
