// The scenes `npm run screenshots` photographs, run inside the real extension host (extensionTestsPath).
// Each scene sets NetProbe up against peers started here on loopback, logs `NETPROBE_SHOT <json>` (the driver,
// scripts/screenshots.js, sees the extension host's console), and waits until the driver wrote `<name>.done`.
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DnsResponse } from '../../src/core/dns/types';
import type { NetProbeApi } from '../../src/extension';
import { startDnsdist } from '../helpers/dnsdist';
import { startKnot } from '../helpers/knot';
import { startNginx } from '../helpers/nginx';
import { startWebSocketsEcho } from '../helpers/websockets';

/**
 * What the driver photographs: a CSS selector's box (optionally only its top `maxHeight` px), or the window;
 * after `waitFor` (a selector) is visible; in a window of `viewport` size (default 1000×640).
 */
interface Shot {
  name: string;
  selector?: string;
  maxHeight?: number;
  waitFor?: string;
  viewport?: { width: number; height: number };
}

const dir = process.env.NETPROBE_SHOTS_DIR ?? '';
/** The scenes to photograph (`node scripts/screenshots.js NAME…`); all when none is named. */
const only = (process.env.NETPROBE_SHOTS_ONLY ?? '').split(',').filter(Boolean);
const wanted = (name: string): boolean => only.length === 0 || only.includes(name);

async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 20000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

async function shoot(shot: Shot): Promise<void> {
  console.log(`NETPROBE_SHOT ${JSON.stringify(shot)}`);
  const done = path.join(dir, `${shot.name}.done`);
  await until(`the driver to photograph ${shot.name}`, () => (fs.existsSync(done) ? true : undefined), 60000);
}

const cmd = <T>(id: string, ...args: unknown[]): Promise<T> => Promise.resolve(vscode.commands.executeCommand<T>(id, ...args));

/** Only the editor area, nothing else open. */
async function editorOnly(): Promise<void> {
  await cmd('workbench.action.closeAllEditors');
  await cmd('workbench.action.closeSidebar');
  await cmd('workbench.action.closePanel');
  await cmd('workbench.action.closeAuxiliaryBar');
}

const DEMO_ZONE = `$ORIGIN netprobe.test.
$TTL 3600
@ SOA ns1 hostmaster 2026031401 7200 3600 1209600 300
@ NS ns1
ns1 A 127.0.0.1
@ A 192.0.2.80
@ TXT "v=spf1 ip4:192.0.2.0/24 include:_spf.mail.netprobe.test -all"
@ TXT "site-verification=4f9c2b71d0e8a6"
@ TXT "contact=ops@netprobe.test"
`;

/** Listening servers on a loopback address of its own; well-known ports where this user may bind them. */
async function demoServices(host: string): Promise<{ ports: number[]; closed: number[]; close: () => Promise<void> }> {
  const servers: net.Server[] = [];
  const sockets = new Set<net.Socket>();
  const banners: Record<number, string> = { 22: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n', 6379: '-NOAUTH Authentication required.\r\n' };
  const listen = (port: number): Promise<number | undefined> =>
    new Promise(resolve => {
      const s = net.createServer(c => {
        sockets.add(c);
        c.on('close', () => sockets.delete(c));
        c.on('error', () => undefined);
        const b = banners[(s.address() as net.AddressInfo).port];
        if (b) c.write(b);
      });
      s.once('error', () => resolve(undefined));
      s.listen(port, host, () => {
        servers.push(s);
        resolve((s.address() as net.AddressInfo).port);
      });
    });
  const ports: number[] = [];
  for (const p of [22, 80, 443, 5432, 6379, 8080]) ports.push((await listen(p)) ?? (await listen(0)) ?? 0);
  // Ports shown closed: bound and released here, so nothing (not even a wildcard listener) answers there.
  const closed: number[] = [];
  for (const p of [21, 25, 3306]) {
    const got = await listen(p);
    if (got === undefined) continue;
    const s = servers.pop();
    await new Promise<void>(r => s?.close(() => r()));
    closed.push(got);
  }
  return {
    ports,
    closed,
    close: async () => {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map(s => new Promise<void>(r => s.close(() => r()))));
    },
  };
}

