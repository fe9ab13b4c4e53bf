#!/usr/bin/env node
import { COMMANDS } from './cli/registry';
import { runCli } from './cli/run';
import { terminalText } from './core/text/terminal';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
// SIGTERM cancels like Ctrl+C (so temporary files are removed), then exits for sure shortly after.
process.once('SIGTERM', () => {
  controller.abort();
  setTimeout(() => process.exit(143), 2000).unref();
});
runCli(
  process.argv.slice(2),
  COMMANDS,
  {
    stdout: text => process.stdout.write(`${text}\n`),
    stderr: text => process.stderr.write(`${text}\n`),
  },
  controller.signal,
).then(
  code => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`netprobe: ${terminalText(String(e))}\n`);
    process.exitCode = 1;
  },
);
