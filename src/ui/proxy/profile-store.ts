import type * as vscode from 'vscode';
import { errorMessage, NetProbeError } from '../../core/errors';
import type { EnvironmentProxy, EnvironmentProxyInput } from '../../core/proxy/environment';
import { environmentProxy } from '../../core/proxy/environment';
import type { ProxyConfig, ProxyHop } from '../../core/proxy/types';
import { formatProxyHop, parseProxyUrl } from '../../core/proxy/url';
import type { ProxyProfile, Settings } from '../settings';
import { DIRECT, FROM_ENVIRONMENT, nameSecretKey, secretHop, secretKeyFor, withSecrets } from './profile-url';

/**
 * Proxy profiles (`netprobe.proxies`, user settings only) and their passwords in SecretStorage, each bound to
 * the proxy's identity (scheme, host, port, user).
 */
export class ProxyProfileStore {
  private migration: Promise<void> | undefined;

  /**
   * `environment` reads VS Code's `http.proxy`/`http.noProxy` (user level) and the extension host's environment,
   * for the "from environment" profile; without it there is none.
   */
  constructor(
    private readonly settings: Settings,
    private readonly secrets: vscode.SecretStorage,
    private readonly log?: vscode.LogOutputChannel,
    private readonly environment?: () => EnvironmentProxyInput,
  ) {}

  /** The proxy VS Code's `http.proxy` or the environment names (with NO_PROXY), offered as the "environment" profile; never applied unless chosen. */
  fromEnvironment(): EnvironmentProxy | undefined {
    return this.environment ? environmentProxy(this.environment()) : undefined;
  }

  /** The profiles from user settings (a workspace's `netprobe.proxies` is ignored). */
  list(): ProxyProfile[] {
    return this.settings.get('proxies');
  }

  find(name: string): ProxyProfile | undefined {
    return this.list().find(p => p.name === name.trim());
  }

  /** The default profile's name (`netprobe.proxy.default`), or undefined for direct connections. */
  defaultName(): string | undefined {
    const name = this.settings.get('proxy.default');
    return name === '' || name === DIRECT ? undefined : name;
  }

  /** Whether this workspace's settings try to set proxies or the default proxy (NetProbe ignores them). */
  workspaceTriesToSet(): boolean {
    return this.settings.setInWorkspace('proxies') || this.settings.setInWorkspace('proxy.default');
  }

  /**
   * The proxy of profile `name`, each hop that names a SOCKS5 user given the password stored for that exact
   * proxy. Throws `invalid-input` for an unknown name.
   */
  async resolve(name: string): Promise<ProxyConfig> {
    if (name.trim() === FROM_ENVIRONMENT) {
      const env = this.fromEnvironment();
      if (!env)
        throw new NetProbeError('invalid-input', "No proxy in the environment: neither VS Code's http.proxy nor HTTPS_PROXY, ALL_PROXY or HTTP_PROXY is set.");
      if (!env.config) throw new NetProbeError('invalid-input', `The proxy in ${env.source} cannot be used: ${env.problem ?? 'not a proxy URL'}`);
      return env.config;
    }
    const profile = this.find(name);
    if (!profile) {
      const known = this.list().map(p => p.name);
      throw new NetProbeError(
        'invalid-input',
        `No proxy profile named "${name}"${known.length ? ` (profiles: ${known.join(', ')})` : ''}; add one with NetProbe: Add Proxy….`,
      );
    }
    await this.ready();
    return withSecrets(parseProxyUrl(profile.url), async hop => {
      const password = await this.secrets.get(secretKeyFor(hop));
      if (password === undefined)
        this.log?.warn(
          `No password stored for ${formatProxyHop(hop)} (profile "${profile.name}"): connecting without one. Test Proxy or Add Proxy asks for it.`,
        );
      return password;
    });
  }

