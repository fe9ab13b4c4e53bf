import * as assert from 'assert';
import * as dgram from 'dgram';
import { once } from 'events';
import * as fs from 'fs';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { SocketSessionInfo } from '../../../src/ui/udp/udp-sessions';
import type { LayoutReport } from '../../../src/ui/webviews/protocol';
import type { KnotServer } from '../../helpers/knot';
import { startKnot } from '../../helpers/knot';
import { makeTestPki } from '../../helpers/nginx';
import { harness } from './harness';
import { activateNetProbe, until } from './helpers';

/** Where the zone transfer is shown. */
const ZONE_VIEW = 'netprobe.zone';
/** NETPROBE_LAYOUT_SHOTS=DIR: the sweep saves a screenshot of every panel at every width there. */
const SHOTS = process.env.NETPROBE_LAYOUT_SHOTS;
const WIDTHS = [400, 700, 1400];

/** 255 characters of base64-like text (no spaces, no dots: wraps only at the string's edges or anywhere). */
function chunk(seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let x = seed;
  let s = '';
  while (s.length < 255) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += alphabet[(x >>> 12) % 64];
  }
  return s;
}

const LAYOUT_ZONE = `$ORIGIN layout.test.
$TTL 3600
@ SOA ns1 hostmaster 2026010101 7200 3600 1209600 300
@ NS ns1
ns1 A 127.0.0.1
@ TXT ${Array.from({ length: 8 }, (_, i) => `"${chunk(i + 1)}"`).join(' ')}
@ TXT "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.mail.layout.test include:_spf.partner.example.test -all"
selector1._domainkey TXT "v=DKIM1; k=rsa; p=${chunk(99).slice(0, 200)}"
_sip._udp SRV 10 60 5060 sip
_sip._udp SRV 20 40 5060 sip-backup.a-rather-long-subdomain-label.layout.test.
sip A 192.0.2.50
a-rather-long-host-name-for-the-layout-check.with.several.deeply.nested.labels A 192.0.2.7
`;

const cmd = <T>(id: string, ...args: unknown[]): Promise<T> => Promise.resolve(vscode.commands.executeCommand<T>(id, ...args));

/** Only the editor area: no editors, side bar, panel or secondary side bar. */
async function editorOnly(): Promise<void> {
  await cmd('workbench.action.closeAllEditors');
  await cmd('workbench.action.closeSidebar');
  await cmd('workbench.action.closePanel');
  await cmd('workbench.action.closeAuxiliaryBar');
}

/** The layout of the panel of `viewType` in sight, once it is `width` px wide (±6) when a width is given. */
async function layoutOf(viewType: string, width?: number): Promise<LayoutReport> {
  return until(`the ${viewType} panel${width ? ` at ${width} px` : ''}`, async () => {
    const l = await cmd<LayoutReport>('netprobe.internal.panelLayout', viewType).catch(() => undefined);
    return l && (width === undefined || Math.abs(l.viewportWidth - width) <= 6) ? l : undefined;
  });
}

/** Moves the panel into the first editor group, alone in the editor area. */
async function alone(viewType: string): Promise<void> {
  await cmd('netprobe.internal.movePanel', viewType, vscode.ViewColumn.One);
  await cmd('workbench.action.editorLayoutSingle');
}

/** The widths of the columns named `label` in every table of `l`, in characters. */
function columnChars(l: LayoutReport, label: RegExp): number[] {
  return l.tables.flatMap(t => t.columns.filter(c => label.test(c.label)).map(c => c.chars));
}

/** No page-level horizontal scroll; every Data column at least 20 characters wide. */
function assertFits(l: LayoutReport, what: string): void {
  assert.ok(
    l.pageScrollWidth <= l.viewportWidth + 1,
    `${what}: the page scrolls sideways (${l.pageScrollWidth} px of content in a ${l.viewportWidth} px view)`,
  );
  for (const chars of columnChars(l, /^Data\b/))
    assert.ok(chars >= 20, `${what}: the Data column is ${chars} characters wide (${JSON.stringify(l.tables.map(t => t.columns))})`);
}

