// Where a command call came from, as its last argument (no vscode here: the hover's Markdown builds it too).

/** An entry point the user clicks that passes arguments: a link, CodeLens, tree item, panel button or notification button. */
export type EntryPoint = 'link' | 'codelens' | 'tree' | 'panel' | 'notification' | 'history';

/** The marker such an entry point appends to a command's arguments (JSON, so it survives a `command:` link). */
export interface StartedBy {
  netprobeStartedBy: EntryPoint;
}

/** The marker for `from`. */
export function startedBy(from: EntryPoint): StartedBy {
  return { netprobeStartedBy: from };
}

/** `args` for a command the user starts from `from` (its failure is reported, never thrown back to VS Code). */
export function userArgs(from: EntryPoint, args: readonly unknown[]): unknown[] {
  return [...args, startedBy(from)];
}

function isStartedBy(v: unknown): v is StartedBy {
  return typeof v === 'object' && v !== null && typeof (v as { netprobeStartedBy?: unknown }).netprobeStartedBy === 'string';
}

/** A call's arguments without the marker, and the entry point it named. */
export function splitEntryPoint(args: readonly unknown[]): { args: unknown[]; from?: EntryPoint } {
  const last = args[args.length - 1];
  if (!isStartedBy(last)) return { args: [...args] };
  let rest = args.slice(0, -1);
  // A link may pad missing arguments with null (JSON has no undefined).
  rest = rest.map(a => (a === null ? undefined : a));
  while (rest.length && rest[rest.length - 1] === undefined) rest = rest.slice(0, -1);
  return { args: rest, from: last.netprobeStartedBy };
}
