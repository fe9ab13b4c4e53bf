#!/usr/bin/env node
// `npm run icon`: renders docs/icon.svg to media/icon.png (128×128, transparent corners) with the Chromium the
// tests use (Debian's, driven by playwright-core from the VS Code host in .vscode-test/).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ROOT, ensureInstalled, launchBrowser } = require('./vscode-host/host');

(async () => {
  ensureInstalled();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netprobe-icon-'));
  fs.mkdirSync(path.join(tmp, 't'));
  const browser = await launchBrowser(tmp);
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    const svg = fs.readFileSync(path.join(ROOT, 'docs', 'icon.svg'), 'utf8');
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.screenshot({ path: path.join(ROOT, 'media', 'icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
    console.log('render-icon: media/icon.png');
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
})().catch(e => {
  console.error(`render-icon: ${e.message}`);
  process.exit(1);
});
