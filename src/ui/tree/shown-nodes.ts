/**
 * The elements NetProbe's tree views handed to VS Code. A view's context menu calls its command with the
 * element itself, so a command whose first argument is one of these was started by the user from a view.
 */
const shown = new WeakSet<object>();

/** Marks tree elements as shown (call on what `getChildren` returns). */
export function shownNodes<T extends object>(nodes: T[]): T[] {
  for (const n of nodes) shown.add(n);
  return nodes;
}

/** Whether `v` is an element a tree view showed. */
export function isShownNode(v: unknown): boolean {
  return typeof v === 'object' && v !== null && shown.has(v);
}