/** Types `line` into the session's terminal and waits until its text matches `expect`. */
async function typeAndWait(terminal: vscode.Terminal, name: string, line: string, expect: RegExp): Promise<void> {
  terminal.sendText(line);
  await until(`"${line}" in the WebSocket terminal`, async () =>
    expect.test((await cmd<string | undefined>('netprobe.internal.websocketTerminalText', name)) ?? '') ? true : undefined,
  );
}

async function websocketScene(): Promise<void> {
  const echo = await startWebSocketsEcho();
  let terminal: vscode.Terminal | undefined;
  try {
    await editorOnly();
    const opened = await cmd<{ name: string }>('netprobe.openWebSocketSession', `${echo.url}chat`);
    terminal = vscode.window.terminals.find(t => t.creationOptions.name === opened.name);
    if (!terminal) throw new Error('the WebSocket terminal is not open');
    terminal.show();
    await cmd('workbench.action.toggleMaximizedPanel');
    await typeAndWait(terminal, opened.name, '/frames on', /Frame lines on/);
    await typeAndWait(terminal, opened.name, 'hello from NetProbe', /← hello from NetProbe/);
    await typeAndWait(terminal, opened.name, '/binary 00 01 02 ff', /← \[binary 4 B\]/);
    await typeAndWait(terminal, opened.name, '/ping are you there', /← pong are you there/);
    await typeAndWait(terminal, opened.name, '/close 1000 bye', /the server answered 1000/);
    await shoot({ name: 'websocket-session', selector: '.part.panel', viewport: { width: 1000, height: 900 } });
  } finally {
    terminal?.dispose();
    await echo.stop();
  }
}

