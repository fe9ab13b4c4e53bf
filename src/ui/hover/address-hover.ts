import * as vscode from 'vscode';
import { MAX_TOKEN_LENGTH, addressTokenAt } from '../../core/address/detect';
import { describeAddress } from '../../core/address/describe';
import { describeMac } from '../../core/address/mac';
import type { OuiVendor } from '../../core/address/oui';
import { OuiDatabase } from '../../core/address/oui';
import { reverse } from '../../core/resolve/reverse';
import type { Services } from '../services';
import type { HoverExtras } from './address-markdown';
import { HOVER_COMMANDS, hoverMarkdown } from './address-markdown';
import { ReverseCache } from './reverse-cache';

/** How long a hover waits for the OUI registry to load the first time (it is local; later lookups are instant). */
const VENDOR_WAIT_MS = 400;

/**
 * Hover on IPv4/IPv6/CIDR/MAC tokens in any file. Looks only at a bounded window of the hovered line, so
 * huge files and single-line megabyte files cost the same as small ones. No network traffic unless
 * `netprobe.hover.reverseLookup` is on, and then the lookup runs in the background and is cached.
 */
export class AddressHoverProvider implements vscode.HoverProvider {
  private readonly oui = new OuiDatabase();
  private readonly reverseCache: ReverseCache;
  private shown = false;

  constructor(private readonly services: Services) {
    this.reverseCache = new ReverseCache(async address => (await reverse(address, { timeout: services.timeout })).hostname);
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!this.services.settings.get('hover.enabled')) return undefined;
    const line = document.lineAt(position.line).text;
    const span = MAX_TOKEN_LENGTH + 8;
    const from = Math.max(0, position.character - span);
    const to = Math.min(line.length, position.character + span);
    const found = addressTokenAt(line.slice(from, to), position.character - from, from > 0, to < line.length);
    if (!found) return undefined;
    const extras: HoverExtras = {};
    if (found.kind === 'mac' && found.invalid === undefined) extras.vendor = await this.vendor(found.text);
    if ((found.kind === 'ipv4' || found.kind === 'ipv6') && found.invalid === undefined && this.services.settings.get('hover.reverseLookup')) {
      try {
        const a = describeAddress(found.text);
        extras.reverse = this.reverseCache.get(a.zone !== undefined ? `${a.canonical}%${a.zone}` : a.canonical);
      } catch {
        // not an address after all: no reverse line
      }
    }
    if (token.isCancellationRequested) return undefined;
    const md = hoverMarkdown(found, extras);
    if (md === undefined) return undefined;
    const content = new vscode.MarkdownString(md);
    content.isTrusted = { enabledCommands: HOVER_COMMANDS };
    const range = new vscode.Range(position.line, from + found.start, position.line, from + found.end);
    if (!this.shown) {
      this.shown = true;
      void vscode.commands.executeCommand('setContext', 'netprobe.hoverShown', true); // completes the walkthrough's hover step
    }
    return new vscode.Hover(content, range);
  }

  private async vendor(mac: string): Promise<OuiVendor | null | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>(resolve => {
      timer = setTimeout(() => resolve(undefined), VENDOR_WAIT_MS);
    });
    try {
      const hit = this.oui.lookup(describeMac(mac).bare).then(
        v => v ?? null,
        () => undefined,
      );
      return await Promise.race([hit, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
