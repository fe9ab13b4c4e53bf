// What only the browser driving VS Code can do (scripts/vscode-host/run-extension-tests.js): resize the window and
// take screenshots. A request is a `NETPROBE_HARNESS {json}` line on the extension host's console (the driver
// reads it); the driver writes `<id>.done` (empty, or the error) in NETPROBE_HARNESS_DIR when it has done it.
import * as fs from 'fs';
import * as path from 'path';
import { until } from './helpers';

export interface HarnessRequest {
  /** The browser window's new size. */
  viewport?: { width: number; height: number };
  /** Where to save a PNG screenshot: of `selector`'s box, or of the whole window. */
  shot?: string;
  selector?: string;
  /** Writes the boxes of every element matching `selector` to `out` (JSON `ElementBox[]`), labelled by the text of `label` inside each. */
  boxes?: { selector: string; label?: string; out: string };
}

/** Where an element is in the window, in CSS px. */
export interface ElementBox {
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

let count = 0;

/** The boxes of the elements matching `selector` (see HarnessRequest.boxes). */
export async function boxesOf(selector: string, label?: string): Promise<ElementBox[]> {
  const out = path.join(process.env.NETPROBE_HARNESS_DIR ?? '', `boxes-${process.pid}-${count + 1}.json`);
  await harness({ boxes: { selector, ...(label ? { label } : {}), out } });
  const boxes = JSON.parse(fs.readFileSync(out, 'utf8')) as ElementBox[];
  fs.rmSync(out, { force: true });
  return boxes;
}

/** Asks the driver for `req` and waits until it is done; throws when the driver failed or there is no driver. */
export async function harness(req: HarnessRequest): Promise<void> {
  const dir = process.env.NETPROBE_HARNESS_DIR;
  if (!dir) throw new Error('no test driver: NETPROBE_HARNESS_DIR is not set (run through scripts/run-tests.js --integration)');
  const id = `req-${process.pid}-${++count}`;
  console.log(`NETPROBE_HARNESS ${JSON.stringify({ id, ...req })}`);
  const done = path.join(dir, `${id}.done`);
  await until(`the test driver to do ${JSON.stringify(req)}`, () => fs.existsSync(done) || undefined, 30000);
  const error = fs.readFileSync(done, 'utf8');
  fs.rmSync(done, { force: true });
  if (error) throw new Error(`the test driver failed: ${error}`);
}
