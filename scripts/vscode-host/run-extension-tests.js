#!/usr/bin/env node
// Runs an extension's tests (extensionTestsPath exporting run(): Promise<void>) inside the real VS Code
// extension host, driven by headless Chromium. Exit code = test result (2 on timeout).
// Usage: node run-extension-tests.js EXT_DEV_PATH TESTS_INDEX_JS WORKSPACE_FOLDER
// Env: NETPROBE_* variables are passed to the extension host; NETPROBE_HOST_EXTENSIONS_DIR: installed extensions; TEST_TIMEOUT_MS (default 240000); VERBOSE=1;
// NETPROBE_WORKSPACE_TRUST=1 keeps workspace trust on (the folder opens in Restricted Mode);
// SHOT=file.png (a screenshot when the run ends, or SHOT_AFTER_MS after the page loads, while the extension host still runs).
// Tests ask this driver for what only the browser can do by logging `NETPROBE_HARNESS {"id", "viewport"?: {width,
// height}, "shot"?: file.png, "selector"?: css, "boxes"?: {selector, label?, out}}`: the window is resized and/or
// photographed (the selector's box, or the window) and/or the boxes of the elements matching boxes.selector are
// written to `out`, then `<id>.done` is written in NETPROBE_HARNESS_DIR (test/integration/suite/harness.ts).
const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');
const { startServer, launchBrowser, workbenchUrl } = require('./host');

const [dev, tests, folder] = process.argv.slice(2).map(p => path.resolve(p));
const HARNESS = /NETPROBE_HARNESS (\{.*\})/;

/** Carries out one request of a test (see the top of this file), then writes its `.done` file. */
async function harnessRequest(page, dir, req) {
  let error = '';
  try {
    if (req.viewport) await page.setViewportSize(req.viewport);
    if (req.shot) {
      await page.waitForTimeout(400); // let the webviews paint after the resize or their last message
      const box = req.selector ? await page.locator(req.selector).first().boundingBox() : null;
      fs.mkdirSync(path.dirname(req.shot), { recursive: true });
      await page.screenshot({ path: req.shot, ...(box ? { clip: box } : {}) });
    }
    if (req.boxes) {
      // Every element matching boxes.selector: its label (the text of boxes.label inside it, else its aria-label) and box.
      const found = await page.$$eval(
        req.boxes.selector,
        (els, label) =>
          els.map(e => {
            const r = e.getBoundingClientRect();
            const text = (label ? e.querySelector(label)?.textContent : null) ?? e.getAttribute('aria-label') ?? '';
            return { label: text.trim(), x: r.x, y: r.y, width: r.width, height: r.height };
          }),
        req.boxes.label ?? '',
      );
      fs.writeFileSync(req.boxes.out, JSON.stringify(found));
    }
  } catch (e) {
    error = String(e.message ?? e);
  }
  fs.writeFileSync(path.join(dir, `${String(req.id).replace(/[^\w.-]/g, '_')}.done`), error);
}
const TIMEOUT = Number(process.env.TEST_TIMEOUT_MS || 240000);
const NOISE =
  /ChatModelSelection|AgentHost|AccountPolicyGate|Creating a socket|connection token|Service Worker|open-vsx\.org|mobile\.events|ERR_NAME_NOT_RESOLVED|reconnection-grace-time|Updating additional builtin|vsda|ChatSessionStore|refused to show dialog|Copilot|copilot|chat|authentication provider|tryActivateProvider|getSessions/i;

(async () => {
  fs.mkdirSync(folder, { recursive: true });
  let server, browser, page, timer;
  const harnessDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-harness-'));
  process.env.NETPROBE_HARNESS_DIR = harnessDir;
  let requests = Promise.resolve();
  const finish = async code => {
    clearTimeout(timer);
    if (process.env.SHOT && !process.env.SHOT_AFTER_MS) await page?.screenshot({ path: process.env.SHOT }).catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    fs.rmSync(harnessDir, { recursive: true, force: true });
    process.exit(code);
  };
  timer = setTimeout(() => {
    console.error(`TIMEOUT after ${TIMEOUT} ms\n--- server log ---\n${server?.log()}`);
    void finish(2);
  }, TIMEOUT);
  try {
    server = await startServer({ extensionsDir: process.env.NETPROBE_HOST_EXTENSIONS_DIR, workspaceTrust: process.env.NETPROBE_WORKSPACE_TRUST === '1' });
    browser = await launchBrowser(server.tmp);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const done = new Promise(resolve => page.exposeFunction('codeAutomationExit', code => resolve(code)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const msg = util.format(...(Array.isArray(args) ? args : [args]));
      const req = HARNESS.exec(msg);
      if (req) requests = requests.then(() => harnessRequest(page, harnessDir, JSON.parse(req[1])));
      else if (process.env.VERBOSE || !NOISE.test(msg)) (type === 'error' ? console.error : console.log)(msg);
    });
    page.on('pageerror', e => {
      if (process.env.VERBOSE) console.error('PAGEERROR', e.message);
    });
    // The extension host gets the server's login-shell environment; the tests' peers need this PATH (run-tests.js
    // adds the sbin directories, where Debian puts knotd, nginx… and which a non-root login shell lacks).
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('NETPROBE_'))), PATH: process.env.PATH };
    await page.goto(workbenchUrl(server, { folder, extensionDevelopmentPath: dev, extensionTestsPath: tests, env }));
    if (process.env.SHOT && process.env.SHOT_AFTER_MS)
      setTimeout(() => void page.screenshot({ path: process.env.SHOT }).catch(() => undefined), Number(process.env.SHOT_AFTER_MS));
    const code = await done;
    await finish(code);
  } catch (e) {
    console.error(e);
    await finish(1);
  }
})();