export async function run(): Promise<void> {
  const api = await vscode.extensions.getExtension<NetProbeApi>('netprobe-dev.netprobe')?.activate();
  if (!api) throw new Error('NetProbe not found');
  await cmd('netprobe.internal.reportRendering', true); // the scenes wait for the panels' rendered reports
  // The request file lives in the workspace (a throw-away copy) so the editor's breadcrumbs show only its name.
  const work = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-shots-'));
  const knot = await startKnot({ zones: { 'netprobe.test': DEMO_ZONE } });
  const dnsdist = await startDnsdist({ backend: knot.server4 });
  const nginx = await startNginx();
  const host = `127.${20 + Math.floor(Math.random() * 200)}.${Math.floor(Math.random() * 250)}.1`;
  const services = await demoServices(host);
  try {
    // Walkthrough (for the record; not in the README).
    if (wanted('walkthrough')) {
      await editorOnly();
      await cmd('netprobe.openWalkthrough');
      await shoot({ name: 'walkthrough', viewport: { width: 1400, height: 900 } });
    }

    // DNS panel: TXT records of a name from the test's own nameserver.
    if (wanted('dns-panel')) {
      await editorOnly();
      const dns = await cmd<DnsResponse>('netprobe.dnsLookup', 'netprobe.test', 'TXT', knot.server4);
      const dnsPanel = await cmd<{ lastRendered?: { id: number } }>('netprobe.internal.dnsPanel');
      await until('the DNS panel', () => (dnsPanel.lastRendered?.id === dns.receivedAt ? true : undefined));
      await shoot({ name: 'dns-panel', selector: '.part.editor' });
    }

    // Scan panel: the services above, with banners.
    if (wanted('scan-panel')) {
      await editorOnly();
      await cmd('netprobe.scanPorts', host, [...services.ports, ...services.closed].join(','), { banner: true });
      await until('the scan panel', async () =>
        (await cmd<{ rendered?: { rows: number } }>('netprobe.internal.scanPanelState')).rendered?.rows ? true : undefined,
      );
      await shoot({ name: 'scan-panel', selector: '.part.editor' });
    }

    // HTTP panel, Timing tab: a request file sent over TLS to the test's nginx.
    if (wanted('http-timing')) {
      await editorOnly();
      await vscode.workspace.getConfiguration('netprobe').update('http.caFile', nginx.pki.caFile, vscode.ConfigurationTarget.Global);
      const file = path.join(work, 'api.rawhttp');
      fs.writeFileSync(
        file,
        `# @target localhost:${nginx.httpsPort} tls\nGET /hello.json HTTP/1.1\nHost: localhost\nAccept: application/json\nUser-Agent: netprobe\n`,
      );
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc);
      await cmd('netprobe.sendRawRequest', doc.uri, 0);
      await cmd('netprobe.internal.showHttpTab', 'timing');
      await shoot({ name: 'http-timing', selector: '.part.editor' });
      await vscode.workspace.getConfiguration('netprobe').update('http.caFile', undefined, vscode.ConfigurationTarget.Global);
    }

    // DNS panel over DNS-over-HTTPS: dnsdist's DoH front end (test CA) before the same knot: transport, TLS, phases.
    if (wanted('doh-panel')) {
      await editorOnly();
      const doh = await cmd<DnsResponse>('netprobe.dnsLookup', 'netprobe.test', 'A', dnsdist.doh, { caFile: dnsdist.pki.caFile });
      const dohPanel = await cmd<{ lastRendered?: { id: number } }>('netprobe.internal.dnsPanel');
      await until('the DNS panel (DoH)', () => (dohPanel.lastRendered?.id === doh.receivedAt ? true : undefined));
      await shoot({ name: 'doh-panel', selector: '.part.editor', viewport: { width: 1000, height: 900 } });
    }

    // HTTP panel, Wire tab: an HTTP/2 request (TLS, ALPN h2) to the test's nginx, its frames decoded.
    if (wanted('http2-wire')) {
      await editorOnly();
      await vscode.workspace.getConfiguration('netprobe').update('http.caFile', nginx.pki.caFile, vscode.ConfigurationTarget.Global);
      const h2 = path.join(work, 'h2.rawhttp');
      fs.writeFileSync(
        h2,
        `# @http2\n# @target localhost:${nginx.h2Port} tls\nGET /hello.json HTTP/1.1\nHost: localhost\nAccept: application/json\nUser-Agent: netprobe\n`,
      );
      const h2doc = await vscode.workspace.openTextDocument(vscode.Uri.file(h2));
      await vscode.window.showTextDocument(h2doc);
      await cmd('netprobe.sendRawRequest', h2doc.uri, 0);
      // The panel alone, as wide as the picture: the frame list needs the room more than the request file.
      const fileTab = vscode.window.tabGroups.all.flatMap(g => g.tabs).find(t => t.input instanceof vscode.TabInputText && t.input.uri.fsPath === h2);
      if (fileTab) await vscode.window.tabGroups.close(fileTab);
      await cmd('netprobe.internal.showHttpTab', 'wire');
      await shoot({ name: 'http2-wire', selector: '.part.editor', viewport: { width: 1000, height: 1160 } });
      await vscode.workspace.getConfiguration('netprobe').update('http.caFile', undefined, vscode.ConfigurationTarget.Global);
    }

    // Hover on an address in a log.
    if (wanted('hover')) {
      await editorOnly();
      await cmd('netprobe.openSampleLog');
      await cmd('editor.action.showHover');
      await shoot({ name: 'hover', selector: '.part.editor', maxHeight: 440, waitFor: '.monaco-hover' });
    }

    // Sidebar: the NetProbe views beside a result.
    if (wanted('sidebar')) {
      await editorOnly();
      await cmd('netprobe.resolve', 'localhost');
      await cmd('netprobe.checkPort', host, services.ports[0]);
      await cmd('netprobe.showInterfaces');
      await cmd('workbench.view.extension.netprobe');
      await shoot({ name: 'sidebar', viewport: { width: 1000, height: 720 } });
    }

    // The walkthrough again: the steps whose commands ran above are checked (completion events).
    if (wanted('walkthrough-progress')) {
      await editorOnly();
      await cmd('netprobe.openWalkthrough');
      await shoot({ name: 'walkthrough-progress', viewport: { width: 1400, height: 900 } });
    }

    // A WebSocket session against python3-websockets' echo server: upgrade, frame lines, text, binary, ping, close.
    // Last, so that its walkthrough step does not change the picture above.
    if (wanted('websocket-session')) await websocketScene();
  } finally {
    await cmd('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
    await services.close();
    await nginx.stop();
    await dnsdist.close();
    await knot.close();
    for (const f of ['api.rawhttp', 'h2.rawhttp']) fs.rmSync(path.join(work, f), { force: true });
  }
}
