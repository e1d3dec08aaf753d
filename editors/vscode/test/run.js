'use strict';
// Proves the extension in a real VS Code (code-server in headless Chromium):
//   1. the extension-host suite (suite/index.js) with the extension loaded from source and
//      `statuslint.path` set to $STATUSLINT_BIN;
//   2. the UI test (ui.js) with the packaged, platform-specific .vsix installed (its bundled binary
//      is the only statuslint code-server can find).
// Usage: node run.js EXTENSION_DIR VSIX [SCREENSHOT.png]; prints `vscode: N passed, N failed`.
// `node run.js --latency SPEC EXTENSION_DIR` instead times edits on SPEC (suite/latency.js).

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const codeServer = require('./codeserver');
const { uiTest } = require('./ui');

const FIXTURE = path.join(__dirname, 'fixture');

function workspace(root, spec = path.join(FIXTURE, 'orders.yaml')) {
  const dir = path.join(root, 'workspace');
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(spec, path.join(dir, path.basename(spec)));
  return dir;
}

async function extensionHostSuite(root, extensionDir, bin, browser, { spec, tests = 'index.js', env = {} } = {}) {
  const ws = workspace(root, spec);
  fs.mkdirSync(path.join(ws, '.vscode'));
  const lsp = env.STATUSLINT_TAP_BIN ? path.join(__dirname, 'lsp-tap.js') : bin;
  fs.writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'statuslint.path': lsp }));
  const prof = codeServer.profile(root);
  const resultFile = path.join(root, 'result.json');
  const codeServerProcess = await codeServer.start(prof, {
    // No statuslint on PATH, so that the suite can also see the extension find none.
    env: { STATUSLINT_BIN: bin, STATUSLINT_VSCODE_RESULT: resultFile, PATH: '/usr/bin:/bin', ...env },
    log: path.join(root, 'code-server.log'),
  });
  try {
    const page = await browser.newPage();
    const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', resolve));
    page.on('console', (m) => {
      const line = m.text().match(/\b(ok|FAILED) .*/s);
      if (line) console.log(`  [extension host] ${line[0]}`);
    });
    // The extension host runs on code-server's side: the paths are URIs of that remote.
    const remote = codeServerProcess.url.replace(/^http:/, 'vscode-remote:').replace(/\/$/, '');
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote + extensionDir],
      ['extensionTestsPath', remote + path.join(__dirname, 'suite', tests)],
    ]);
    await page.goto(`${codeServerProcess.url}?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`);
    const code = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(() => resolve('timeout'), 120000).unref()),
    ]);
    const results = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : [];
    if (code !== 0 && results.every((r) => r.ok)) {
      results.push({ name: 'extension-host run exits 0', ok: false, error: `exit code ${code}` });
    }
    if (tests === 'index.js') results.push(await notFoundToast(page));
    await page.close();
    return results;
  } finally {
    await codeServerProcess.stop();
  }
}

// The suite ends with no binary to be found: the workbench shows the extension's notification.
async function notFoundToast(page) {
  const name = 'no binary anywhere: a notification names the install commands';
  try {
    const toast = page.locator('.notification-toast', { hasText: 'binary found' }).first();
    await toast.waitFor({ timeout: 10000 });
    const text = await toast.locator('.notification-list-item-message').textContent();
    const buttons = await toast.locator('.monaco-button').allTextContents();
    if (!buttons.includes('Copy install command')) throw new Error(`buttons: ${buttons.join(', ')}`);
    return { name, ok: true };
  } catch (e) {
    const toasts = await page.locator('.notification-list-item-message').allTextContents();
    return { name, ok: false, error: `${e.message}\ntoasts: ${JSON.stringify(toasts)}` };
  }
}

