import type * as vscode from 'vscode';

/** Where a setting may be set (package.json `scope`). `machine` and `application`: user settings only. */
export type SettingScope = 'application' | 'machine' | 'window' | 'resource';

/** One `netprobe.*` setting: its default, scope and how a configured value is read. */
export interface SettingSpec<T> {
  readonly default: T;
  readonly scope: SettingScope;
  /** The configured value made usable (clamped, trimmed), or undefined when it is not (then the default applies). */
  readonly parse: (value: unknown) => T | undefined;
  /** The name the setting had before; still declared (deprecated, same scope), its user-level value is migrated. */
  readonly renamedFrom?: string;
  /** A workspace that is not trusted may not set it (listed in `restrictedConfigurations`). */
  readonly restricted?: boolean;
  /** For the package.json check: the declared `minimum`/`maximum`. */
  readonly range?: { readonly min?: number; readonly max?: number };
  /** For the package.json check: the declared `enum`. */
  readonly values?: readonly string[];
}

/** One entry of `netprobe.tls.clientCertificates`. The passphrase is never here: it lives in SecretStorage. */
export interface ClientCertificateSetting {
  /** Server name the certificate is presented to: `api.example.com`, `*.example.com`, an address, or `*`. */
  host: string;
  /** PEM certificate (the key may be in it) or PKCS#12 bundle. */
  cert: string;
  /** PEM key, when not in `cert`. */
  key?: string;
  type?: 'pem' | 'p12';
}

/** One entry of `netprobe.proxies`. The password is never here: it lives in SecretStorage. */
export interface ProxyProfile {
  name: string;
  url: string;
}

interface Extra {
  renamedFrom?: string;
  restricted?: boolean;
}

function num(def: number, scope: SettingScope, range: { min?: number; max?: number } = {}, extra: Extra = {}): SettingSpec<number> {
  const parse = (v: unknown): number | undefined => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
    return Math.min(range.max ?? Infinity, Math.max(range.min ?? -Infinity, v));
  };
  return { default: def, scope, parse, range, ...extra };
}

function bool(def: boolean, scope: SettingScope, extra: Extra = {}): SettingSpec<boolean> {
  return { default: def, scope, parse: v => (typeof v === 'boolean' ? v : undefined), ...extra };
}

function str(def: string, scope: SettingScope, extra: Extra = {}): SettingSpec<string> {
  return { default: def, scope, parse: v => (typeof v === 'string' ? v.trim() : undefined), ...extra };
}

function oneOf<T extends string>(def: T, values: readonly T[], scope: SettingScope, extra: Extra = {}): SettingSpec<T> {
  return { default: def, scope, values, parse: v => values.find(x => x === v), ...extra };
}

function strings(scope: SettingScope, extra: Extra = {}): SettingSpec<string[]> {
  const parse = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map(s => s.trim()) : undefined);
  return { default: [], scope, parse, ...extra };
}

function clientCertificates(scope: SettingScope): SettingSpec<ClientCertificateSetting[]> {
  const parse = (v: unknown): ClientCertificateSetting[] | undefined =>
    !Array.isArray(v)
      ? undefined
      : v.flatMap((c: unknown): ClientCertificateSetting[] => {
          if (typeof c !== 'object' || c === null) return [];
          const { host, cert, key, type } = c as Record<string, unknown>;
          if (typeof host !== 'string' || typeof cert !== 'string' || host.trim() === '' || cert.trim() === '') return [];
          return [
            {
              host: host.trim(),
              cert: cert.trim(),
              ...(typeof key === 'string' && key.trim() !== '' ? { key: key.trim() } : {}),
              ...(type === 'pem' || type === 'p12' ? { type } : {}),
            },
          ];
        });
  return { default: [], scope, parse };
}

function profiles(scope: SettingScope): SettingSpec<ProxyProfile[]> {
  const parse = (v: unknown): ProxyProfile[] | undefined =>
    !Array.isArray(v)
      ? undefined
      : v.flatMap((p: unknown): ProxyProfile[] => {
          if (typeof p !== 'object' || p === null) return [];
          const { name, url } = p as Record<string, unknown>;
          return typeof name === 'string' && typeof url === 'string' && name.trim() !== '' ? [{ name: name.trim(), url: url.trim() }] : [];
        });
  return { default: [], scope, parse };
}

