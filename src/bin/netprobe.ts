#!/usr/bin/env node
// The `netprobe` command: turns on Node's compile cache (Node ≥ 22.1), then loads the CLI bundle beside this
// file (each command is a bundle of its own, loaded when run), so later runs reuse V8's compiled code instead of
// compiling the CLI again.
import * as nodeModule from 'module';
import * as path from 'path';

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
nodeModule.createRequire(__filename)(path.join(__dirname, 'cli-main.js'));