suite('Tables that fit', () => {
  let knot: KnotServer;

  suiteSetup(async () => {
    await activateNetProbe();
    knot = await startKnot({ zones: { 'layout.test': LAYOUT_ZONE } });
  });

  suiteTeardown(async () => {
    await harness({ viewport: { width: 1400, height: 900 } }).catch(() => undefined);
    await cmd('workbench.action.closeAllEditors');
    await knot?.close();
  });

  test('the DNS and zone-transfer panels side by side (~420 px each) and alone (~860 px) have no page-level horizontal scroll and a Data column of at least 20 characters', async function () {
    this.timeout(90000);
    await editorOnly();
    await cmd('netprobe.dnsLookup', 'layout.test', 'TXT', knot.server4);
    await cmd('netprobe.zoneTransfer', 'layout.test', knot.server4);
    await alone('netprobe.dns');
    const editorWidth = (await layoutOf('netprobe.dns')).viewportWidth;
    assert.ok(editorWidth > 1000, `the editor area is ${editorWidth} px wide`);
    const sizes = (...px: number[]): Array<{ size: number }> => [...px, editorWidth - px.reduce((a, b) => a + b, 0)].map(p => ({ size: p / editorWidth }));

    await cmd('vscode.setEditorLayout', { orientation: 0, groups: sizes(420, 420) });
    await cmd('netprobe.internal.movePanel', 'netprobe.dns', vscode.ViewColumn.One);
    await cmd('netprobe.internal.movePanel', ZONE_VIEW, vscode.ViewColumn.Two);
    for (const view of ['netprobe.dns', ZONE_VIEW]) {
      const l = await layoutOf(view, 420);
      assertFits(l, `${view} side by side`);
      assert.ok(columnChars(l, /^Data\b/).length > 0, `${view} shows a Data column`);
    }

    await alone(ZONE_VIEW);
    await alone('netprobe.dns');
    await cmd('vscode.setEditorLayout', { orientation: 0, groups: sizes(860) });
    for (const view of ['netprobe.dns', ZONE_VIEW]) {
      await cmd('netprobe.internal.movePanel', view, vscode.ViewColumn.One);
      assertFits(await layoutOf(view, 860), `${view} alone`);
    }
  });

  test('every panel at 400, 700 and 1400 px: no page-level horizontal scroll, no time or size cell wraps; tables fit at 700 px and more (DNS and zone tables at 400 too)', async function () {
    this.timeout(300000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-layout-'));
    const pki = makeTestPki(dir);
    const long = (n: number): string => Array.from({ length: n }, (_, i) => `part${i}=${chunk(i).slice(0, 24)}`).join('; ');
    const web = https
      .createServer({ cert: fs.readFileSync(pki.server.cert), key: fs.readFileSync(pki.server.key) }, (_req, res) => {
        res.setHeader('Set-Cookie', `session=${chunk(7)}; Path=/; Secure; HttpOnly; SameSite=Strict`);
        res.setHeader(
          'Content-Security-Policy',
          `default-src 'self'; script-src 'self' https://cdn.layout.test https://static.layout.test/assets/js/; ${long(6)}`,
        );
        res.setHeader('Link', '<https://static.layout.test/assets/css/application-4f9c2b71d0e8a6.css>; rel=preload; as=style');
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ token: chunk(3), items: Array.from({ length: 5 }, (_, i) => ({ id: i, name: `item-${i}.layout.test` })) }, null, 2));
      })
      .listen(0, '127.0.0.1');
    const banner = net
      .createServer(c => {
        c.on('error', () => undefined);
        c.end(`SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3 ${chunk(5).slice(0, 120)}\r\n`);
      })
      .listen(0, '127.0.0.1');
    const plain = net.createServer(c => c.destroy()).listen(0, '127.0.0.1');
    await Promise.all([once(web, 'listening'), once(banner, 'listening'), once(plain, 'listening')]);
    const port = (s: net.Server): number => (s.address() as net.AddressInfo).port;
    const closed = net.createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const closedPort = port(closed);
    closed.close();
    const file = path.join(dir, 'layout.rawhttp');
    fs.writeFileSync(
      file,
      `# @target localhost:${port(web)} tls\n# @insecure\nGET /a/rather/long/path/with/several/segments?query=${chunk(2).slice(0, 60)} HTTP/1.1\nHost: localhost\nAccept: application/json\n`,
    );
    let udp: SocketSessionInfo | undefined;
    const scenes: Array<{ name: string; view: string; open: () => Promise<unknown> }> = [
      { name: 'dns-txt', view: 'netprobe.dns', open: () => cmd('netprobe.dnsLookup', 'layout.test', 'TXT', knot.server4) },
      { name: 'dns-srv', view: 'netprobe.dns', open: () => cmd('netprobe.dnsLookup', '_sip._udp.layout.test', 'SRV', knot.server4) },
      { name: 'zone-transfer', view: ZONE_VIEW, open: () => cmd('netprobe.zoneTransfer', 'layout.test', knot.server4) },
      { name: 'diagnose', view: 'netprobe.results', open: () => cmd('netprobe.diagnose', '127.0.0.1', closedPort) },
      { name: 'doctor', view: 'netprobe.results', open: () => cmd('netprobe.connectionDoctor', `https://localhost:${port(web)}/doctor`, { insecure: true }) },
      {
        name: 'resolve-selection',
        view: 'netprobe.results',
        open: () =>
          cmd(
            'netprobe.resolveSelection',
            'layout.test\na-rather-long-host-name-for-the-layout-check.with.several.deeply.nested.labels.layout.test\nnope.layout.test',
            knot.server4,
          ),
      },
      { name: 'http-response', view: 'netprobe.http', open: () => cmd('netprobe.sendRawRequest', vscode.Uri.file(file), 0) },
      { name: 'http-wire', view: 'netprobe.http', open: () => cmd('netprobe.internal.showHttpTab', 'wire') },
      { name: 'http-timing', view: 'netprobe.http', open: () => cmd('netprobe.internal.showHttpTab', 'timing') },
      { name: 'http-tls', view: 'netprobe.http', open: () => cmd('netprobe.internal.showHttpTab', 'tls') },
      {
        name: 'scan',
        view: 'netprobe.scan',
        open: () => cmd('netprobe.scanPorts', '127.0.0.1', `${port(banner)},${port(plain)},${closedPort}`, { banner: true }),
      },
      {
        name: 'udp-monitor',
        view: 'netprobe.udpMonitor',
        open: async () => {
          udp = await cmd<SocketSessionInfo>('netprobe.listenUdp', 0, { address: '127.0.0.1' });
          const s = dgram.createSocket('udp4');
          for (const payload of [
            Buffer.from(`GET ${chunk(4)} from a-rather-long-sender.layout.test`),
            Buffer.from([0, 1, 2, 0xff, ...Buffer.from(chunk(6))]),
          ]) {
            await new Promise<void>((resolve, reject) => s.send(payload, udp?.localPort ?? 0, '127.0.0.1', e => (e ? reject(e) : resolve())));
          }
          s.close();
          await until(
            'the monitor to show the datagrams',
            async () => ((await cmd<{ rendered?: { rows: number } }>('netprobe.internal.socketMonitorState', udp?.id)).rendered?.rows ?? 0) >= 2 || undefined,
          );
        },
      },
    ];
    const problems: string[] = [];
    try {
      await editorOnly();
      let chrome: number | undefined;
      for (const scene of scenes) {
        if (!scene.name.startsWith('http-') || scene.name === 'http-response') await editorOnly();
        await scene.open();
        await alone(scene.view);
        chrome ??= 1400 - (await layoutOf(scene.view)).viewportWidth;
        for (const width of WIDTHS) {
          await harness({ viewport: { width: width + chrome, height: 900 } });
          const l = await layoutOf(scene.view, width);
          const what = `${scene.name} at ${width} px`;
          if (l.pageScrollWidth > l.viewportWidth + 1) problems.push(`${what}: the page scrolls sideways (${l.pageScrollWidth} px in ${l.viewportWidth} px)`);
          for (const chars of columnChars(l, /^Data\b/)) if (chars < 20) problems.push(`${what}: a Data column of ${chars} characters`);
          if (l.wrappedQuantities.length) problems.push(`${what}: ${l.wrappedQuantities.join(', ')} wrapped`);
          if (width >= 700 || /^(dns|zone)/.test(scene.name))
            for (const t of l.tables)
              if (t.scrollWidth > t.boxWidth + 1) problems.push(`${what}: table "${t.label}" scrolls (${t.scrollWidth} px in ${t.boxWidth} px)`);
          if (SHOTS) {
            await harness({ shot: path.join(SHOTS, `${scene.name}-${width}.png`), selector: '.part.editor' });
            fs.writeFileSync(path.join(SHOTS, `${scene.name}-${width}.json`), JSON.stringify(l, null, 1));
          }
        }
        await harness({ viewport: { width: 1400, height: 900 } });
      }
      if (SHOTS) {
        // The sidebar at 900 px high, History filled by the scenes above (issue 16 rule 9).
        await cmd('workbench.action.closeAllEditors');
        await cmd('workbench.view.extension.netprobe');
        await harness({ shot: path.join(SHOTS, 'sidebar-900.png'), selector: '.part.sidebar' });
      }
    } finally {
      if (udp) await cmd('netprobe.stopSocket', udp.id).catch(() => undefined); // closing its monitor may have stopped it
      web.close();
      banner.close();
      plain.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.deepStrictEqual(problems, []);
  });
});
