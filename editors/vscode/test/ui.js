'use strict';
// What a person does: open a bad spec, read the Problems panel, apply a quick fix with the
// keyboard, save, and find the fix in the file on disk.

const fs = require('node:fs');
const path = require('node:path');

const ROWS = '.markers-panel .monaco-list-row';

async function problemRows(page) {
  return page.$$eval(ROWS, (rows) => rows.map((r) => r.getAttribute('aria-label') || r.textContent || ''));
}

async function waitFor(what, probe, timeoutMs = 30000) {
  const until = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function uiTest(page, { url, workspace, screenshot }) {
  const results = [];
  let stop = false;
  const check = async (name, body) => {
    if (stop) {
      results.push({ name, ok: false, error: 'skipped: an earlier step failed' });
      return;
    }
    try {
      await body();
      results.push({ name, ok: true });
    } catch (e) {
      stop = true;
      results.push({ name, ok: false, error: String(e && e.stack ? e.stack : e) });
      await page.screenshot({ path: screenshot.replace(/\.png$/, '-failure.png') }).catch(() => {});
    }
  };
  const spec = path.join(workspace, 'orders.yaml');

  await check('opens the spec with Quick Open (Ctrl+P)', async () => {
    await page.goto(`${url}?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 30000 });
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type('orders.yaml');
    await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="orders.yaml"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.tabs-container .tab[aria-label*="orders.yaml"]');
    await page.waitForSelector('.monaco-editor .view-line');
  });

  await check('the status bar shows the server running, started from the bundled binary', async () => {
    const item = '#statuslint\\.statuslint\\.statuslint\\.status, [id$="statuslint.status"]';
    await page.waitForSelector(item, { timeout: 30000 });
    await waitFor('the status item to say running', async () =>
      page.$eval(item, (el) => /server running \(.*\/bin\/statuslint, via bundled\)/.test(el.getAttribute('aria-label'))),
    );
  });

  let rows;
  await check('the Problems panel (Ctrl+Shift+M) lists the findings with their source and place', async () => {
    await page.keyboard.press('Control+Shift+M');
    rows = await waitFor('Problems rows for both findings', async () => {
      const now = await problemRows(page);
      return now.some((r) => /Location/.test(r)) && now.some((r) => /204 response/.test(r)) ? now : undefined;
    });
    const created = rows.find((r) => /201 Created on POST \/orders has no `?Location/.test(r));
    const body = rows.find((r) => /204 response to DELETE/.test(r));
    if (!created || !/statuslint/.test(created) || !/\b10\b/.test(created)) throw new Error(`201 row: ${created}`);
    if (!body || !/statuslint/.test(body) || !/\b24\b/.test(body)) throw new Error(`204 row: ${body}`);
    console.log(`  Problems rows:\n    ${rows.join('\n    ')}`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshot });
  });

  await check('Ctrl+. then Enter applies the Location quick fix; Ctrl+S saves it to disk', async () => {
    // Enter on a Problems row moves the editor's cursor (and the focus) to the finding.
    const row = page.locator(ROWS, { hasText: 'Location' }).first();
    await row.click();
    await page.keyboard.press('Enter');
    await waitFor('the editor to take the focus', () =>
      page.evaluate(() => !!document.activeElement && !!document.activeElement.closest('.monaco-editor')),
    );
    await page.keyboard.press('Control+.');
    const first = await page.waitForSelector('.action-widget .monaco-list-row.action', { timeout: 15000 });
    const focused = await page.$eval(
      '.action-widget .monaco-list-row.action.focused, .action-widget .monaco-list-row.action',
      (el) => el.textContent,
    );
    if (!/Location/.test(focused)) throw new Error(`first quick fix is "${focused}"`);
    await first.evaluate(() => {});
    await page.keyboard.press('Enter');
    await page.waitForSelector('.action-widget', { state: 'hidden' });
    await page.keyboard.press('Control+S');
    const text = await waitFor('orders.yaml on disk to hold the header', () => {
      const t = fs.readFileSync(spec, 'utf8');
      return /headers:\n\s+Location:/.test(t) ? t : undefined;
    });
    if (!/"201":\n {10}description: The order was created\n {10}headers:\n {12}Location:/.test(text)) {
      throw new Error(`unexpected fix:\n${text}`);
    }
  });

  await check('the fixed finding leaves the Problems panel, the other stays', async () => {
    await waitFor('the Location row to go', async () => {
      const now = await problemRows(page);
      return !now.some((r) => /Location/.test(r)) && now.some((r) => /204 response/.test(r));
    });
  });

  return results;
}

module.exports = { uiTest };