async function uiSuite(root, vsix, screenshot, browser) {
  const ws = workspace(root);
  const prof = codeServer.profile(root);
  codeServer.installExtension(prof, vsix);
  // No statuslint on PATH and no setting: only the bundled binary can serve.
  const server = await codeServer.start(prof, {
    env: { PATH: '/usr/bin:/bin' },
    log: path.join(root, 'code-server.log'),
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    return await uiTest(page, { url: server.url, workspace: ws, screenshot });
  } finally {
    await server.stop();
  }
}

async function latency(spec, extensionDir, bin) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'statuslint-vscode-'));
  const tapLog = path.join(tmp, 'tap.jsonl');
  const browser = await codeServer.browser();
  let r;
  try {
    const options = {
      spec: path.resolve(spec),
      tests: 'latency.js',
      env: { STATUSLINT_TAP_BIN: path.resolve(bin), STATUSLINT_TAP_LOG: tapLog },
    };
    [r] = await extensionHostSuite(tmp, path.resolve(extensionDir), path.resolve(bin), browser, options);
  } finally {
    await browser.close();
  }
  if (!r || !r.result) throw new Error(`no measurement: ${JSON.stringify(r)}`);
  const { spans, ...result } = r.result;
  // The server's part of each edit: its last didChange in, to the publish VS Code took.
  const tap = fs.readFileSync(tapLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const parts = spans.map(([start, end]) => {
    const changes = tap.filter((m) => m.method === 'textDocument/didChange' && m.t >= start - 1 && m.t <= end);
    const publish = tap.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.t <= end).pop();
    if (!changes.length || !publish) return {};
    const changed = changes[changes.length - 1].t;
    return { send: changed - start, server: publish.t - changed, receive: end - publish.t };
  });
  const ms = (key) => parts.map((p) => (p[key] === undefined ? null : Math.round(p[key])));
  // Edit applied to didChange at the server; didChange to publish; publish to VS Code's diagnostics.
  result.client_send_ms = ms('send');
  result.server_ms = ms('server');
  result.client_receive_ms = ms('receive');
  result.publish_bytes = Math.max(...tap.filter((m) => m.method === 'textDocument/publishDiagnostics').map((m) => m.bytes));
  console.log(JSON.stringify(result));
}

async function main() {
  const bin = process.env.STATUSLINT_BIN;
  if (process.argv[2] === '--latency') return latency(process.argv[3], process.argv[4], bin);
  const [extensionDir, vsix, screenshotArg] = process.argv.slice(2);
  if (!extensionDir || !vsix || !bin) throw new Error('usage: STATUSLINT_BIN=... node run.js EXTENSION_DIR VSIX [SCREENSHOT]');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'statuslint-vscode-'));
  const screenshot = screenshotArg ? path.resolve(screenshotArg) : path.join(tmp, 'problems-panel.png');
  const browser = await codeServer.browser();
  const results = [];
  try {
    fs.mkdirSync(path.join(tmp, 'ext'));
    fs.mkdirSync(path.join(tmp, 'ui'));
    let started = Date.now();
    for (const r of await extensionHostSuite(path.join(tmp, 'ext'), path.resolve(extensionDir), path.resolve(bin), browser)) {
      results.push({ ...r, name: `extension host: ${r.name}` });
    }
    console.log(`extension-host suite: ${Date.now() - started} ms`);
    started = Date.now();
    for (const r of await uiSuite(path.join(tmp, 'ui'), path.resolve(vsix), screenshot, browser)) {
      results.push({ ...r, name: `UI: ${r.name}` });
    }
    console.log(`UI suite: ${Date.now() - started} ms`);
  } finally {
    await browser.close();
  }
  for (const r of results) {
    console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.ok ? '' : `\n     ${String(r.error).split('\n').join('\n     ')}`}`);
  }
  const failed = results.filter((r) => !r.ok).length;
  if (results.length === 0) throw new Error('no test ran');
  if (failed === 0) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`logs and screenshots: ${tmp}`);
  if (screenshotArg) console.log(`screenshot: ${screenshot}`);
  console.log(`vscode: ${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  console.log('vscode: 0 passed, 1 failed');
  process.exitCode = 1;
});
