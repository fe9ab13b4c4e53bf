import * as path from 'path';
import type * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { ClientCertificateRule } from '../../core/tls/client-cert';
import type { TlsOptions } from '../../core/tls/connect';
import { KeyLogFile } from '../../core/tls/keylog';
import type { ClientCertificateSetting, Settings } from '../settings';

const PASSPHRASE_PREFIX = 'netprobe.tls.passphrase:';

/** The SecretStorage key of a client certificate's passphrase: the certificate file's absolute path. */
export function passphraseKey(certFile: string): string {
  return `${PASSPHRASE_PREFIX}${path.resolve(certFile)}`;
}

/**
 * The editor's TLS extras for every TLS connection: client certificates from `netprobe.tls.clientCertificates`
 * (passphrases from SecretStorage) and the key log `netprobe.tls.keyLogFile` names, opened on first use and
 * reopened when the setting changes.
 */
export class EditorTlsExtras implements vscode.Disposable {
  private keylog: KeyLogFile | undefined;

  constructor(
    private readonly settings: Settings,
    private readonly secrets: vscode.SecretStorage,
    private readonly log?: vscode.LogOutputChannel,
  ) {}

  /** The client certificate entries from user settings. */
  certificates(): ClientCertificateSetting[] {
    return this.settings.get('tls.clientCertificates');
  }

  /** The key log file path when key logging is on. */
  keyLogPath(): string | undefined {
    const p = this.settings.get('tls.keyLogFile');
    return p === '' ? undefined : p;
  }

  /** `clientCertificates` and `keylog` to spread into a connection's TLS options. */
  async options(): Promise<Pick<TlsOptions, 'clientCertificates' | 'keylog'>> {
    const rules: ClientCertificateRule[] = await Promise.all(
      this.certificates().map(async c => {
        const passphrase = await this.secrets.get(passphraseKey(c.cert));
        return {
          host: c.host,
          cert: {
            certFile: c.cert,
            ...(c.key ? { keyFile: c.key } : {}),
            ...(c.type ? { type: c.type } : {}),
            ...(passphrase !== undefined ? { passphrase } : {}),
          },
        };
      }),
    );
    const keylog = this.keyLog();
    return { ...(rules.length ? { clientCertificates: rules } : {}), ...(keylog ? { keylog } : {}) };
  }

  /** Stores (or clears, with `undefined`) the passphrase of a certificate file. */
  async setPassphrase(certFile: string, passphrase: string | undefined): Promise<void> {
    if (passphrase === undefined || passphrase === '') await this.secrets.delete(passphraseKey(certFile));
    else await this.secrets.store(passphraseKey(certFile), passphrase);
  }

  private keyLog(): KeyLogFile | undefined {
    const file = this.keyLogPath();
    if (this.keylog && this.keylog.path !== file) {
      void this.keylog.close();
      this.keylog = undefined;
    }
    if (!file) return undefined;
    if (!this.keylog) {
      try {
        this.keylog = new KeyLogFile(file);
        this.log?.warn(`TLS session keys are appended to ${file} (netprobe.tls.keyLogFile): anyone who can read it can decrypt these sessions.`);
      } catch (e) {
        this.log?.error(errorMessage(e));
        throw e;
      }
    }
    return this.keylog;
  }

  dispose(): void {
    void this.keylog?.close();
    this.keylog = undefined;
  }
}
