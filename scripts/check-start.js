#!/usr/bin/env node
// CI's check of the README's start line (called by .ci/run): runs `bash -c LINE` in a process group of its own,
// waits for the workbench URL it prints, opens it in headless Chromium, waits until the NetProbe view container
// is in the activity bar (its views open on a click) and the NetProbe walkthrough is shown (its first button runs
// the command and checks the step), then stops the line by its process group and checks the server is gone. Exit 0 only if all of that happened.
// Usage: node scripts/check-start.js 'npm install && npm start'   Env: CHECK_START_SHOT=file.png (a screenshot)
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const line = process.argv[2];
if (!line) {
  console.error('usage: check-start.js "<the README start line>"');
  process.exit(2);
}
const URL_WAIT_MS = 15 * 60_000; // the first start may install the VS Code host
const UI_WAIT_MS = 90_000;

const fail = msg => {
  console.error(`check-start: ${msg}`);
  process.exitCode = 1;
};

(async () => {
  const child = spawn('bash', ['-c', line], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  let output = '';
  const exited = new Promise(resolve => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise(resolve => {
    const timer = setTimeout(() => resolve(undefined), URL_WAIT_MS);
    const onData = d => {
      process.stdout.write(d);
      output += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
  const stopGroup = async () => {
    const alive = () => {
      try {
        process.kill(-child.pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    const deadline = Date.now() + 20_000;
    while (alive() && Date.now() < deadline) await new Promise(r => setTimeout(r, 100));
    if (alive()) {
      fail('the start line did not stop on SIGTERM to its process group');
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };
  if (!url) {
    const r = child.exitCode !== null ? await exited : undefined;
    fail(r ? `the start line exited (${r.signal ?? r.code}) without printing a workbench URL` : 'no workbench URL within the time limit');
    await stopGroup();
    return;
  }
  console.log(`check-start: opening ${url.slice(0, 60)}… in headless Chromium`);
  const { launchBrowser } = require('./vscode-host/host');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-check-start-'));
  fs.mkdirSync(path.join(tmp, 't'));
  const browser = await launchBrowser(tmp);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    const container = page.locator('.part.activitybar [aria-label^="NetProbe"]').first();
    await container.waitFor({ state: 'visible', timeout: UI_WAIT_MS });
    console.log('check-start: the NetProbe view container is in the activity bar');
    await page.getByText('Get Started with NetProbe').first().waitFor({ state: 'visible', timeout: UI_WAIT_MS });
    console.log('check-start: the NetProbe walkthrough is open');
    // Its first step's button runs the real command (Resolve Host… asks for a name), which completes the step.
    await page.getByRole('button', { name: 'Resolve Host…' }).first().click();
    await page.locator('.quick-input-widget').first().waitFor({ state: 'visible', timeout: UI_WAIT_MS });
    await page.keyboard.press('Escape');
    await page.locator('.getting-started-step[aria-checked="true"]', { hasText: 'Resolve a host' }).first().waitFor({ timeout: UI_WAIT_MS });
    console.log("check-start: its first step's button ran Resolve Host… and the step is checked");
    await container.click();
    await page.locator('.part.sidebar .pane-header', { hasText: 'Interfaces' }).first().waitFor({ state: 'visible', timeout: UI_WAIT_MS });
    console.log('check-start: its views open (Interfaces)');
    if (process.env.CHECK_START_SHOT) await page.screenshot({ path: process.env.CHECK_START_SHOT });
  } catch (e) {
    fail(`the workbench did not show NetProbe: ${e.message}`);
  } finally {
    await browser.close().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  await stopGroup();
  const r = await exited;
  console.log(`check-start: the start line stopped (${r.signal ?? `exit ${r.code}`})`);
  const stillServing = await fetch(url).then(
    () => true,
    () => false,
  );
  if (stillServing) fail('the VS Code server still answers after the start line was stopped');
})().catch(e => fail(e.stack ?? String(e)));
