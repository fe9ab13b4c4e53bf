#!/usr/bin/env node
// The `netprobe` command: turns on Node's compile cache (Node ≥ 22.1), then loads the CLI beside this file (an
// ES module whose commands are separate chunks), so later runs reuse V8's compiled code and a run compiles only
// the command it needs.
import * as nodeModule from 'module';
import * as path from 'path';
import { pathToFileURL } from 'url';

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
import(pathToFileURL(path.join(__dirname, 'cli-main.mjs')).href).catch((e: unknown) => {
  process.stderr.write(`netprobe: ${String(e)}\n`);
  process.exitCode = 1;
});