/**
 * Every `netprobe.*` setting (key without the prefix). package.json declares the same names, defaults and
 * scopes (a unit test compares them). Settings that choose where traffic or credentials go, or how much is
 * trusted, are `machine`-scoped: read from user settings only, whatever a workspace's settings.json says.
 */
export const SETTINGS = {
  timeout: num(5000, 'window', { min: 1, max: 2147483647 }),
  'http.followRedirects': num(0, 'window', { min: 0, max: 50 }, { restricted: true }),
  'http.insecure': bool(false, 'machine'),
  'http.caFile': str('', 'machine'),
  'http.addContentLength': bool(true, 'window'),
  'http.memoryBodyMB': num(8, 'window', { min: 1 }, { restricted: true }),
  'http.maxBodyMB': num(1024, 'window', { min: 1 }, { restricted: true }),
  'http.maxDecodedBodyMB': num(64, 'machine', { min: 1, max: 4096 }),
  'http.processEnvAllowList': strings('machine'),
  'session.lineEnding': oneOf<'crlf' | 'lf'>('crlf', ['crlf', 'lf'], 'window'),
  'session.noDelay': bool(true, 'window'),
  'session.keepAlive': bool(false, 'window'),
  'session.idleTimeout': num(0, 'window', { min: 0 }),
  'udp.replyWindow': num(1000, 'window', { min: 0 }),
  'udp.monitorCapacity': num(1000, 'window', { min: 10, max: 100000 }, { restricted: true }),
  'dns.defaultNameserver': str('', 'machine'),
  'dns.nameservers': strings('machine'),
  'dns.caFile': str('', 'machine'),
  'dns.ednsBufferSize': num(1232, 'window', { min: 512, max: 65535 }),
  'dns.batchConcurrency': num(100, 'window', { min: 1, max: 5000 }, { restricted: true }),
  targets: strings('window', { restricted: true }),
  'targetsView.checkInterval': num(0, 'machine', { min: 0 }, { renamedFrom: 'targetCheckInterval' }),
  'scan.defaultPorts': str('top1000', 'window'),
  'scan.concurrency': num(500, 'window', { min: 1, max: 20000 }, { restricted: true }),
  'scan.portTimeout': num(1000, 'window', { min: 1 }),
  'scan.retries': num(1, 'window', { min: 0, max: 10 }),
  'scan.banner': bool(false, 'window'),
  proxies: profiles('machine'),
  'proxy.default': str('', 'machine', { renamedFrom: 'defaultProxy' }),
  'proxy.testTarget': str('example.com:443', 'machine', { renamedFrom: 'proxyTestTarget' }),
  'tls.clientCertificates': clientCertificates('machine'),
  'tls.keyLogFile': str('', 'machine'),
  'history.maxEntries': num(100, 'window', { min: 0, max: 1000 }),
  'hover.enabled': bool(true, 'window'),
  'hover.reverseLookup': bool(false, 'machine'),
} satisfies Record<string, SettingSpec<unknown>>;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K] extends SettingSpec<infer T> ? T : never;

/** Read from user settings only: a workspace's value is ignored even if VS Code would pass it on. */
export function isUserOnly(spec: SettingSpec<unknown>): boolean {
  return spec.scope === 'machine' || spec.scope === 'application';
}

/** The settings a workspace that is not trusted may not set, with their old names (`restrictedConfigurations`). */
export function restrictedSettings(): string[] {
  return Object.entries(SETTINGS as Record<string, SettingSpec<unknown>>)
    .filter(([, spec]) => isUserOnly(spec) || spec.restricted === true)
    .flatMap(([key, spec]) => [key, ...(spec.renamedFrom ? [spec.renamedFrom] : [])])
    .map(key => `netprobe.${key}`);
}

/** What the settings module needs from `vscode.workspace` (a fake in unit tests). */
export interface ConfigurationSource {
  getConfiguration(section: string): Pick<vscode.WorkspaceConfiguration, 'get' | 'inspect' | 'update'>;
  readonly isTrusted: boolean;
  /**
   * The text of the workspace's settings files (`.vscode/settings.json`, the `.code-workspace` file). VS Code
   * drops machine-scoped values from them before `inspect()`, so only the files show that a workspace tried.
   */
  workspaceSettingsTexts?(): string[];
}

