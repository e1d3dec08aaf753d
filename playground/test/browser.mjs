// The playground in a real browser (Debian's headless chromium, driven by playwright-core):
// paste a bad spec, see the CLI's findings, hover a squiggle, open a rule's docs, turn a rule off
// in the configuration, reload from the shared URL, and take a screenshot.
//
//   node test/browser.mjs            (after ./build.sh; STATUSLINT_BIN names the CLI to compare with)
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { serve, CHROMIUM_ARGS } from './serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const playground = resolve(here, '..');
const repo = resolve(playground, '..');
const cli = process.env.STATUSLINT_BIN || join(repo, 'target/release/statuslint');
const screenshots = join(playground, 'test-output');

const BAD = `openapi: 3.0.3
info:
  title: Shop
  version: "1.0"
paths:
  /orders:
    post:
      security:
        - token: []
      responses:
        "201":
          description: Created
        "401":
          description: No token
  /orders/{id}:
    delete:
      responses:
        "204":
          description: Deleted
          content:
            application/json:
              schema: { type: object }
    patch:
      responses:
        "405":
          description: Read-only
components:
  securitySchemes:
    token: { type: http, scheme: bearer }
`;
const CONFIG = 'rules:\n  created-without-location: off\n';

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !detail ? '' : `\n     ${detail}`}`);
}

/** The CLI's stdout (exit code 1 means findings, not failure). */
function runCli(args, cwd) {
  try {
    return execFileSync(cli, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (error) {
    if (error.status === 1) return error.stdout;
    throw error;
  }
}

/** The CLI's report for `files` (name → text) linted from their directory, in `format`. */
function cliReport(files, root, format = 'json') {
  const dir = mkdtempSync(join(tmpdir(), 'statuslint-playground-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const out = runCli(['--format', format, '--color', 'never', root], dir);
    return format === 'json' ? JSON.parse(out) : out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the list shows: `file:line:column rule` per finding, in order. */
async function listed(page) {
  return page.$$eval('#findings li', (items) =>
    items.map((li) => `${li.querySelector('.where').textContent} ${li.dataset.rule}`),
  );
}
const asListed = (report) => report.findings.map((f) => `${f.file}:${f.start.line}:${f.start.column} ${f.rule}`);

/** Replaces the active editor's text through a real paste event, as a person pasting would. */
async function paste(page, text) {
  await page.click('.cm-content');
  await page.keyboard.press('Control+A');
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.querySelector('.cm-content').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

async function settled(page) {
  // Lints run on a timer after each change; the URL follows a little later.
  await page.waitForTimeout(400);
  await page.waitForFunction(() => window.playground.ready);
}

const server = await serve(join(playground, 'dist'));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url);
  await page.waitForFunction(() => window.playground && window.playground.ready, null, { timeout: 30_000 });
  check('the page loads and the wasm module starts', true);
  check('the default example (petstore) is linted', (await listed(page)).length > 0);

  // Paste a bad spec into the root tab: the same findings as the CLI's, in the list and in JSON.
  await paste(page, BAD);
  await settled(page);
  const expected = cliReport({ 'petstore.yaml': BAD }, 'petstore.yaml');
  check('the CLI finds something to compare with', expected.findings.length >= 4, JSON.stringify(expected.summary));
  const shown = await listed(page);
  check('the list shows the CLI findings (file:line:column rule)', isDeepStrictEqual(shown, asListed(expected)), `page ${JSON.stringify(shown)}\n     cli  ${JSON.stringify(asListed(expected))}`);
  const wasmReport = JSON.parse(await page.evaluate(() => {
    const text = window.playground.view.state.doc.toString();
    return window.playground.lint(text, 'petstore.yaml', '{}');
  }));
  check('lint() gives the JSON of --format json (positions, help, pointers)', isDeepStrictEqual(wasmReport.findings, expected.findings) && isDeepStrictEqual(wasmReport.summary, expected.summary));

  // A squiggle's hover text.
  const first = expected.findings.find((f) => f.severity === 'error');
  await page.hover('.cm-lintRange-error');
  const tooltip = await page.waitForSelector('.cm-tooltip-lint', { timeout: 5000 }).catch(() => null);
  const tip = tooltip ? await tooltip.textContent() : '';
  check('hovering a squiggle shows the message and rule id', tip.includes(first.message) && tip.includes(first.rule), tip);
  await page.mouse.move(5, 5);

  // Clicking a finding jumps to it.
  const target = expected.findings[expected.findings.length - 1];
  await page.click(`#findings li[data-index="${expected.findings.length - 1}"] .message`);
  const cursorLine = await page.evaluate(() => {
    const view = window.playground.view;
    return view.state.doc.lineAt(view.state.selection.main.head).number;
  });
  check('clicking a finding puts the cursor on its line', cursorLine === target.start.line, `line ${cursorLine}, want ${target.start.line}`);

  // A rule id opens its docs in the page.
  await page.click(`#findings li[data-rule="${first.rule}"] a.rule`);
  await page.waitForSelector('#view-docs:not([hidden]) #docs h2');
  const docs = await page.textContent('#docs');
  const expectedDoc = execFileSync(cli, ['explain', first.rule], { encoding: 'utf8' });
  check('a rule id opens its docs (explain) in the page', docs.includes(`${first.rule} (`) && docs.includes('Why') && docs.includes(expectedDoc.split('\n')[2].replaceAll('`', '')), docs.slice(0, 200));
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, 'docs.png') });
  await page.click('#views button[data-view="findings"]');

  // The configuration turns a rule off: its finding goes, the others stay.
  await page.click(`#tabs button[data-tab="statuslint.yaml"]`);
  await paste(page, CONFIG);
  await settled(page);
  const configured = cliReport({ 'petstore.yaml': BAD, 'statuslint.yaml': CONFIG }, 'petstore.yaml');
  const afterConfig = await listed(page);
  check('turning created-without-location off in statuslint.yaml removes its finding', !afterConfig.some((l) => l.endsWith(' created-without-location')) && expected.findings.some((f) => f.rule === 'created-without-location'));
  check('the configured findings are the CLI ones with the same statuslint.yaml', isDeepStrictEqual(afterConfig, asListed(configured)), JSON.stringify(afterConfig));

  // A bad configuration is reported where it is wrong.
  await paste(page, 'rules:\n  created-without-locaton: off\n');
  await settled(page);
  const banner = await page.textContent('#banner');
  check('a misspelt rule id in statuslint.yaml is reported with a suggestion', banner.includes('unknown rule') && banner.includes('created-without-location') && banner.includes('statuslint.yaml:2:3'), banner);
  await page.screenshot({ path: join(screenshots, 'config-error.png') });
  await paste(page, CONFIG);
  await settled(page);

  // The severity filter.
  await page.uncheck('#filter input[data-severity="error"]');
  const withoutErrors = await page.$$eval('#findings li', (items) => items.map((li) => li.className));
  check('the severity filter hides errors', withoutErrors.length > 0 && withoutErrors.every((c) => !c.includes('error')), JSON.stringify(withoutErrors));
  await page.check('#filter input[data-severity="error"]');

  // The output view, in the CLI's short format.
  await page.click('#views button[data-view="output"]');
  await page.selectOption('#format', 'short');
  const short = await page.textContent('#output');
  const cliShort = cliReport({ 'petstore.yaml': BAD, 'statuslint.yaml': CONFIG }, 'petstore.yaml', 'short');
  check('the output view shows --format short as the CLI prints it', short === cliShort, `${short}\n---\n${cliShort}`);
  await page.selectOption('#format', 'graphical');
  const graphical = await page.textContent('#output');
  check('the output view shows the graphical report', graphical.includes('help:') && /\d+ errors?, \d+ warnings?, \d+ info in 1 file/.test(graphical), graphical.slice(0, 300));

  // The whole state is in the URL: a new browser context opened on it shows the same case.
  await page.click('#tabs button[data-tab="petstore.yaml"]');
  await page.click('#views button[data-view="findings"]');
  await page.click('#share');
  await page.waitForFunction(() => location.hash.startsWith('#s='));
  await settled(page);
  const url = page.url();
  const before = { list: await listed(page), text: await page.textContent('.cm-content') };
  const other = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await other.goto(url);
  await other.waitForFunction(() => window.playground && window.playground.ready, null, { timeout: 30_000 });
  const after = { list: await listed(other), text: await other.textContent('.cm-content') };
  check('the shared URL reproduces the text and the findings', isDeepStrictEqual(before, after) && after.list.length > 0, JSON.stringify(after.list));
  await other.click(`#tabs button[data-tab="statuslint.yaml"]`);
  const config = await other.evaluate(() => window.playground.view.state.doc.toString());
  check('the shared URL carries the configuration', config === CONFIG, JSON.stringify(config));
  await other.close();

  // The multi-file example: $refs across tabs, findings in the tab they point into.
  await page.selectOption('#examples', 'multi');
  await settled(page);
  const multi = await listed(page);
  const fixtures = join(repo, 'fixtures/multi');
  const cliMulti = JSON.parse(runCli(['--format', 'json', 'api.yaml'], fixtures));
  check('the multi-file example gives the CLI findings, in the referenced files', isDeepStrictEqual(multi, asListed(cliMulti)) && multi.some((l) => !l.startsWith('api.yaml:')), JSON.stringify(multi));

  // Every one-file example: the CLI's findings for its text, and at least one.
  for (const id of ['petstore', 'headers', 'bodies', 'statuses', 'rust']) {
    await page.selectOption('#examples', id);
    await settled(page);
    const name = await page.textContent('#tabs button[aria-selected="true"]');
    const text = await page.evaluate(() => window.playground.view.state.doc.toString());
    const want = asListed(cliReport({ [name]: text, 'statuslint.yaml': CONFIG }, name)); // the config tab still turns created-without-location off
    const got = await listed(page);
    check(`example ${id} (${name}) shows the CLI's findings`, want.length > 0 && isDeepStrictEqual(got, want), `page ${JSON.stringify(got)}\n     cli  ${JSON.stringify(want)}`);
  }

  // Back to the bad spec (from the URL) for the screenshot, with a squiggle's tooltip open.
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForFunction(() => window.playground && window.playground.ready);
  check('reloading from the shared URL brings the bad spec back', isDeepStrictEqual(await listed(page), before.list));
  await page.hover('.cm-lintRange-error');
  await page.waitForSelector('.cm-tooltip-lint', { timeout: 5000 }).catch(() => null);
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, 'playground.png') });
  console.log(`screenshot: ${join(screenshots, 'playground.png')}`);

  // Offline once loaded: the service worker serves the page and the wasm.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.evaluate(() => new Promise((r) => (navigator.serviceWorker.controller ? r() : navigator.serviceWorker.addEventListener('controllerchange', r))));
  await context.setOffline(true);
  await page.reload();
  const offline = await page
    .waitForFunction(() => window.playground && window.playground.ready, null, { timeout: 15_000 })
    .then(() => true)
    .catch(() => false);
  check('the page works offline once loaded (service worker)', offline && (await listed(page)).length > 0);
  await context.setOffline(false);

  check('no uncaught errors in the page', errors.length === 0, errors.join('\n'));
} catch (error) {
  check('the browser test ran to the end', false, error.stack);
} finally {
  await browser.close();
  server.close();
}
console.log(`playground: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
