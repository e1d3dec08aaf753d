'use strict';
// Measures, in VS Code's extension host, how long an edit takes to show updated diagnostics: from
// the edit (the client sends didChange) to the diagnostics of the file changing in VS Code. Each
// edit inserts or removes a line at the top, which moves every finding, so every edit must bring a
// new publish. Run by `node run.js --latency SPEC` (not part of CI).

const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const EDITS = Number(process.env.STATUSLINT_LATENCY_EDITS || 12);

function nextDiagnostics(uri, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`no diagnostics within ${timeoutMs} ms`));
    }, timeoutMs);
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) {
        clearTimeout(timer);
        subscription.dispose();
        resolve(performance.timeOrigin + performance.now());
      }
    });
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function run() {
  const workspace = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const spec = fs.readdirSync(workspace).find((f) => /\.(ya?ml|json)$/.test(f));
  const uri = vscode.Uri.file(path.join(workspace, spec));
  const opened = performance.timeOrigin + performance.now();
  const first = nextDiagnostics(uri, 120000);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  const firstAt = await first;
  // Let the open settle (hover trees, a second publish) before timing edits.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const count = vscode.languages.getDiagnostics(uri).length;
  const json = spec.endsWith('.json');
  const samples = [];
  const spans = [];
  for (let i = 0; i < EDITS; i++) {
    const edit = new vscode.WorkspaceEdit();
    if (i % 2 === 0) edit.insert(uri, new vscode.Position(json ? 1 : 0, 0), json ? '\n' : '# edit\n');
    else edit.delete(uri, new vscode.Range(json ? 1 : 0, 0, json ? 2 : 1, 0));
    const published = nextDiagnostics(uri, 30000);
    const start = performance.timeOrigin + performance.now();
    await vscode.workspace.applyEdit(edit);
    spans.push([start, await published]);
    samples.push(Math.round(spans[spans.length - 1][1] - start));
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  const result = {
    spec,
    bytes: fs.statSync(uri.fsPath).size,
    diagnostics: count,
    first_diagnostics_ms: Math.round(firstAt - opened),
    edit_to_diagnostics_ms: samples,
    median_ms: median(samples),
    max_ms: Math.max(...samples),
    spans,
  };
  const out = process.env.STATUSLINT_VSCODE_RESULT;
  if (out) fs.writeFileSync(out, JSON.stringify([{ name: 'latency', ok: true, result }], null, 2));
  console.log(`ok latency ${JSON.stringify(result)}`);
}

module.exports = { run };