/** Whether a settings file's text sets `netprobe.<key>` (lines commented out with `//` do not count). */
export function textSets(text: string, key: string): boolean {
  const live = text
    .split(/\r?\n/)
    .filter(line => !/^\s*\/\//.test(line))
    .join('\n');
  return new RegExp(`"netprobe\\.${key.replace(/\./g, '\\.')}"\\s*:`).test(live);
}

/** A setting's values by where they were set (user level and workspace level; trusted workspaces only). */
export interface SettingLevels<T> {
  user?: T;
  workspace?: T;
}

/** Typed access to `netprobe.*`. Writes go to user settings. */
export class Settings {
  constructor(private readonly source: ConfigurationSource) {}

  private config(): Pick<vscode.WorkspaceConfiguration, 'get' | 'inspect' | 'update'> {
    return this.source.getConfiguration('netprobe');
  }

  /** The effective value: user-only settings from user settings (else the default), others as VS Code resolves them. */
  get<K extends SettingKey>(key: K): SettingValue<K> {
    const spec = SETTINGS[key] as SettingSpec<SettingValue<K>>;
    const userLevel = isUserOnly(spec) || (spec.restricted === true && !this.source.isTrusted);
    if (userLevel) return this.levels(key).user ?? spec.default;
    const config = this.config();
    const value = spec.parse(config.get(key));
    return value ?? spec.default;
  }

  /**
   * The value set in user settings (the old name's when the new one is unset) and, for settings a workspace
   * may set, the workspace's (only when the workspace is trusted). Workspace-folder values count as workspace.
   */
  levels<K extends SettingKey>(key: K): SettingLevels<SettingValue<K>> {
    const spec = SETTINGS[key] as SettingSpec<SettingValue<K>>;
    const config = this.config();
    const now = config.inspect(key);
    const old = spec.renamedFrom !== undefined ? config.inspect(spec.renamedFrom) : undefined;
    const parse = (v: unknown): SettingValue<K> | undefined => (v === undefined ? undefined : spec.parse(v));
    const user = parse(now?.globalValue) ?? parse(old?.globalValue);
    const mayWorkspace = !isUserOnly(spec) && (this.source.isTrusted || spec.restricted !== true);
    const workspace = mayWorkspace ? (parse(now?.workspaceFolderValue) ?? parse(now?.workspaceValue)) : undefined;
    return { ...(user !== undefined ? { user } : {}), ...(workspace !== undefined ? { workspace } : {}) };
  }

  /** Whether this workspace's settings try to set `key` (for showing that NetProbe ignores them). */
  setInWorkspace(key: SettingKey): boolean {
    const spec = SETTINGS[key] as SettingSpec<unknown>;
    const config = this.config();
    const texts = this.source.workspaceSettingsTexts?.() ?? [];
    return [key, ...(spec.renamedFrom !== undefined ? [spec.renamedFrom] : [])].some(k => {
      const i = config.inspect(k);
      return i?.workspaceValue !== undefined || i?.workspaceFolderValue !== undefined || texts.some(t => textSets(t, k));
    });
  }

  /** Writes `value` to user settings (`undefined` removes it). */
  async update<K extends SettingKey>(key: K, value: SettingValue<K> | undefined): Promise<void> {
    await this.config().update(key, value, true);
  }

  /** Whether a configuration change touches `key` (or its old name). */
  static affects(e: vscode.ConfigurationChangeEvent, ...keys: SettingKey[]): boolean {
    return keys.some(key => {
      const old = (SETTINGS[key] as SettingSpec<unknown>).renamedFrom;
      return e.affectsConfiguration(`netprobe.${key}`) || (old !== undefined && e.affectsConfiguration(`netprobe.${old}`));
    });
  }

  /**
   * Copies the user-level values of renamed settings to their new names (never workspace values: a repository
   * must not be able to write the user's settings). Leaves a new name already set alone. Returns what it copied.
   */
  async migrate(): Promise<Array<{ from: string; to: string }>> {
    const copied: Array<{ from: string; to: string }> = [];
    const config = this.config();
    for (const [key, spec] of Object.entries(SETTINGS as Record<string, SettingSpec<unknown>>)) {
      if (spec.renamedFrom === undefined) continue;
      const old = config.inspect(spec.renamedFrom)?.globalValue;
      if (old === undefined || spec.parse(old) === undefined || config.inspect(key)?.globalValue !== undefined) continue;
      await config.update(key, old, true);
      copied.push({ from: `netprobe.${spec.renamedFrom}`, to: `netprobe.${key}` });
    }
    return copied;
  }
}
