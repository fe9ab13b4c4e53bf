import * as assert from 'assert';
import * as dgram from 'dgram';
import { once } from 'events';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ZoneTransferResult } from '../../../src/core/dns/axfr';
import type { DnsResponse } from '../../../src/core/dns/types';
import type { ScanResult } from '../../../src/core/scan/types';
import type { SendSummary } from '../../../src/ui/commands/http';
import type { ModalQuestion } from '../../../src/ui/modal';
import type { SocketSessionInfo } from '../../../src/ui/udp/udp-sessions';
import type { ResultView } from '../../../src/ui/results/view-model';
import type { HttpView } from '../../../src/ui/webviews/http/protocol';
import { ZONE_ROWS_PER_MESSAGE } from '../../../src/ui/webviews/zone/protocol';
import type { KnotServer } from '../../helpers/knot';
import { startKnot } from '../../helpers/knot';
import { activateNetProbe, until } from './helpers';

const ZONE_SIZE = 100_000;
const LONG_VALUE = `${'y'.repeat(250)}" "${'z'.repeat(250)}" "END-OF-LONG-VALUE`;

/** A zone of exactly ZONE_SIZE records (SOA, NS, the NS address, one long TXT and hosts of several types). */
function bigZone(): string {
  const lines = [
    '$ORIGIN big.test.',
    '$TTL 300',
    '@ SOA ns1 hostmaster 7 7200 3600 1209600 300',
    '@ NS ns1',
    'ns1 A 127.0.0.1',
    `longtext TXT "${LONG_VALUE}"`,
  ];
  for (let i = 0; lines.length - 2 < ZONE_SIZE; i++) {
    const kind = i % 4;
    lines.push(
      kind === 0
        ? `host${i} A 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`
        : kind === 1
          ? `host${i} AAAA 2001:db8::${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}`
          : kind === 2
            ? `host${i} TXT "record ${i}"`
            : `host${i} MX 10 mail${i}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function tcpServer(onConnection: (s: net.Socket) => void): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer(s => {
    s.on('error', () => undefined);
    onConnection(s);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise(r => server.close(() => r())) };
}

function netprobeColumns(): Array<vscode.ViewColumn> {
  return vscode.window.tabGroups.all.flatMap(g =>
    g.tabs.filter(t => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('netprobe.')).map(() => g.viewColumn),
  );
}

suite('History and the result panels', () => {
  let knot: KnotServer;
  let dir: string;

  suiteSetup(async function () {
    this.timeout(120_000);
    await activateNetProbe();
    knot = await startKnot({ zones: { 'big.test': bigZone() } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-int-history-'));
  });

  suiteTeardown(async () => {
    await knot?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a zone of 100,000 records: the panel shows it virtualised, rows come on demand, History keeps a sample within its budget', async function () {
    this.timeout(180_000);
    const api = await activateNetProbe();
    const panel = api.services.panels.zone;
    const before = { ...panel.traffic };
    const r = await vscode.commands.executeCommand<ZoneTransferResult>('netprobe.zoneTransfer', 'big.test', knot.server4);
    assert.strictEqual(r.recordCount, ZONE_SIZE + 1, 'every record, the SOA twice');
    const shown = await until(
      'the zone panel to render its first rows',
      () => {
        const l = panel.lastRendered;
        return l && l.id.listed === ZONE_SIZE + 1 && l.id.rows > 0 ? l : undefined;
      },
      60_000,
    );
    assert.ok(shown.id.rows < 200, `only the rows in sight are in the DOM (${shown.id.rows})`);
    assert.match(shown.text, /100,001 records in [\d,]+ messages/);
    assert.match(shown.text, /Copy as dig/);
    // Scroll to the end: the page asks for the rows in sight, never the whole zone.
    panel.revealRow(ZONE_SIZE - 10);
    const end = await until('the last rows to render', () => {
      const l = panel.lastRendered;
      return l && l.id.first >= ZONE_SIZE - 40 && l.id.rows > 0 ? l : undefined;
    });
    assert.match(end.text, /host\d+/);
    const sent = { messages: panel.traffic.messages - before.messages, rows: panel.traffic.rows - before.rows };
    assert.ok(panel.traffic.maxRows <= ZONE_ROWS_PER_MESSAGE, `at most ${ZONE_ROWS_PER_MESSAGE} rows per message (${panel.traffic.maxRows})`);
    assert.ok(sent.rows > 0 && sent.rows < 2_000, `rows were fetched on demand (${sent.rows} in ${sent.messages} messages)`);
    // A long value is cut in its row; the expander fetches it whole.
    panel.deliver({ type: 'query', query: { filter: 'longtext', type: '', sort: 'order', dir: 1 } });
    await until('the filter to list the long record', () => (panel.lastRendered?.id.listed === 1 && panel.lastRendered.id.rows === 1 ? true : undefined));
    assert.doesNotMatch(panel.lastRendered?.text ?? '', /END-OF-LONG-VALUE/, 'the row shows the beginning of the value');
    panel.revealRow(0, true);
    const open = await until('the expander to show the whole value', () => (panel.lastRendered?.id.expanded === 0 ? panel.lastRendered : undefined));
    assert.match(open.text, /END-OF-LONG-VALUE/);
    // History: a summary and a sample, within the budget.
    const usage = api.services.history.usage();
    assert.ok(usage.bytes <= usage.limits.totalBytes, `History holds ${usage.bytes} bytes`);
    assert.ok(usage.largestEntry <= usage.limits.entryBytes, `the largest entry is ${usage.largestEntry} bytes`);
    const entry = api.services.history.all().find(v => v.kind === 'axfr' && v.title.includes('big.test'));
    assert.ok(entry?.model?.panel === 'zone');
    const zoneId = entry.model.state.id;
    assert.strictEqual(entry.model.state.records.length, 200);
    assert.match(entry.partial ?? '', /200 records of 100,001 records/);
    await vscode.commands.executeCommand('netprobe.openHistoryItem', entry.id);
    const reopened = await until('the zone panel to show the History entry', () => {
      const l = panel.lastRendered;
      return l && l.id.id === zoneId && l.id.listed === 200 ? l : undefined;
    });
    assert.match(reopened.text, /From History/);
    assert.match(reopened.text, /Partial: History keeps 200 records/);
    assert.match(reopened.text, /Re-run for the rest/);
  });

  test('a reopened DNS item renders the DNS panel (flag badges, Copy as dig); back and forward move through recent lookups', async () => {
    const api = await activateNetProbe();
    const dns = api.services.panels.dns;
    const mx = await vscode.commands.executeCommand<DnsResponse>('netprobe.dnsLookup', 'example.test', 'MX', knot.server4);
    const entry = await until('the lookup in History', () =>
      api.services.history.all().find(v => v.model?.panel === 'dns' && v.model.state.response.id === mx.id),
    );
    const a = await vscode.commands.executeCommand<DnsResponse>('netprobe.dnsLookup', 'example.test', 'A', knot.server4);
    await until('the second lookup to render', () => (dns.lastRendered?.id === a.receivedAt ? true : undefined));
    // The page's Back and Forward buttons post these.
    dns.deliver({ type: 'nav', to: 'back' });
    const back = await until('back to the MX lookup', () => (dns.lastRendered?.id === mx.receivedAt ? dns.lastRendered : undefined));
    assert.match(back.text, /Back/);
    assert.match(back.text, /MX/);
    dns.deliver({ type: 'nav', to: 'forward' });
    await until('forward to the A lookup', () => (dns.lastRendered?.id === a.receivedAt ? true : undefined));

    await vscode.commands.executeCommand('netprobe.openHistoryItem', entry.id);
    const reopened = await until('the DNS panel to show the History entry', () => {
      const l = dns.lastRendered;
      return l?.id === mx.receivedAt && l.text.includes('From History') ? l : undefined;
    });
    assert.match(reopened.text, /NOERROR/);
    assert.match(reopened.text, /\bQR\b/i, 'flag badges');
    assert.match(reopened.text, /\bAA\b/i);
    assert.match(reopened.text, /Copy as dig/);
    assert.match(reopened.text, new RegExp(`dig @127\\.0\\.0\\.1 -p ${knot.port} example\\.test MX`));
    assert.match(reopened.text, /mail\.example\.test\./);
    assert.doesNotMatch(reopened.text, /Partial/, 'a small answer is kept whole');
    await vscode.env.clipboard.writeText('');
    dns.deliver({ type: 'copy', format: 'dig' });
    const copied = await until('Copy as dig', async () => {
      const t = await vscode.env.clipboard.readText();
      return t ? t : undefined;
    });
    assert.match(copied, new RegExp(`^dig @127\\.0\\.0\\.1 -p ${knot.port} example\\.test MX`));
  });

  test('a reopened scan item renders the scan panel', async () => {
    const api = await activateNetProbe();
    const a = await tcpServer(s => s.destroy());
    const b = await tcpServer(s => s.destroy());
    try {
      const r = await vscode.commands.executeCommand<ScanResult>('netprobe.scanPorts', '127.0.0.1', `${a.port},${b.port}`);
      assert.strictEqual(r.open.length, 2);
      const entry = await until('the scan in History', () =>
        api.services.history.all().find(v => v.model?.panel === 'scan' && v.model.state.start.spec === `${a.port},${b.port}`),
      );
      assert.ok(entry);
      await vscode.commands.executeCommand<ScanResult>('netprobe.scanPorts', '127.0.0.1', String(a.port));
      await until('the second scan to render', () =>
        api.services.panels.scan.snapshot?.start.spec === String(a.port) && api.services.panels.scan.lastRendered ? true : undefined,
      );
      await vscode.commands.executeCommand('netprobe.openHistoryItem', entry.id);
      const rendered = await until('the scan panel to show the History entry', async () => {
        const s = await vscode.commands.executeCommand<{ rendered?: { rows: number; text: string } }>('netprobe.internal.scanPanelState');
        return s.rendered?.text.includes('From History') ? s.rendered : undefined;
      });
      assert.strictEqual(rendered.rows, 2);
      assert.ok(rendered.text.includes(`${a.port}/tcp`) && rendered.text.includes(`${b.port}/tcp`));
      assert.match(rendered.text, /Copy as nmap command/);
      assert.match(rendered.text, /Export CSV/);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('Re-run of an HTTP item from History reads its request file again (the block found by its request line), with the credential History does not keep', async () => {
    const api = await activateNetProbe();
    const seen: Array<{ url: string; auth: string }> = [];
    const server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization ?? '' });
      res.end('ok');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as net.AddressInfo).port;
    try {
      const file = path.join(dir, 'rerun.rawhttp');
      fs.writeFileSync(
        file,
        `# @target 127.0.0.1:${port}\nGET /first HTTP/1.1\nHost: localhost\n\n###\n# @target 127.0.0.1:${port}\nGET /second HTTP/1.1\nHost: localhost\nAuthorization: Bearer TOPSECRET-42\n`,
      );
      const uri = vscode.Uri.file(file);
      const sent = await vscode.commands.executeCommand<SendSummary>('netprobe.sendRawRequest', uri, 1);
      assert.strictEqual(sent.status, 200);
      const entry = await until('the request in History', () => api.services.history.all().find(v => v.kind === 'http' && v.title.includes('/second')));
      assert.strictEqual(entry.rerun?.command, 'netprobe.rerunRawRequest');
      assert.doesNotMatch(JSON.stringify(entry), /TOPSECRET-42/, 'History keeps the credential redacted');
      // The file changes: a request is added above; the re-run finds /second by its request line.
      const doc = await vscode.workspace.openTextDocument(uri);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, new vscode.Position(0, 0), `# @target 127.0.0.1:${port}\nGET /zero HTTP/1.1\nHost: localhost\n\n###\n`);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await doc.save();
      await vscode.commands.executeCommand('netprobe.rerunHistoryItem', entry.id);
      const again = await until('the re-run to reach the server', () => (seen.filter(s => s.url === '/second').length === 2 ? seen : undefined));
      assert.deepStrictEqual(
        again.map(s => s.url),
        ['/second', '/second'],
      );
      assert.strictEqual(again[1]?.auth, 'Bearer TOPSECRET-42', 'the credential came from the file, not History');
      // Reopened, the item shows the HTTP panel with what History kept, and Re-run.
      await vscode.commands.executeCommand('netprobe.openHistoryItem', entry.id);
      const state = await until('the HTTP panel to show the History entry', async () => {
        const s = await vscode.commands.executeCommand<{ shown?: HttpView; lastRendered?: { text: string } }>('netprobe.internal.httpPanelState');
        return s.lastRendered?.text.includes('From History') ? s : undefined;
      });
      assert.match(state.lastRendered?.text ?? '', /200 OK/);
      assert.match(state.lastRendered?.text ?? '', /Re-run/);
      assert.doesNotMatch(state.lastRendered?.text ?? '', /Copy as curl/, 'no copy button without the bytes');
      const wire = await vscode.commands.executeCommand<{ text: string }>('netprobe.internal.showHttpTab', 'wire');
      assert.match(wire.text, /Authorization\s+Bearer <redacted>/);
      assert.match(wire.text, /History does not keep wire bytes/);
    } finally {
      await new Promise<void>(r => server.close(() => r()));
    }
  });

  test('Re-run of an HTTP item that reads {{$processEnv}} asks the same question as the CodeLens; History never holds the value', async () => {
    const api = await activateNetProbe();
    const secret = `np-history-secret-${process.pid}`;
    process.env.NETPROBE_HISTORY_SECRET = secret;
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(String(req.headers['x-token'] ?? ''));
      res.end('ok');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as net.AddressInfo).port;
    const modals = (answers?: Array<string | null>): Promise<ModalQuestion[]> =>
      Promise.resolve(vscode.commands.executeCommand<ModalQuestion[]>('netprobe.internal.modals', answers));
    const file = path.join(dir, 'env-rerun.rawhttp');
    fs.writeFileSync(file, `# @target 127.0.0.1:${port}\nGET /env HTTP/1.1\nHost: localhost\nX-Token: {{$processEnv NETPROBE_HISTORY_SECRET}}\n`);
    try {
      await modals(['Send']);
      assert.strictEqual((await vscode.commands.executeCommand<SendSummary>('netprobe.sendRawRequest', vscode.Uri.file(file), 0))?.status, 200);
      const entry = await until('the request in History', () => api.services.history.all().find(v => v.kind === 'http' && v.title.includes('/env')));
      assert.strictEqual(entry.rerun?.command, 'netprobe.rerunRawRequest', 'the request line as written keeps the re-run');
      assert.ok(!JSON.stringify(entry).includes(secret), 'History never holds the value');
      await vscode.commands.executeCommand('netprobe.forgetProcessEnvConsent');
      await modals([null]);
      await vscode.commands.executeCommand('netprobe.rerunHistoryItem', entry.id);
      const [asked] = await modals();
      assert.strictEqual(asked?.message, `Send the environment variable NETPROBE_HISTORY_SECRET to 127.0.0.1:${port}?`);
      assert.strictEqual(seen.length, 1, 'declined: the re-run sent nothing');
      await modals(['Send']);
      await vscode.commands.executeCommand('netprobe.rerunHistoryItem', entry.id);
      await until('the consented re-run to arrive', () => (seen.length === 2 ? true : undefined));
      assert.strictEqual(seen[1], secret, 'the value came from the environment again');
    } finally {
      await modals([]);
      await vscode.commands.executeCommand('netprobe.forgetProcessEnvConsent');
      await new Promise<void>(r => server.close(() => r()));
    }
  });

  test('a failed HTTP item is labelled with its URL and opens the HTTP panel with what was learned', async () => {
    const api = await activateNetProbe();
    const closed = await tcpServer(s => s.destroy());
    await closed.close();
    const url = `http://127.0.0.1:${closed.port}/gone`;
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('netprobe.httpRequest', url)), /refused/i);
    const entry = await until('the failure in History', () =>
      api.services.history.all().find(v => v.kind === 'http' && v.status === 'error' && v.title.includes(`127.0.0.1:${closed.port}/gone`)),
    );
    assert.deepStrictEqual(entry.rerun?.args.slice(0, 1), [url]);
    await vscode.commands.executeCommand('netprobe.openHistoryItem', entry.id);
    const state = await until('the HTTP panel to show the failure', async () => {
      const s = await vscode.commands.executeCommand<{ lastRendered?: { text: string } }>('netprobe.internal.httpPanelState');
      return s.lastRendered?.text.includes('From History') && s.lastRendered.text.includes(`127.0.0.1:${closed.port}/gone`) ? s.lastRendered : undefined;
    });
    assert.match(state.text, /refused/i);
  });

  test('Re-run from History and results of every kind open in one column', async () => {
    const api = await activateNetProbe();
    const open = await tcpServer(s => s.destroy());
    try {
      await vscode.commands.executeCommand('netprobe.dnsLookup', 'example.test', 'A', knot.server4);
      await vscode.commands.executeCommand('netprobe.resolve', '127.0.0.1');
      await vscode.commands.executeCommand('netprobe.scanPorts', '127.0.0.1', String(open.port));
      const before = vscode.window.tabGroups.all.length;
      const columns = new Set(netprobeColumns());
      assert.strictEqual(columns.size, 1, `NetProbe's panels share one column (${[...columns].join(', ')})`);
      const history = api.services.history.all();
      for (const kind of ['dns', 'resolve', 'scan']) {
        const item = history.find(v => v.kind === kind && v.rerun);
        assert.ok(item, `a ${kind} item with Re-run`);
        await vscode.commands.executeCommand('netprobe.rerunHistoryItem', item.id);
        await vscode.commands.executeCommand('netprobe.openHistoryItem', item.id);
      }
      await until('the panels to settle', () => (api.services.panels.scan.lastRendered ? true : undefined), 15000).catch((e: unknown) => {
        const p = api.services.panels;
        throw new Error(
          `${String(e)}: scan panel visible ${p.scan.isVisible}, shows ${JSON.stringify(p.scan.shownMeta)}; dns visible ${p.dns.isVisible}, results visible ${p.results.isVisible}; tabs ${JSON.stringify(vscode.window.tabGroups.all.map(g => g.tabs.map(t => [t.label, t.isActive])))}`,
        );
      });
      assert.strictEqual(vscode.window.tabGroups.all.length, before, 'no new editor column');
      assert.strictEqual(new Set(netprobeColumns()).size, 1);
    } finally {
      await open.close();
    }
  });

  test('raw sessions are kept as metadata only; a UDP listener has Re-run', async () => {
    const api = await activateNetProbe();
    const server = await tcpServer(s => s.end('hello-transcript\n'));
    try {
      await vscode.commands.executeCommand('netprobe.openRawSession', '127.0.0.1', server.port, false);
      // The peer said its line and closed its side; closing the terminal ends the session.
      const terminal = await until('the session terminal', () => vscode.window.terminals.find(x => x.name.includes(String(server.port))));
      terminal.dispose();
      const entry = await until('the session in History', () =>
        api.services.history.all().find(v => v.kind === 'rawSession' && v.title.includes(String(server.port))),
      );
      const data = entry.data as { bytesIn: number; firstClosedBy: string };
      assert.strictEqual(data.bytesIn, 'hello-transcript\n'.length);
      assert.strictEqual(data.firstClosedBy, 'remote');
      assert.doesNotMatch(JSON.stringify(entry), /hello-transcript/, 'never the transcript');
      assert.deepStrictEqual(entry.rerun?.args, ['127.0.0.1', server.port, false]);
    } finally {
      for (const t of vscode.window.terminals.filter(x => x.name.includes(String(server.port)))) t.dispose();
      await server.close();
    }
    const info = await vscode.commands.executeCommand<SocketSessionInfo>('netprobe.listenUdp', 0, { address: '127.0.0.1', count: 1, showMonitor: false });
    const sock = dgram.createSocket('udp4');
    try {
      sock.send('ping', info.localPort, '127.0.0.1');
      const listened = await until('the listener in History', () =>
        api.services.history.all().find((v: ResultView) => v.kind === 'udpListen' && v.title.includes(String(info.localPort))),
      );
      assert.strictEqual(listened.rerun?.command, 'netprobe.listenUdp');
      const again = await vscode.commands.executeCommand<SocketSessionInfo>('netprobe.rerunHistoryItem', listened.id);
      assert.ok(again.localPort > 0, 'Re-run listens again');
      await vscode.commands.executeCommand('netprobe.stopSocket', again.id);
    } finally {
      sock.close();
    }
  });
});
