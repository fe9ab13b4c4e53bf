// Typed DOM helpers shared by every NetProbe webview. Text is always inserted as text nodes, never as HTML.

/** What an element can contain: nodes as they are, strings and numbers as text; null, undefined and false are skipped. */
export type Child = Node | string | number | null | undefined | false;

/** Attributes set with setAttribute (values are text); undefined leaves an attribute out. */
export type Attrs = Readonly<Record<string, string | undefined>>;

/** Appends children to a node, strings and numbers as text nodes. */
export function append(parent: Node, ...children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Creates an element with attributes and children: `el('td', { class: 'num' }, '42')`. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: readonly Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, v);
  append(e, ...children);
  return e;
}

/** A codicon, e.g. `icon('pass')` (extra classes after the name: `icon('loading codicon-modifier-spin')`). */
export function icon(name: string): HTMLSpanElement {
  return el('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/** A button with a codicon and a label (`cls`: '' for the primary look, 'secondary' for the quiet one). */
export function button(label: string, iconName: string, onClick: (e: MouseEvent) => void, cls = ''): HTMLButtonElement {
  const b = el('button', { class: cls, title: label }, icon(iconName), label);
  b.addEventListener('click', onClick);
  return b;
}

/** The element with this id, of the expected kind (undefined when absent). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T | undefined {
  return (document.getElementById(id) as T | null) ?? undefined;
}

/** The panel's root element (`<main id="app">` in the page shell). */
export function appRoot(): HTMLElement {
  const app = byId('app');
  if (!app) throw new Error('the page has no #app element');
  return app;
}
