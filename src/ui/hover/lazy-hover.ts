import type * as vscode from 'vscode';
import type { Services } from '../services';

/**
 * The address hover, registered at activation for every document; its code (address parsing, special ranges,
 * MAC vendors) loads on the first hover, a few milliseconds inside the editor's own hover delay.
 */
export class LazyAddressHover implements vscode.HoverProvider {
  private provider: Promise<vscode.HoverProvider> | undefined;

  constructor(private readonly services: Services) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!this.services.settings.get('hover.enabled')) return undefined;
    this.provider ??= import('./address-hover').then(m => new m.AddressHoverProvider(this.services));
    const hover = await (await this.provider).provideHover(document, position, token);
    return hover ?? undefined;
  }
}
