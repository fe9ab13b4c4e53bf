import type * as vscode from 'vscode';
import { NetProbeError } from '../../core/errors';
import { redactUrls } from '../../core/http/credentials';
import type { RequestBlock } from '../../core/http/request-file';
import type { ResultView } from '../results/view-model';
import type { SendOptions } from './http-plan';

/** The request line of a block as written in its file (`{{variables}}` not expanded): `lineOf(block)`. */
export type LineOf = (block: RequestBlock) => string;

/**
 * A block's request line as History keeps it, to find the block again: as written (a `{{$processEnv}}` value never
 * gets in), credential query values redacted.
 */
function requestLine(block: RequestBlock, lineOf: LineOf): string {
  return redactUrls(lineOf(block).trim());
}

/**
 * How History re-runs requests sent from a file: `netprobe.rerunRawRequest` with the file, the blocks' places
 * and request lines (redacted), and the send's options. The file is read again when it runs: what is sent is
 * what the file says then (credentials never come from History).
 */
export function fileRerun(file: vscode.Uri, blocks: readonly RequestBlock[], options: SendOptions, lineOf: LineOf): ResultView['rerun'] {
  const { interactive: _interactive, ...rest } = options;
  return { command: 'netprobe.rerunRawRequest', args: [file.toString(), blocks.map(b => b.index), blocks.map(b => requestLine(b, lineOf)), rest] };
}

/**
 * The blocks of the file as read again that a re-run sends: each at its old place if its request line is the
 * same, else the one block with that request line. Several blocks ("Send all") are the file's blocks now.
 * Throws `invalid-input` naming the request when it is gone or ambiguous.
 */
export function locateBlocks(
  blocks: readonly RequestBlock[],
  indexes: readonly number[],
  lines: readonly string[],
  fileName: string,
  lineOf: LineOf,
): RequestBlock[] {
  if (indexes.length > 1) {
    if (blocks.length === 0) throw new NetProbeError('invalid-input', `${fileName} has no requests any more.`);
    return [...blocks];
  }
  const index = indexes[0] ?? 0;
  const line = lines[0] ?? '';
  const here = blocks[index];
  if (here && requestLine(here, lineOf) === line) return [here];
  const same = blocks.filter(b => requestLine(b, lineOf) === line);
  if (same.length === 1 && same[0]) return [same[0]];
  if (same.length > 1)
    throw new NetProbeError(
      'invalid-input',
      `${fileName} has ${same.length} requests "${line}" and none at the old place (request ${index + 1}): send the one you mean from the file.`,
    );
  throw new NetProbeError(
    'invalid-input',
    `The request "${line}" is no longer in ${fileName}${here ? ` (request ${index + 1} now reads "${requestLine(here, lineOf)}")` : ''}: send it from the file.`,
  );
}
