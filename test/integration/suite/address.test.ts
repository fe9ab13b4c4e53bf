import * as assert from 'assert';
import * as vscode from 'vscode';
import type { AddressInfo } from '../../../src/core/address/describe';
import type { ByteOrderResult } from '../../../src/core/address/byte-order';
import type { CidrInfo } from '../../../src/core/address/cidr';
import type { MacInfo } from '../../../src/core/address/mac';
import type { OuiVendor } from '../../../src/core/address/oui';
import type { TransformEdit } from '../../../src/ui/commands/address-transform';
import { activateNetProbe } from './helpers';

const TEXT = [
  'client 192.168.1.1 port 22',
  'legacy 0127.0.0.1 and 0xc0.0.2.0173 and 0xc000027b',
  'v6 [fe80::0:1%lo]:80 and 2001:DB8:0:0:0:0:0:1',
  'net 10.20.0.0/16 mac 00-11-32-3C-C3-0B',
  'bad 10.0.0.256',
].join('\n');

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n');
}

async function hoverAt(doc: vscode.TextDocument, line: number, needle: string): Promise<string> {
  const character = doc.lineAt(line).text.indexOf(needle) + 1;
  assert.ok(character > 0, needle);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, character));
  return hoverText(hovers);
}

suite('Address workbench', () => {
  let doc: vscode.TextDocument;

  suiteSetup(async () => {
    await activateNetProbe();
    doc = await vscode.workspace.openTextDocument({ content: TEXT, language: 'plaintext' });
  });

  test('hover on IPv4 shows forms and command links', async () => {
    const md = await hoverAt(doc, 0, '192.168.1.1');
    assert.match(md, /\*\*IPv4\*\* `192\.168\.1\.1`/);
    assert.match(md, /`0xc0a80101`/);
    assert.match(md, /command:netprobe\.copyAddressAs/);
  });

  test('hover on legacy forms shows what inet_aton reads', async () => {
    assert.match(await hoverAt(doc, 1, '0127.0.0.1'), /`87\.0\.0\.1`[\s\S]*rejected/);
    assert.match(await hoverAt(doc, 1, '0xc0.0'), /`192\.0\.2\.123`/);
    assert.strictEqual(await hoverAt(doc, 1, '0xc000027b'), '', 'a lone hex number is a constant more often than an address');
  });

  test('hover on IPv6 with zone, CIDR, MAC and an invalid address', async () => {
    assert.match(await hoverAt(doc, 2, 'fe80'), /`fe80::1%lo`/);
    assert.match(await hoverAt(doc, 2, '2001:DB8'), /`2001:db8::1`[\s\S]*Documentation/);
    assert.match(await hoverAt(doc, 3, '10.20.0.0/16'), /Broadcast \| `10\.20\.255\.255`/);
    assert.match(await hoverAt(doc, 3, '00-11-32'), /Synology/);
    assert.match(await hoverAt(doc, 4, '10.0.0.256'), /Not a valid IPv4 address/);
  });

  test('no hover on plain words, and reverse DNS stays off by default', async () => {
    assert.strictEqual(await hoverAt(doc, 0, 'client'), '');
    assert.doesNotMatch(await hoverAt(doc, 0, '192.168.1.1'), /Reverse DNS/);
  });

  test('a 1 MB single-line document still hovers (bounded window)', async () => {
    const big = `${'x'.repeat(1_000_000)} 10.1.2.3 ${'y'.repeat(1000)}`;
    const d = await vscode.workspace.openTextDocument({ content: big, language: 'json' });
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', d.uri, new vscode.Position(0, 1_000_003));
    assert.match(hoverText(hovers), /`10\.1\.2\.3`/);
  });

  test('commands return their results', async () => {
    const a = await vscode.commands.executeCommand<AddressInfo>('netprobe.convertAddress', '127.1');
    assert.strictEqual(a.canonical, '127.0.0.1');
    assert.strictEqual(a.differs, true);
    const b = await vscode.commands.executeCommand<ByteOrderResult>('netprobe.byteOrder', 80, 16);
    assert.deepStrictEqual(b.networkBytes, ['00', '50']);
    const m = await vscode.commands.executeCommand<MacInfo & { vendor: OuiVendor | null }>('netprobe.macAddress', '0011.323c.c30b');
    assert.strictEqual(m.vendor?.name, 'Synology Incorporated');
    const c = await vscode.commands.executeCommand<CidrInfo & { contains?: { inside: boolean } }>('netprobe.subnetCalculator', '10.0.0.0/8', {
      contains: '10.9.9.9',
    });
    assert.strictEqual(c.hostCount, '16777214');
    assert.strictEqual(c.contains?.inside, true);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('netprobe.convertAddress', '10.0.0.256')), /more than 255/);
    const copied = await vscode.commands.executeCommand<string>('netprobe.copyAddressAs', '192.168.1.1', 'hex');
    assert.strictEqual(copied, '0xc0a80101');
    assert.strictEqual(await vscode.env.clipboard.readText(), '0xc0a80101');
  });

  test('transform commands rewrite every cursor and selection in one edit', async () => {
    const d = await vscode.workspace.openTextDocument({ content: 'a 127.1 b\nc 2001:DB8:0:0:0:0:0:1 d\ne 10.0.0.1 f 10.0.0.2\n', language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(d);
    editor.selections = [new vscode.Selection(0, 2, 0, 7), new vscode.Selection(1, 5, 1, 5), new vscode.Selection(2, 0, 2, 22)];
    const edits = await vscode.commands.executeCommand<TransformEdit[]>('netprobe.transformToCanonical');
    assert.strictEqual(edits.length, 2, JSON.stringify(edits));
    assert.strictEqual(d.getText(), 'a 127.0.0.1 b\nc 2001:db8::1 d\ne 10.0.0.1 f 10.0.0.2\n');
    editor.selections = [new vscode.Selection(2, 0, 2, 22), new vscode.Selection(1, 3, 1, 3)];
    await vscode.commands.executeCommand('netprobe.transformToInteger');
    assert.strictEqual(d.lineAt(2).text, 'e 167772161 f 167772162');
    assert.strictEqual(d.lineAt(1).text, 'c 42540766411282592856903984951653826561 d');
    editor.selections = [new vscode.Selection(1, 3, 1, 3)];
    await vscode.commands.executeCommand('netprobe.transformToHex');
    assert.strictEqual(d.lineAt(1).text, 'c 42540766411282592856903984951653826561 d', 'an integer is not detected as an address under a cursor');
    editor.selections = [new vscode.Selection(1, 2, 1, 40)];
    await vscode.commands.executeCommand('netprobe.transformToHex');
    assert.strictEqual(d.lineAt(1).text, 'c 0x20010db8000000000000000000000001 d');
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(d.lineAt(1).text, 'c 42540766411282592856903984951653826561 d');
  });

  test('expand and compress IPv6', async () => {
    const d = await vscode.workspace.openTextDocument({ content: 'x fe80::1%lo y 2001:db8::/32\n', language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(d);
    editor.selections = [new vscode.Selection(0, 0, 0, d.lineAt(0).text.length)];
    await vscode.commands.executeCommand('netprobe.transformExpandIpv6');
    assert.strictEqual(d.lineAt(0).text, 'x fe80:0000:0000:0000:0000:0000:0000:0001%lo y 2001:0db8:0000:0000:0000:0000:0000:0000/32');
    editor.selections = [new vscode.Selection(0, 0, 0, d.lineAt(0).text.length)];
    await vscode.commands.executeCommand('netprobe.transformCompressIpv6');
    assert.strictEqual(d.lineAt(0).text, 'x fe80::1%lo y 2001:db8::/32');
  });
});
