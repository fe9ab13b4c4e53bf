#!/usr/bin/env node
import { COMMANDS } from './cli/registry';
import { runCli } from './cli/run';
import { terminalText } from './core/text/terminal';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
runCli(process.argv.slice(2), COMMANDS, {
  stdout: text => process.stdout.write(`${text}\n`),
  stderr: text => process.stderr.write(`${text}\n`),
}, controller.signal).then(
  code => { process.exitCode = code; },
  (e: unknown) => { process.stderr.write(`netprobe: ${terminalText(String(e))}\n`); process.exitCode = 1; },
);
