import * as vscode from 'vscode';
import { NetProbeError } from '../../core/errors';
import { hostPortProblem, parseHostPort } from '../../core/address/host-port';
import type { ProxyTestResult } from '../../core/proxy/test-proxy';
import { testProxy } from '../../core/proxy/test-proxy';
import { noProxyMatch } from '../../core/proxy/no-proxy';
import { formatProxyHop, parseProxyUrl, proxyHops, takesPassword } from '../../core/proxy/url';
import { ask } from '../input';
import type { Services } from '../services';
import type { Views } from '../views';
import type { ProxyProfileStore } from '../proxy/profile-store';
import { DIRECT, FROM_ENVIRONMENT, isReservedName, proxyUrlProblem, splitPassword, suggestProfileName } from '../proxy/profile-url';
import type { ProxyProfile } from '../settings';
import type { EnvironmentNode, ProxyNode } from '../tree/proxies-tree';
import { environmentSummary } from '../tree/proxies-tree';
import { registerCommand } from './command';
import { proxyTestView } from './proxy-view';

function nameOf(arg: string | ProxyNode | EnvironmentNode | undefined): string | undefined {
  if (arg === undefined || typeof arg === 'string') return arg;
  return 'environment' in arg ? FROM_ENVIRONMENT : arg.profile.name;
}

