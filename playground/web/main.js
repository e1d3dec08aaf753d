// The playground page: CodeMirror tabs (an in-memory workspace), statuslint compiled to
// WebAssembly, and the whole state in the URL's hash.
import init, * as statuslint from './pkg/statuslint_playground.js';
import { EditorView, basicSetup } from 'codemirror';
import { EditorState } from '@codemirror/state';
import { yaml } from '@codemirror/lang-yaml';
import { json } from '@codemirror/lang-json';
import { setDiagnostics, lintGutter } from '@codemirror/lint';
import { examples, starterConfig } from './examples.js';
import { decodeState, encodeState } from './state.js';

const CONFIG = 'statuslint.yaml';
const SEVERITIES = ['error', 'warning', 'info'];

const $ = (selector) => document.querySelector(selector);

/** What the URL holds. `active` is a tab index, or -1 for the configuration tab. */
let state = {
  tabs: [],
  active: 0,
  config: starterConfig,
  format: 'graphical',
  filter: { error: true, warning: true, info: true },
  view: 'findings',
  topic: '',
};
/** Each tab's CodeMirror state (undo history, selection), by tab object; the config's under CONFIG. */
const editorStates = new Map();
let report = { findings: [], summary: { errors: 0, warnings: 0, infos: 0, files: 0 } };
let configError = null;
let lintError = null;
let lastLintMs = 0;
let lintTimer = 0;
let urlTimer = 0;
let view;

function activeName() {
  return state.active < 0 ? CONFIG : state.tabs[state.active].name;
}

function activeText() {
  return state.active < 0 ? state.config : state.tabs[state.active].text;
}

function languageFor(name) {
  return name.toLowerCase().endsWith('.json') ? json() : yaml();
}

function editorStateFor(key, name, text) {
  let cm = editorStates.get(key);
  if (!cm) {
    cm = EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        languageFor(name),
        lintGutter(),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) edited(update.state.doc.toString());
        }),
      ],
    });
    editorStates.set(key, cm);
  }
  return cm;
}

function edited(text) {
  if (state.active < 0) state.config = text;
  else state.tabs[state.active].text = text;
  scheduleLint();
  scheduleUrl();
}

function showActiveTab() {
  const key = state.active < 0 ? CONFIG : state.tabs[state.active];
  // Keep the leaving tab's editor state (history, selection) for when it comes back.
  if (view.__key) editorStates.set(view.__key, view.state);
  view.setState(editorStateFor(key, activeName(), activeText()));
  view.__key = key;
  applyDiagnostics();
  renderTabs();
}

function renderTabs() {
  const nav = $('#tabs');
  nav.replaceChildren();
  state.tabs.forEach((tab, index) => {
    const button = document.createElement('button');
    button.role = 'tab';
    button.dataset.tab = tab.name;
    button.setAttribute('aria-selected', String(index === state.active));
    button.title = index === 0 ? 'The root: the file that is linted' : "Reached through the root's $refs";
    button.textContent = tab.name;
    button.addEventListener('click', () => selectTab(index));
    button.addEventListener('dblclick', () => renameTab(index));
    if (state.tabs.length > 1) {
      const close = document.createElement('span');
      close.className = 'close';
      close.textContent = '×';
      close.title = 'Close this tab';
      close.addEventListener('click', (event) => {
        event.stopPropagation();
        closeTab(index);
      });
      button.append(close);
    }
    nav.append(button);
  });
  const add = document.createElement('button');
  add.textContent = '+';
  add.title = 'Add a file that $refs can reach';
  add.id = 'add-tab';
  add.addEventListener('click', addTab);
  nav.append(add);
  const config = document.createElement('button');
  config.className = 'config';
  config.role = 'tab';
  config.dataset.tab = CONFIG;
  config.setAttribute('aria-selected', String(state.active < 0));
  config.textContent = CONFIG + (configError ? ' ⚠' : '');
  config.addEventListener('click', () => selectTab(-1));
  nav.append(config);
}

function selectTab(index) {
  state.active = index;
  showActiveTab();
  scheduleUrl();
}

function addTab() {
  const name = prompt('File name, as a $ref names it (relative to the root):', 'common/responses.yaml');
  if (!name || state.tabs.some((t) => t.name === name)) return;
  state.tabs.push({ name, text: '' });
  selectTab(state.tabs.length - 1);
  scheduleLint();
}

