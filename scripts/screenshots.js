#!/usr/bin/env node
// `npm run screenshots`: photographs the running extension in the real VS Code host for the README and the
// walkthrough (docs/images/*.png). The scenes run inside the extension host (test/screenshots/scenes.ts) against
// peers they start on loopback; each logs NETPROBE_SHOT {name, selector, maxHeight, waitFor, viewport} and waits for this
// driver to take the picture. Pictures are 1000 px wide at most, readable at the README's width.
// The walkthrough pictures go to out/screenshots/ (not in the README).
// `node scripts/screenshots.js doh-panel http2-wire` (after `npm run build`) photographs only the scenes named.
const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');
const { ROOT, startServer, launchBrowser, workbenchUrl } = require('./vscode-host/host');

const DOCS = path.join(ROOT, 'docs', 'images');
const OUT = path.join(ROOT, 'out', 'screenshots');
const ONLY_RECORD = new Set(['walkthrough', 'walkthrough-progress']);
const TIMEOUT_MS = 240_000;

(async () => {
  const shotsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-shots-'));
  const folder = path.join(shotsDir, 'workspace');
  fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'workspace'), folder, { recursive: true });
  fs.mkdirSync(DOCS, { recursive: true });
  fs.mkdirSync(OUT, { recursive: true });
  const server = await startServer();
  const browser = await launchBrowser(server.tmp);
  let code = 1;
  const timer = setTimeout(() => {
    console.error(`screenshots: timed out after ${TIMEOUT_MS} ms`);
    void finish(2);
  }, TIMEOUT_MS);
  async function finish(c) {
    clearTimeout(timer);
    await browser.close().catch(() => undefined);
    await server.stop();
    fs.rmSync(shotsDir, { recursive: true, force: true });
    process.exit(c);
  }
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 640 } });
    let queue = Promise.resolve();
    const take = async shot => {
      await page.setViewportSize(shot.viewport ?? { width: 1000, height: 640 });
      if (shot.waitFor) await page.waitForSelector(shot.waitFor, { state: 'visible', timeout: 15000 });
      await page.waitForTimeout(600); // let webviews paint after their last message
      const file = path.join(ONLY_RECORD.has(shot.name) ? OUT : DOCS, `${shot.name}.png`);
      let clip;
      if (shot.selector) {
        const box = await page.locator(shot.selector).first().boundingBox();
        if (!box) throw new Error(`${shot.name}: ${shot.selector} is not on the page`);
        clip = { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, shot.maxHeight ?? box.height) };
      }
      await page.screenshot({ path: file, ...(clip ? { clip } : {}) });
      console.log(`screenshots: ${path.relative(process.cwd(), file)}`);
      fs.writeFileSync(path.join(shotsDir, `${shot.name}.done`), '');
    };
    const done = new Promise(resolve => page.exposeFunction('codeAutomationExit', c => resolve(c)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const msg = util.format(...(Array.isArray(args) ? args : [args]));
      const m = /NETPROBE_SHOT (\{.*\})/.exec(msg);
      if (m)
        queue = queue
          .then(() => take(JSON.parse(m[1])))
          .catch(e => {
            console.error(`screenshots: ${e.message}`);
          });
      else if (type === 'error' && /NetProbe|netprobe|Error/.test(msg) && process.env.VERBOSE) console.error(msg);
    });
    const only = process.argv.slice(2);
    const env = { NETPROBE_SHOTS_DIR: shotsDir, ...(only.length ? { NETPROBE_SHOTS_ONLY: only.join(',') } : {}) };
    await page.goto(
      workbenchUrl(server, { folder, extensionDevelopmentPath: ROOT, extensionTestsPath: path.join(ROOT, 'out', 'test', 'screenshots', 'scenes.js'), env }),
    );
    code = await done;
    await queue;
    if (code !== 0) console.error('screenshots: a scene failed (run with VERBOSE=1 for the extension host log)');
  } catch (e) {
    console.error(`screenshots: ${e.stack ?? e}`);
  }
  await finish(code);
})();