  /**
   * The proxy a command should use: `arg` may be a profile name, `environment`, a `socks…://` or `http…://` URL,
   * `direct` or `''` (no proxy); when absent, the default profile applies. A URL never receives a stored password.
   */
  async forCommand(arg?: string): Promise<ProxyConfig | undefined> {
    const text = arg?.trim();
    if (text === '' || text === DIRECT) return undefined;
    if (text === undefined) {
      const name = this.defaultName();
      return name ? this.resolve(name) : undefined;
    }
    return text.includes('://') ? parseProxyUrl(text) : this.resolve(text);
  }

  /** The hop of profile `name` whose password is missing from secret storage, if any. */
  async missingSecret(name: string): Promise<ProxyHop | undefined> {
    const hop = secretHop(this.find(name)?.url ?? '');
    if (!hop) return undefined;
    await this.ready();
    return (await this.secrets.get(secretKeyFor(hop))) === undefined ? hop : undefined;
  }

  /** Stores the password of the proxy `profile` names (no-op for a profile without a SOCKS5 user). */
  async storeSecret(profile: ProxyProfile, password: string): Promise<void> {
    const hop = secretHop(profile.url);
    if (hop) await this.secrets.store(secretKeyFor(hop), password);
  }

  /**
   * Adds or replaces a profile in user settings and stores its password under the proxy's identity. Without a
   * password, a password already stored for that same proxy stays (another profile may use it).
   */
  async save(profile: ProxyProfile, password: string | undefined): Promise<void> {
    await this.ready();
    const others = this.list().filter(p => p.name !== profile.name);
    await this.settings.update('proxies', [...others, profile]);
    if (password !== undefined && password !== '') await this.storeSecret(profile, password);
  }

  /** Removes a profile (and its password unless another profile uses the same proxy); a default pointing at it falls back to direct. */
  async remove(name: string): Promise<boolean> {
    const all = this.list();
    const gone = all.find(p => p.name === name);
    if (!gone) return false;
    await this.ready();
    const kept = all.filter(p => p.name !== name);
    await this.settings.update('proxies', kept);
    const hop = secretHop(gone.url);
    if (
      hop &&
      !kept.some(p => {
        const h = secretHop(p.url);
        return h !== undefined && secretKeyFor(h) === secretKeyFor(hop);
      })
    ) {
      await this.secrets.delete(secretKeyFor(hop));
    }
    if (this.defaultName() === name) await this.setDefault(undefined);
    return true;
  }

  /** Sets `netprobe.proxy.default` in user settings (undefined: direct). */
  async setDefault(name: string | undefined): Promise<void> {
    if (name !== undefined && name.trim() === FROM_ENVIRONMENT && !this.fromEnvironment()?.config) {
      throw new NetProbeError('invalid-input', 'No usable proxy in the environment (http.proxy, HTTPS_PROXY, ALL_PROXY, HTTP_PROXY) to make the default.');
    }
    await this.settings.update('proxy.default', name ?? '');
  }

  /** Moves passwords stored by profile name (before 0.2) to the identity of the user-level profile of that name, once. */
  ready(): Promise<void> {
    this.migration ??= this.migrateNameKeyedSecrets().catch((e: unknown) => {
      this.log?.warn(`Proxy passwords: could not migrate stored passwords: ${errorMessage(e)}`);
    });
    return this.migration;
  }

  private async migrateNameKeyedSecrets(): Promise<void> {
    for (const profile of this.list()) {
      const old = await this.secrets.get(nameSecretKey(profile.name));
      if (old === undefined) continue;
      const hop = secretHop(profile.url);
      if (hop && (await this.secrets.get(secretKeyFor(hop))) === undefined) {
        await this.secrets.store(secretKeyFor(hop), old);
        this.log?.info(`Proxy password of profile "${profile.name}" now belongs to ${formatProxyHop(hop)} only.`);
      }
      await this.secrets.delete(nameSecretKey(profile.name));
    }
  }
}
