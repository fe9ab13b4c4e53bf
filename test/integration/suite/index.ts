import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

interface TestRecord {
  title: string;
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

/**
 * Entry point loaded by the extension host (extensionTestsPath): asks NetProbe's webviews to report what
 * they render (off in normal use; the tests read the real DOM through it), then runs every suite file with mocha.
 */
export async function run(): Promise<void> {
  await vscode.extensions.getExtension('netprobe-dev.netprobe')?.activate();
  await vscode.commands.executeCommand('netprobe.internal.reportRendering', true);
  return runMocha(__dirname, '.test.js');
}

/**
 * Runs every `*<suffix>` file of `dir` with mocha (tdd UI) in the extension host; with NETPROBE_TEST_RESULTS
 * set, writes each test's outcome there for the node test runner outside.
 */
export function runMocha(dir: string, suffix: string): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30000, reporter: 'spec' });
  const grep = process.env.NETPROBE_TEST_GREP;
  if (grep) mocha.grep(grep);
  // NETPROBE_TEST_SUITE=restricted: the run with workspace trust on runs *.restricted.test.js only; the others run everywhere else.
  const restricted = process.env.NETPROBE_TEST_SUITE === 'restricted';
  const files = fs.readdirSync(dir).filter(f => f.endsWith(suffix) && f.endsWith(`.restricted${suffix}`) === restricted);
  for (const f of files.sort()) mocha.addFile(path.join(dir, f));
  const records: TestRecord[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run(failures => {
      const out = process.env.NETPROBE_TEST_RESULTS;
      if (out) fs.writeFileSync(out, JSON.stringify({ records }, null, 2));
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', t => records.push({ title: t.title, fullTitle: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 }));
    runner.on('fail', (t, err: Error) =>
      records.push({ title: t.title, fullTitle: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: err.stack ?? err.message }),
    );
    runner.on('pending', t => records.push({ title: t.title, fullTitle: t.fullTitle(), state: 'pending', durationMs: 0 }));
  });
}
