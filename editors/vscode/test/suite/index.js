'use strict';
// Runs inside VS Code's extension host (code-server loads it as `extensionTestsPath`), with the
// extension under development and `statuslint.path` pointing at the binary under test.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const results = [];

async function waitFor(what, probe, timeoutMs = 20000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function code(diagnostic) {
  return typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
}

function statuslintDiagnostics(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'statuslint');
}

function range(r) {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    results.push({ name, ok: true, ms: Date.now() - started });
  } catch (e) {
    results.push({ name, ok: false, ms: Date.now() - started, error: String(e && e.stack ? e.stack : e) });
  }
}

// The quick fixes offered at a diagnostic's range. (The API command returns code actions
// without their `diagnostics`, so a fix is recognised by its title.)
async function quickFixesAt(uri, diagnostic) {
  const actions = await vscode.commands.executeCommand(
    'vscode.executeCodeActionProvider',
    uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return (actions || []).filter((a) => a.kind && a.kind.value === 'quickfix');
}

async function applyFixAndWaitGone(uri, wanted, title) {
  const diagnostic = statuslintDiagnostics(uri).find((d) => code(d) === wanted);
  assert.ok(diagnostic, `no ${wanted} diagnostic to fix`);
  // Asked again while empty: once, on a machine at load 25, the first request right after the
  // diagnostics came back empty (cause not found); a user's next Ctrl+. would ask again too.
  let fixes = [];
  await waitFor(`a quick fix for ${wanted}`, async () => (fixes = await quickFixesAt(uri, diagnostic)).length > 0, 10000)
    .catch(() => {});
  assert.deepEqual(fixes.map((a) => a.title), [title], `quick fixes offered for ${wanted}`);
  const [action] = fixes;
  assert.ok(action.edit, `the ${wanted} quick fix carries no edit`);
  assert.equal(await vscode.workspace.applyEdit(action.edit), true, 'applyEdit refused the fix');
  await waitFor(`${wanted} to disappear after its fix`, () =>
    statuslintDiagnostics(uri).every((d) => code(d) !== wanted),
  );
}

async function run() {
  const workspace = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const uri = vscode.Uri.file(path.join(workspace, 'orders.yaml'));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);

  await check('activates on YAML and starts the configured binary', async () => {
    const extension = vscode.extensions.getExtension('statuslint.statuslint');
    assert.ok(extension, 'extension statuslint.statuslint not loaded');
    await waitFor('the extension to activate', () => extension.isActive);
    const api = extension.exports;
    await waitFor('the server to run', () => api.isRunning());
    assert.deepEqual(api.binary(), { path: process.env.STATUSLINT_BIN, from: 'setting' });
  });

  await check('diagnostics carry source, codes and ranges', async () => {
    await waitFor('statuslint diagnostics', () => statuslintDiagnostics(uri).length >= 2);
    const byCode = new Map(statuslintDiagnostics(uri).map((d) => [code(d), d]));
    const created = byCode.get('created-without-location');
    const body = byCode.get('no-content-with-body');
    assert.ok(created && body, `codes: ${[...byCode.keys()].join(', ')}`);
    assert.deepEqual(range(created.range), [9, 8, 9, 13]);
    assert.equal(created.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(created.message, /^201 Created on POST \/orders has no `Location` header/);
    assert.deepEqual(range(body.range), [23, 10, 23, 17]);
    assert.equal(body.severity, vscode.DiagnosticSeverity.Error);
    assert.match(String(body.code.target), /^https:\/\//, 'code links to its reference');
    // Every diagnostic of this file comes from the server (no other linter runs here).
    assert.deepEqual(
      vscode.languages.getDiagnostics(uri).filter((d) => d.source !== 'statuslint'),
      [],
    );
  });

  await check('a quick fix is offered and applying it removes its finding', async () => {
    await applyFixAndWaitGone(uri, 'created-without-location', 'Declare the `Location` header');
    const text = document.getText();
    assert.match(text, /"201":\n {10}description: The order was created\n {10}headers:\n {12}Location:/);
    // The other finding is untouched.
    assert.ok(statuslintDiagnostics(uri).some((d) => code(d) === 'no-content-with-body'));
  });

  await check('"statuslint: Restart server" brings back a working server', async () => {
    const api = vscode.extensions.getExtension('statuslint.statuslint').exports;
    await vscode.commands.executeCommand('statuslint.restartServer');
    await waitFor('the server to run again', () => api.isRunning());
    await waitFor('diagnostics after the restart', () =>
      statuslintDiagnostics(uri).some((d) => code(d) === 'no-content-with-body'),
    );
    await applyFixAndWaitGone(uri, 'no-content-with-body', 'Remove the `content`');
    assert.doesNotMatch(document.getText(), /"204":\n(.*\n){1}\s+content:/);
  });

  await check('the restart command is contributed with its title', async () => {
    const commands = vscode.extensions.getExtension('statuslint.statuslint').packageJSON.contributes.commands;
    assert.ok(commands.some((c) => c.command === 'statuslint.restartServer' && c.title === 'Restart server' && c.category === 'statuslint'));
    assert.ok((await vscode.commands.getCommands(true)).includes('statuslint.restartServer'));
  });

  const config = () => vscode.workspace.getConfiguration('statuslint');
  const api = vscode.extensions.getExtension('statuslint.statuslint').exports;

  await check('the status bar spins while the server reports work-done progress', async () => {
    // A new statuslint.path restarts the server: here a stand-in that reports progress from
    // `initialized` until the next edit.
    await config().update('path', path.join(__dirname, '..', 'fake-server.js'), vscode.ConfigurationTarget.Workspace);
    await waitFor('the stand-in server', () => api.binary() && api.binary().path.endsWith('fake-server.js'));
    const linting = await waitFor('the linting state', () => {
      const bar = api.statusBar();
      return bar.text.includes('$(sync~spin)') && api.state() === 'running' ? bar : undefined;
    });
    assert.equal(linting.tooltip, 'statuslint: linting orders.yaml');
    const editor = vscode.window.activeTextEditor;
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# edited\n'));
    const idle = await waitFor('the end of the progress', () => {
      const bar = api.statusBar();
      return bar.text === '$(check) statuslint' ? bar : undefined;
    });
    assert.match(idle.tooltip, /^statuslint: server running \(.*fake-server\.js, via setting\)$/);
  });

  await check('Rust and JSON files go to the server too', async () => {
    for (const [name, text, language] of [
      ['api.rs', 'fn main() {}\n', 'rust'],
      ['api.json', '{}\n', 'json'],
    ]) {
      const file = vscode.Uri.file(path.join(workspace, name));
      fs.writeFileSync(file.fsPath, text);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      await waitFor(`the stand-in server to see ${name}`, () =>
        vscode.languages.getDiagnostics(file).some((d) => d.source === 'stand-in' && d.message === `opened as ${language}`),
      );
    }
    await vscode.window.showTextDocument(document);
  });

  await check('no binary anywhere: the status bar says so', async () => {
    // code-server runs with a PATH that holds no statuslint, and the source tree has no bin/.
    await config().update('path', '', vscode.ConfigurationTarget.Workspace);
    await waitFor('the failed state', () => api.state() === 'failed');
    assert.equal(api.binary(), undefined);
    assert.equal(api.statusBar().text, '$(error) statuslint');
    assert.match(api.statusBar().tooltip, /no statuslint binary/);
  });

  const out = process.env.STATUSLINT_VSCODE_RESULT;
  if (out) fs.writeFileSync(out, JSON.stringify(results, null, 2));
  for (const r of results) console.log(`${r.ok ? 'ok' : 'FAILED'} ${r.name} (${r.ms} ms)${r.ok ? '' : '\n' + r.error}`);
  const failed = results.filter((r) => !r.ok).length;
  if (failed > 0) throw new Error(`${failed} extension-host checks failed`);
}

module.exports = { run };