function renameTab(index) {
  const tab = state.tabs[index];
  const name = prompt('Rename the file:', tab.name);
  if (!name || name === tab.name || state.tabs.some((t) => t.name === name)) return;
  tab.name = name;
  editorStates.delete(tab);
  if (index === state.active) view.__key = null;
  showActiveTab();
  lintNow();
  scheduleUrl();
}

function closeTab(index) {
  const [tab] = state.tabs.splice(index, 1);
  editorStates.delete(tab);
  if (view.__key === tab) view.__key = null;
  if (state.active >= state.tabs.length || state.active === index) state.active = 0;
  else if (state.active > index) state.active -= 1;
  showActiveTab();
  lintNow();
  scheduleUrl();
}

// --- linting ------------------------------------------------------------------------------

function lintOptions(format) {
  const files = Object.fromEntries(state.tabs.slice(1).map((t) => [t.name, t.text]));
  return JSON.stringify({ files, config: state.config, format });
}

/** Runs statuslint on the root tab; gives the report in `format`. Throws what lint throws. */
function runLint(format) {
  const root = state.tabs[0];
  return statuslint.lint(root.text, root.name, lintOptions(format));
}

function lintNow() {
  clearTimeout(lintTimer);
  const started = performance.now();
  configError = null;
  lintError = null;
  try {
    report = JSON.parse(runLint('json'));
  } catch (error) {
    report = { findings: [], summary: { errors: 0, warnings: 0, infos: 0, files: 0 } };
    const problem = parseProblem(error);
    if (problem && problem.kind === 'config') configError = problem;
    else lintError = String(error.message || error);
  }
  lastLintMs = performance.now() - started;
  window.playground.lintMs = lastLintMs;
  window.playground.lints += 1;
  renderFindings();
  renderTabs();
  applyDiagnostics();
  if (state.view === 'output') renderOutput();
  $('#status').textContent = `linted in ${lastLintMs < 10 ? lastLintMs.toFixed(1) : Math.round(lastLintMs)} ms`;
}

function parseProblem(error) {
  try {
    return JSON.parse(error.message);
  } catch {
    return null;
  }
}

/** Lints on every change: at once for a small spec, after a pause as long as a lint takes for a large one. */
function scheduleLint() {
  clearTimeout(lintTimer);
  const delay = lastLintMs < 20 ? 0 : Math.min(1000, lastLintMs * 2);
  lintTimer = setTimeout(lintNow, delay);
}

function shown(finding) {
  return state.filter[finding.severity];
}

function renderFindings() {
  const list = $('#findings');
  list.replaceChildren();
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of report.findings) counts[finding.severity] += 1;
  for (const severity of SEVERITIES) $(`[data-count=${severity}]`).textContent = `(${counts[severity]})`;
  const visible = report.findings.filter(shown);
  $('#count').textContent = `(${visible.length})`;
  const banner = $('#banner');
  banner.hidden = !(configError || lintError || report.summary.files === 0);
  if (configError) banner.textContent = configError.report || `statuslint.yaml: ${configError.message}`;
  else if (lintError) banner.textContent = lintError;
  else if (report.summary.files === 0)
    banner.textContent = `${state.tabs[0].name} is not linted: not an API description (no top-level openapi or swagger key), no utoipa declaration, or excluded by the configuration.`;
  report.findings.forEach((finding, index) => {
    if (!shown(finding)) return;
    const item = document.createElement('li');
    item.className = `finding ${finding.severity}`;
    item.dataset.rule = finding.rule;
    item.dataset.line = finding.start.line;
    item.dataset.file = finding.file;
    item.dataset.index = index;
    item.innerHTML = `<span class="sev ${finding.severity}"></span> <span class="where"></span> <a class="rule" href="#"></a><div class="message"></div>`;
    item.querySelector('.sev').textContent = finding.severity;
    item.querySelector('.where').textContent = `${finding.file}:${finding.start.line}:${finding.start.column}`;
    item.querySelector('.message').innerHTML = withCode(finding.message);
    const link = item.querySelector('a.rule');
    link.textContent = finding.rule;
    link.title = `Open the docs of ${finding.rule}`;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      event.stopPropagation();
      openDocs(finding.rule);
    });
    item.addEventListener('click', () => jumpTo(finding));
    list.append(item);
  });
}

