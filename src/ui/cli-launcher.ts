import * as fs from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { NetProbeError } from '../core/errors';

// The `netprobe` launcher that "NetProbe: Install 'netprobe' Command in PATH" writes (no vscode import: unit-tested).

/** First line after the shebang of a launcher this extension wrote (Uninstall removes only such a file). */
const MARKER = '# netprobe launcher written by the NetProbe VS Code extension';

export interface CliInstallOptions {
  /** Folder to put `netprobe` in (default: the first user-writable folder on PATH, else ~/.local/bin). */
  dir?: string;
}

export interface CliInstallResult {
  /** The launcher written (or removed). */
  path: string;
  /** Whether its folder is on PATH, so `netprobe` runs as a bare command. */
  onPath: boolean;
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A POSIX sh launcher for the bundled CLI. It runs the CLI with the runtime this extension host runs on (VS Code's
 * own Node, or Electron as Node), so the machine needs no Node install; if VS Code moved (an update), `node` from
 * PATH. If the extension was updated, the newest installed version beside the old one is used.
 */
export function launcher(cli: string, runtime: string): string {
  return `#!/bin/sh
${MARKER} ("NetProbe: Install 'netprobe' Command in PATH").
cli=${quote(cli)}
runtime=${quote(runtime)}
# Only shell builtins below: it works with any PATH.
newer() { # is version $1 newer than version $2 (dotted numbers)?
  a=$1 b=$2
  while [ -n "$a$b" ]; do
    x=\${a%%.*} y=\${b%%.*}
    [ "\${x:-0}" -gt "\${y:-0}" ] 2>/dev/null && return 0
    [ "\${x:-0}" -lt "\${y:-0}" ] 2>/dev/null && return 1
    case $a in *.*) a=\${a#*.} ;; *) a= ;; esac
    case $b in *.*) b=\${b#*.} ;; *) b= ;; esac
  done
  return 1
}
if [ ! -f "$cli" ]; then
  best=
  for c in "\${cli%/*/*/*}"/netprobe-dev.netprobe-*/dist/cli.js; do
    [ -f "$c" ] || continue
    v=\${c%/dist/cli.js}; v=\${v##*/netprobe-dev.netprobe-}
    if [ -z "$best" ] || newer "$v" "$bestv"; then best=$c bestv=$v; fi
  done
  [ -n "$best" ] && cli=$best
fi
if [ ! -f "$cli" ]; then
  echo "netprobe: the NetProbe extension is no longer at $cli; run \\"NetProbe: Install 'netprobe' Command in PATH\\" in VS Code again" >&2
  exit 2
fi
if [ -x "$runtime" ]; then ELECTRON_RUN_AS_NODE=1 exec "$runtime" "$cli" "$@"; fi
exec node "$cli" "$@"
`;
}

const pathDirs = (): string[] =>
  (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map(d => path.resolve(d));

async function writable(dir: string): Promise<boolean> {
  try {
    await fs.access(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first of ~/.local/bin, ~/bin, /usr/local/bin that is on PATH and writable; else ~/.local/bin. */
async function defaultDir(): Promise<string> {
  const onPath = new Set(pathDirs());
  const home = os.homedir();
  for (const dir of [path.join(home, '.local', 'bin'), path.join(home, 'bin'), '/usr/local/bin']) {
    if (!onPath.has(dir)) continue;
    if (await writable(dir)) return dir;
    if (dir.startsWith(home) && (await writable(path.dirname(dir)).catch(() => false))) return dir;
  }
  return path.join(home, '.local', 'bin');
}

async function isOurs(file: string): Promise<boolean> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  return text?.split('\n', 2)[1]?.startsWith(MARKER) ?? false;
}

/** Writes the `netprobe` launcher; an existing `netprobe` that this extension did not write is left alone. */
export async function installCli(extensionPath: string, opts: CliInstallOptions = {}, runtime = process.execPath): Promise<CliInstallResult> {
  if (process.platform === 'win32') {
    throw new NetProbeError('os-error', `Not on Windows yet: run the CLI as node "${path.join(extensionPath, 'dist', 'cli.js')}".`);
  }
  const dir = path.resolve(opts.dir ?? (await defaultDir()));
  const file = path.join(dir, 'netprobe');
  const existing = await fs.lstat(file).catch(() => undefined);
  if (existing && !(await isOurs(file))) {
    throw new NetProbeError('invalid-input', `${file} exists and was not written by NetProbe (an npm install?); remove it first or pick another folder.`);
  }
  await fs.mkdir(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, launcher(path.join(extensionPath, 'dist', 'cli.js'), runtime), { mode: 0o755 });
  await fs.rename(tmp, file);
  return { path: file, onPath: pathDirs().includes(dir) };
}

/** Removes the launcher Install wrote (nothing else). */
export async function uninstallCli(opts: CliInstallOptions = {}): Promise<CliInstallResult | undefined> {
  const dirs = opts.dir ? [path.resolve(opts.dir)] : [...new Set([await defaultDir(), ...pathDirs()])];
  for (const dir of dirs) {
    const file = path.join(dir, 'netprobe');
    if (await isOurs(file)) {
      await fs.rm(file);
      return { path: file, onPath: pathDirs().includes(dir) };
    }
  }
  return undefined;
}