async function pickProfile(profiles: ProxyProfileStore, placeHolder: string, withDirect: boolean, withEnvironment = true): Promise<string | undefined> {
  const def = profiles.defaultName();
  const env = withEnvironment ? profiles.fromEnvironment() : undefined;
  const items: Array<vscode.QuickPickItem & { value: string }> = [
    ...(withDirect ? [{ label: '$(globe) Direct', description: def ? '' : 'current', detail: 'No proxy: connect directly.', value: DIRECT }] : []),
    ...profiles.list().map(p => ({ label: `$(shield) ${p.name}`, description: p.name === def ? 'default' : '', detail: p.url, value: p.name })),
    ...(env?.config
      ? [
          {
            label: '$(cloud) From environment',
            description: def === FROM_ENVIRONMENT ? 'default' : 'never used unless chosen',
            detail: environmentSummary(env),
            value: FROM_ENVIRONMENT,
          },
        ]
      : []),
  ];
  if (!withDirect && items.length === 0) {
    void vscode.window.showInformationMessage('NetProbe: no proxy profiles yet. Use "NetProbe: Add Proxy…" first.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { placeHolder, ignoreFocusOut: true }))?.value;
}

/**
 * Asks for the password of a profile's proxy when none is stored for that exact proxy (a password stored
 * for another URL is never reused). False when the user cancelled.
 */
async function askMissingPassword(profiles: ProxyProfileStore, name: string): Promise<boolean> {
  const hop = await profiles.missingSecret(name);
  const profile = profiles.find(name);
  if (!hop || !profile) return true;
  const password = await vscode.window.showInputBox({
    prompt: `Password for ${formatProxyHop(hop)} (profile "${name}"; kept in VS Code secret storage for this proxy only)`,
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'leave empty for none',
  });
  if (password === undefined) return false;
  if (password !== '') await profiles.storeSecret(profile, password);
  return true;
}

/** Add/Remove/Test Proxy and Select Default Proxy (the Proxies view and the status-bar item are in `views.ts`). */
export function registerProxyCommands(services: Services, views: Views): vscode.Disposable[] {
  const profiles = services.proxies;
  const tree = views.proxies;
  const status = views.proxyStatus;
  return [
    registerCommand<[string, string, string], ProxyProfile>(services, 'netprobe.addProxy', 'Add proxy', async (nameArg, urlArg, passwordArg) => {
      // The URL first (what the proxy is), then its name, suggested from the URL.
      const urlText =
        urlArg ??
        (await services.prompts.input({
          title: 'Add Proxy (1/2)',
          prompt: 'Proxy URL: socks5h://, socks5://, socks4(a)://, http:// or https:// (a password typed here is moved to secret storage)',
          placeHolder: 'http://user@proxy.example:3128',
          validate: v => proxyUrlProblem(v),
        }));
      if (!urlText) return undefined;
      const { url, password: inUrl } = splitPassword(urlText);
      const reserved = `"${DIRECT}" and "${FROM_ENVIRONMENT}" are reserved (no proxy, and the proxy the environment names).`;
      const name =
        nameArg ??
        (await services.prompts.input({
          title: 'Add Proxy (2/2)',
          prompt: `Name of the profile for ${url} (an existing name is replaced)`,
          placeHolder: 'office-proxy',
          value: suggestProfileName(url, profiles.list()),
          validate: v => {
            const t = v.trim();
            if (t === '') return 'Enter a name.';
            return isReservedName(t) ? reserved : undefined;
          },
        }));
      if (!name) return undefined;
      if (isReservedName(name)) throw new NetProbeError('invalid-input', reserved);
      let password = passwordArg ?? inUrl;
      const needsPassword = proxyHops(parseProxyUrl(url)).some(h => h.username !== undefined && takesPassword(h.protocol));
      if (password === undefined && needsPassword && nameArg === undefined) {
        password = await vscode.window.showInputBox({
          prompt: `Password for ${url} (kept in VS Code secret storage, never in settings)`,
          password: true,
          ignoreFocusOut: true,
          placeHolder: 'leave empty for none',
        });
        if (password === undefined) return undefined;
      }
      const profile: ProxyProfile = { name: name.trim(), url };
      await profiles.save(profile, password);
      services.log.info(`Proxy profile "${profile.name}" saved: ${url}${password ? ' (password in secret storage)' : ''}`);
      tree.refresh();
      status.update();
      return profile;
    }),

    registerCommand<[string | ProxyNode], boolean>(services, 'netprobe.removeProxy', 'Remove proxy', async arg => {
      const name = nameOf(arg) ?? (await pickProfile(profiles, 'Proxy profile to remove', false, false));
      if (!name) return undefined;
      const removed = await profiles.remove(name);
      if (!removed) throw new NetProbeError('invalid-input', `No proxy profile named "${name}".`);
      tree.refresh();
      status.update();
      return true;
    }),

    registerCommand<[string | ProxyNode | EnvironmentNode], string>(services, 'netprobe.selectDefaultProxy', 'Select default proxy', async arg => {
      const name = nameOf(arg) ?? (await pickProfile(profiles, 'Default proxy for NetProbe connections', true));
      if (name === undefined) return undefined;
      const value = name.trim() === '' ? DIRECT : name.trim();
      if (value !== DIRECT && value !== FROM_ENVIRONMENT && !profiles.find(value)) {
        throw new NetProbeError('invalid-input', `No proxy profile named "${value}".`);
      }
      await profiles.setDefault(value === DIRECT ? undefined : value);
      status.update();
      tree.refresh();
      return value;
    }),

    registerCommand<[string | ProxyNode | EnvironmentNode, string], ProxyTestResult>(services, 'netprobe.testProxy', 'Test proxy', async (arg, targetArg) => {
      const chosen = nameOf(arg) ?? (await pickProfile(profiles, 'Proxy profile to test', false));
      if (!chosen) return undefined;
      const isUrl = chosen.includes('://');
      const isEnvironment = chosen.trim() === FROM_ENVIRONMENT;
      if (!isUrl && !isEnvironment && targetArg === undefined && !(await askMissingPassword(profiles, chosen))) return undefined;
      const proxy = isUrl ? parseProxyUrl(chosen) : await profiles.resolve(chosen);
      const targetText =
        targetArg ??
        (await ask('Target to reach through the proxy (HOST:PORT)', 'example.com:443', hostPortProblem, services.settings.get('proxy.testTarget')));
      if (!targetText) return undefined;
      const { host, port } = parseHostPort(targetText);
      const r = await services.runWithProgress(`Testing proxy ${isUrl ? '' : chosen} → ${targetText}`, signal =>
        testProxy(proxy, host, port, { timeout: services.timeout, signal }),
      );
      if (!isUrl) tree.setHealth(chosen, r);
      const env = isEnvironment ? profiles.fromEnvironment() : undefined;
      const bypass = env ? noProxyMatch(host, port, env.noProxy) : undefined;
      services.show(
        proxyTestView(
          r,
          isUrl ? undefined : chosen,
          env
            ? {
                source: env.source,
                noProxy: env.noProxy,
                ...(bypass !== undefined ? { bypass } : {}),
              }
            : undefined,
        ),
      );
      return r;
    }),
  ];
}