function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A message with its `code` spans set as code. */
function withCode(text) {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** CodeMirror offset (UTF-16) of a report position (1-based line, column in code points). */
function offsetOf(doc, position) {
  const line = doc.line(Math.max(1, Math.min(position.line, doc.lines)));
  let utf16 = 0;
  let points = 0;
  for (const ch of line.text) {
    if (points >= position.column - 1) break;
    utf16 += ch.length;
    points += 1;
  }
  return line.from + utf16;
}

function rangeOf(doc, finding) {
  const from = offsetOf(doc, finding.start);
  let to = offsetOf(doc, finding.end);
  if (finding.end.line > doc.lines) to = doc.length;
  return { from, to: Math.max(from, to) };
}

function applyDiagnostics() {
  const doc = view.state.doc;
  const name = activeName();
  const diagnostics = [];
  for (const finding of report.findings) {
    if (finding.file !== name || !shown(finding)) continue;
    const { from, to } = rangeOf(doc, finding);
    diagnostics.push({
      from,
      to,
      severity: finding.severity,
      source: finding.rule,
      message: finding.message,
      actions: [{ name: 'Docs', apply: () => openDocs(finding.rule) }],
    });
  }
  if (name === CONFIG && configError) {
    const line = doc.line(Math.max(1, Math.min(configError.line, doc.lines)));
    const from = Math.min(line.to, line.from + configError.column - 1);
    diagnostics.push({
      from,
      to: Math.max(line.to, from),
      severity: 'error',
      source: 'statuslint.yaml',
      message: configError.message + (configError.help ? ` (${configError.help})` : ''),
    });
  }
  diagnostics.sort((a, b) => a.from - b.from);
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

function jumpTo(finding) {
  const index = state.tabs.findIndex((t) => t.name === finding.file);
  if (index < 0) return;
  if (index !== state.active) selectTab(index);
  const { from, to } = rangeOf(view.state.doc, finding);
  view.dispatch({ selection: { anchor: from, head: to }, effects: EditorView.scrollIntoView(from, { y: 'center' }) });
  view.focus();
}

// --- the right-hand views ------------------------------------------------------------------

function selectView(name) {
  state.view = name;
  for (const button of document.querySelectorAll('#views button'))
    button.setAttribute('aria-selected', String(button.dataset.view === name));
  for (const panel of document.querySelectorAll('.view')) panel.hidden = panel.id !== `view-${name}`;
  if (name === 'output') renderOutput();
  scheduleUrl();
}

function renderOutput() {
  $('#format').value = state.format;
  try {
    $('#output').textContent = runLint(state.format);
  } catch (error) {
    const problem = parseProblem(error);
    $('#output').textContent = problem?.report || String(error.message || error);
  }
}

function openDocs(topic) {
  state.topic = topic;
  renderDocs();
  selectView('docs');
}

function renderDocs() {
  $('#topic').value = state.topic;
  const docs = $('#docs');
  if (!state.topic) {
    docs.replaceChildren();
    return;
  }
  try {
    docs.innerHTML = markdown(statuslint.explain(state.topic));
  } catch (error) {
    docs.textContent = String(error.message || error);
  }
}

/** The small Markdown of `statuslint explain`: headings, paragraphs, indented code, <links>, `code`. */
function markdown(text) {
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const inline = (s) =>
    escape(s)
      .replace(/&lt;(https?:\/\/[^&\s]+)&gt;/g, '<a href="$1" target="_blank" rel="noopener">$1</a>')
      .replace(/`([^`]+)`/g, (_, code) => {
        const known = ruleIds.has(code) ? ` class="rule-link" data-rule="${code}"` : '';
        return `<code${known}>${code}</code>`;
      });
  const html = [];
  for (const block of text.split(/\n{2,}/)) {
    if (!block.trim()) continue;
    if (block.startsWith('## ')) html.push(`<h3>${inline(block.slice(3))}</h3>`);
    else if (block.startsWith('# ')) html.push(`<h2>${inline(block.slice(2))}</h2>`);
    else if (block.split('\n').every((l) => l.startsWith('    ') || !l.trim()))
      html.push(`<pre>${escape(block.split('\n').map((l) => l.slice(4)).join('\n'))}</pre>`);
    else html.push(`<p>${inline(block)}</p>`);
  }
  return html.join('\n');
}

let ruleIds = new Set();

function renderRules() {
  const rules = JSON.parse(statuslint.rules());
  ruleIds = new Set(rules.map((r) => r.id));
  const table = $('#rules');
  for (const rule of rules) {
    const row = table.insertRow();
    const id = document.createElement('a');
    id.href = '#';
    id.className = 'rule';
    id.textContent = rule.id;
    id.addEventListener('click', (event) => {
      event.preventDefault();
      openDocs(rule.id);
    });
    row.insertCell().append(id);
    row.insertCell().textContent = rule.severity;
    row.insertCell().textContent = rule.statuses.join(', ');
    row.insertCell().textContent = rule.summary;
  }
}

// --- the URL -------------------------------------------------------------------------------

function scheduleUrl() {
  clearTimeout(urlTimer);
  const size = state.tabs.reduce((n, t) => n + t.text.length, 0);
  urlTimer = setTimeout(writeUrl, size > 1_000_000 ? 2000 : 250);
}

async function writeUrl() {
  const encoded = await encodeState({
    tabs: state.tabs.map((t) => [t.name, t.text]),
    active: state.active,
    config: state.config,
    format: state.format,
    filter: SEVERITIES.filter((s) => state.filter[s]),
    view: state.view,
    topic: state.topic,
  });
  history.replaceState(null, '', `#s=${encoded}`);
  window.playground.urlWrites += 1;
}

async function readUrl() {
  const match = location.hash.match(/^#s=(.+)$/);
  if (!match) return false;
  try {
    const saved = await decodeState(match[1]);
    state = {
      tabs: saved.tabs.map(([name, text]) => ({ name, text })),
      active: Math.min(saved.active ?? 0, saved.tabs.length - 1),
      config: saved.config ?? '',
      format: saved.format || 'graphical',
      filter: Object.fromEntries(SEVERITIES.map((s) => [s, (saved.filter || SEVERITIES).includes(s)])),
      view: saved.view || 'findings',
      topic: saved.topic || '',
    };
    return state.tabs.length > 0;
  } catch (error) {
    $('#status').textContent = `the link could not be read: ${error.message}`;
    return false;
  }
}

function loadExample(id) {
  const example = examples.find((e) => e.id === id) || examples[0];
  state.tabs = example.tabs().map((t) => ({ ...t }));
  state.active = 0;
  editorStates.clear();
  view.__key = null;
  showActiveTab();
  lintNow();
  scheduleUrl();
}

async function share() {
  await writeUrl();
  try {
    await navigator.clipboard.writeText(location.href);
    $('#status').textContent = 'link copied';
  } catch {
    $('#status').textContent = 'the link is in the address bar';
  }
}

async function main() {
  window.playground = { ready: false, lints: 0, urlWrites: 0, lintMs: 0 };
  await init();
  window.playground.lint = statuslint.lint;
  window.playground.explain = statuslint.explain;
  renderRules();

  const select = $('#examples');
  for (const example of examples) select.add(new Option(example.title, example.id));
  select.addEventListener('change', () => {
    if (select.value) loadExample(select.value);
    select.value = '';
  });
  $('#share').addEventListener('click', share);
  for (const button of document.querySelectorAll('#views button'))
    button.addEventListener('click', () => selectView(button.dataset.view));
  for (const box of document.querySelectorAll('#filter input'))
    box.addEventListener('change', () => {
      state.filter[box.dataset.severity] = box.checked;
      renderFindings();
      applyDiagnostics();
      scheduleUrl();
    });
  $('#format').addEventListener('change', () => {
    state.format = $('#format').value;
    renderOutput();
    scheduleUrl();
  });
  $('#explain-form').addEventListener('submit', (event) => {
    event.preventDefault();
    openDocs($('#topic').value.trim());
    scheduleUrl();
  });
  $('#docs').addEventListener('click', (event) => {
    const rule = event.target.closest('[data-rule]');
    if (rule) openDocs(rule.dataset.rule);
  });

  view = new EditorView({ parent: $('#editor') });
  window.playground.view = view;
  const fromUrl = await readUrl();
  if (!fromUrl) state.tabs = examples[0].tabs().map((t) => ({ ...t }));
  for (const box of document.querySelectorAll('#filter input')) box.checked = state.filter[box.dataset.severity];
  showActiveTab();
  lintNow();
  renderDocs();
  selectView(state.view);
  window.playground.ready = true;

  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    navigator.serviceWorker.register('./sw.js').catch(() => {});
  }
}

main();
