import { parseArgs } from 'util';
import type { ParseArgsConfig } from 'util';
import { NetProbeError } from '../core/errors';
import { terminalJson, terminalText } from '../core/text/terminal';
import { parseIntArg } from './args';
import type { CommandLoader } from './registry';
import type { CliCommand, CliContext } from './types';
import { UsageError } from './types';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const COMMON_OPTIONS: NonNullable<ParseArgsConfig['options']> = {
  json: { type: 'boolean' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

function helpText(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map(c => c.name.length));
  return [
    'netprobe — socket and DNS toolkit (the CLI of the NetProbe VS Code extension)',
    '',
    'Usage: netprobe <command> [arguments] [--json] [--timeout MS]',
    '',
    'Commands:',
    ...commands.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit status: 0 success, 1 negative or failed network outcome, 2 bad input.',
    "Run `netprobe <command> --help` for a command's usage.",
  ].join('\n');
}

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return 5000;
  return parseIntArg('--timeout', text, { min: 1, unit: 'milliseconds' });
}

/**
 * Parses a command's arguments (its options plus `--json`, `--timeout`, `--help`) into the context it runs with;
 * `help` when `--help` was given. Throws `UsageError` (or parseArgs' `ERR_PARSE_ARGS_*`) for bad input. What the
 * command prints goes through {@link terminalText} (JSON through {@link terminalJson}).
 */
export function commandContext(command: CliCommand, args: string[], io: CliIo, signal: AbortSignal): CliContext | 'help' {
  const { values, positionals } = parseArgs({
    args,
    options: { ...COMMON_OPTIONS, ...command.options },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return 'help';
  return {
    positionals,
    values,
    json: values.json === true,
    timeout: parseTimeout(typeof values.timeout === 'string' ? values.timeout : undefined),
    signal,
    out: text => io.stdout(terminalText(text)),
    err: text => io.stderr(terminalText(text)),
    printJson: v => io.stdout(terminalJson(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x), 2))),
  };
}

/**
 * Runs the CLI over `argv` (without node and script) and returns the exit status. Everything it prints goes
 * through {@link terminalText} (JSON through {@link terminalJson}): no byte from the network, nor from the
 * arguments, reaches the terminal as a control character.
 */
export async function runCli(argv: string[], commands: ReadonlyArray<readonly [string, CommandLoader]>, rawIo: CliIo, signal: AbortSignal): Promise<number> {
  const io: CliIo = { stdout: text => rawIo.stdout(terminalText(text)), stderr: text => rawIo.stderr(terminalText(text)) };
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText(await Promise.all(commands.map(([, load]) => load()))));
    return name === undefined ? 2 : 0;
  }
  const command = await commands.find(([n]) => n === name)?.[1]();
  if (!command) {
    io.stderr(`netprobe: unknown command "${name}" (see netprobe --help)`);
    return 2;
  }
  try {
    const ctx = commandContext(command, rest, io, signal);
    if (ctx === 'help') {
      io.stdout(`Usage: netprobe ${command.usage}\n\n${command.summary}`);
      return 0;
    }
    return await command.run(ctx);
  } catch (e) {
    if (e instanceof UsageError || (e instanceof NetProbeError && e.code === 'invalid-input')) {
      io.stderr(`netprobe ${name}: ${e.message}`);
      return 2;
    }
    if (e instanceof TypeError && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`netprobe ${name}: ${e.message} (usage: netprobe ${command.usage})`);
      return 2;
    }
    if (e instanceof NetProbeError) {
      io.stderr(`netprobe ${name}: ${e.message}`);
      return 1;
    }
    io.stderr(`netprobe ${name}: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}
