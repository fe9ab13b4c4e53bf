import * as vscode from 'vscode';
import { NetProbeError } from '../../core/errors';
import { hostPortProblem, parseHostPort } from '../../core/address/host-port';
import type { ProxyTestResult } from '../../core/proxy/test-proxy';
import { testProxy } from '../../core/proxy/test-proxy';
import { parseProxyUrl, proxyHops } from '../../core/proxy/url';
import { ask } from '../input';
import { ProxyStatusBar } from '../proxy-status-bar';
import type { Services } from '../services';
import type { ProxyNode } from '../tree/proxies-tree';
import { ProxiesTreeProvider } from '../tree/proxies-tree';
import { registerCommand } from './command';
import type { ProxyProfile } from './proxy-profiles';
import {
  DIRECT, defaultProxyName, proxyUrlProblem, readProxyProfiles, removeProxyProfile, resolveProxyProfile, saveProxyProfile, splitPassword,
} from './proxy-profiles';
import { proxyTestView } from './proxy-view';

function nameOf(arg: string | ProxyNode | undefined): string | undefined {
  return typeof arg === 'string' ? arg : arg?.profile.name;
}

async function pickProfile(placeHolder: string, withDirect: boolean): Promise<string | undefined> {
  const def = defaultProxyName();
  const items: Array<vscode.QuickPickItem & { value: string }> = [
    ...(withDirect ? [{ label: '$(globe) Direct', description: def ? '' : 'current', detail: 'No proxy: connect directly.', value: DIRECT }] : []),
    ...readProxyProfiles().map(p => ({ label: `$(shield) ${p.name}`, description: p.name === def ? 'default' : '', detail: p.url, value: p.name })),
  ];
  if (!withDirect && items.length === 0) {
    void vscode.window.showInformationMessage('NetProbe: no proxy profiles yet. Use "NetProbe: Add Proxy…" first.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { placeHolder, ignoreFocusOut: true }))?.value;
}

/** Add/Remove/Test Proxy, Select Default Proxy, the Proxies view and the status-bar item. */
export function registerProxyCommands(services: Services): vscode.Disposable[] {
  const tree = new ProxiesTreeProvider();
  const status = new ProxyStatusBar();
  services.trees.set('netprobe.proxies', tree);
  return [
    tree,
    status,
    vscode.window.createTreeView('netprobe.proxies', { treeDataProvider: tree }),
    services.context.secrets.onDidChange(() => tree.refresh()),
    vscode.commands.registerCommand('netprobe.refreshProxies', () => tree.refresh()),

    registerCommand<[string, string, string], ProxyProfile>(services, 'netprobe.addProxy', 'Add proxy', async (nameArg, urlArg, passwordArg) => {
      const name = nameArg ?? await ask('Name of the proxy profile (an existing name is replaced)', 'office-socks', v => {
        const t = v.trim();
        if (t === '') return 'Enter a name.';
        return t === DIRECT ? `"${DIRECT}" is reserved for "no proxy".` : undefined;
      });
      if (!name) return undefined;
      if (name.trim() === DIRECT) throw new NetProbeError('invalid-input', `"${DIRECT}" is reserved for "no proxy".`);
      const urlText = urlArg ?? await ask('Proxy URL (a password typed here is moved to secret storage)', 'socks5h://user@proxy.example:1080', v => proxyUrlProblem(v));
      if (!urlText) return undefined;
      const { url, password: inUrl } = splitPassword(urlText);
      let password = passwordArg ?? inUrl;
      const needsPassword = proxyHops(parseProxyUrl(url)).some(h => h.username !== undefined && h.protocol.startsWith('socks5'));
      if (password === undefined && needsPassword && nameArg === undefined) {
        password = await vscode.window.showInputBox({
          prompt: `Password for ${url} (kept in VS Code secret storage, never in settings)`, password: true, ignoreFocusOut: true,
          placeHolder: 'leave empty for none',
        });
        if (password === undefined) return undefined;
      }
      const profile: ProxyProfile = { name: name.trim(), url };
      await saveProxyProfile(services, profile, password);
      services.log.info(`Proxy profile "${profile.name}" saved: ${url}${password ? ' (password in secret storage)' : ''}`);
      tree.refresh();
      status.update();
      return profile;
    }),

    registerCommand<[string | ProxyNode], boolean>(services, 'netprobe.removeProxy', 'Remove proxy', async arg => {
      const name = nameOf(arg) ?? await pickProfile('Proxy profile to remove', false);
      if (!name) return undefined;
      const removed = await removeProxyProfile(services, name);
      if (!removed) throw new NetProbeError('invalid-input', `No proxy profile named "${name}".`);
      tree.refresh();
      status.update();
      return true;
    }),

    registerCommand<[string | ProxyNode], string>(services, 'netprobe.selectDefaultProxy', 'Select default proxy', async arg => {
      const name = nameOf(arg) ?? await pickProfile('Default proxy for NetProbe connections', true);
      if (name === undefined) return undefined;
      const value = name.trim() === '' ? DIRECT : name.trim();
      if (value !== DIRECT && !readProxyProfiles().some(p => p.name === value)) {
        throw new NetProbeError('invalid-input', `No proxy profile named "${value}".`);
      }
      await vscode.workspace.getConfiguration('netprobe').update('defaultProxy', value === DIRECT ? '' : value, vscode.ConfigurationTarget.Global);
      status.update();
      tree.refresh();
      return value;
    }),

    registerCommand<[string | ProxyNode, string], ProxyTestResult>(services, 'netprobe.testProxy', 'Test proxy', async (arg, targetArg) => {
      const chosen = nameOf(arg) ?? await pickProfile('Proxy profile to test', false);
      if (!chosen) return undefined;
      const isUrl = chosen.includes('://');
      const proxy = isUrl ? parseProxyUrl(chosen) : await resolveProxyProfile(chosen, services);
      const targetText = targetArg ?? await ask('Target to reach through the proxy (HOST:PORT)', 'example.com:443', hostPortProblem,
        services.setting('proxyTestTarget', 'example.com:443'));
      if (!targetText) return undefined;
      const { host, port } = parseHostPort(targetText);
      const r = await services.runWithProgress(`Testing proxy ${isUrl ? '' : chosen} → ${targetText}`, signal =>
        testProxy(proxy, host, port, { timeout: services.timeout, signal }));
      if (!isUrl) tree.setHealth(chosen, r);
      services.show(proxyTestView(r, isUrl ? undefined : chosen));
      return r;
    }),
  ];
}
