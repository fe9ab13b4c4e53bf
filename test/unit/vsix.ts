import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..', '..', '..');

// A .vscodeignore glob as a RegExp: "**" followed by a slash is any folders, "**" anything, "*" part of one name.
function globRe(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (glob.startsWith('**/', i)) {
      re += '(.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      re += '.*';
      i += 1;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Whether vsce packages `file` (relative to the repository): .vscodeignore leaves out everything (`**`) and lets in what a `!` line matches. */
export function packaged(file: string): boolean {
  return fs
    .readFileSync(path.join(root, '.vscodeignore'), 'utf8')
    .split('\n')
    .map(l => l.trim())
    .some(l => l.startsWith('!') && globRe(l.slice(1)).test(file));
}

/** Folders of the repository that never ship: tests, sources, build output of the tests, benchmarks, scripts, dependencies. */
const NEVER_SHIPPED = ['test/', 'src/', 'out/', 'bench/', 'scripts/', 'node_modules/'];

/** Files of the package that are tests, sources or source maps (none may ship), from `vsce ls`'s list. */
export function unwantedInPackage(files: readonly string[]): string[] {
  return files.filter(f => /\.(ts|tsx|mts|cts|map)$/.test(f) || NEVER_SHIPPED.some(d => f.startsWith(d)) || /(^|\/)[^/]*\.test\.js$/.test(f));
}
