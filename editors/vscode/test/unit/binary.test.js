'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { resolveBinary, notFoundMessage } = require('../../src/binary');

function tree() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'statuslint-binary-'));
  const make = (rel, mode = 0o755) => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '#!/bin/sh\n');
    fs.chmodSync(file, mode);
    return file;
  };
  return { root, make };
}

test('the setting wins over the bundled binary and PATH', () => {
  const { root, make } = tree();
  const configured = make('custom/statuslint');
  make('ext/bin/statuslint');
  make('path/statuslint');
  const found = resolveBinary({
    setting: configured,
    extensionDir: path.join(root, 'ext'),
    env: { PATH: path.join(root, 'path') },
    platform: 'linux',
  });
  assert.deepEqual(found, { path: configured, from: 'setting' });
});

test('a relative setting is taken from the workspace folder', () => {
  const { root, make } = tree();
  const configured = make('ws/tools/statuslint');
  const found = resolveBinary({
    setting: 'tools/statuslint',
    extensionDir: path.join(root, 'ext'),
    workspaceDir: path.join(root, 'ws'),
    env: { PATH: '' },
    platform: 'linux',
  });
  assert.deepEqual(found, { path: configured, from: 'setting' });
});

test('a setting that points nowhere is an error, not a fallback', () => {
  const { root, make } = tree();
  make('ext/bin/statuslint');
  const found = resolveBinary({
    setting: path.join(root, 'missing'),
    extensionDir: path.join(root, 'ext'),
    env: { PATH: '' },
    platform: 'linux',
  });
  assert.match(found.error, /statuslint\.path is set to ".*missing", but no executable file is there/);
});

test('the bundled binary comes before PATH', () => {
  const { root, make } = tree();
  const bundled = make('ext/bin/statuslint');
  make('path/statuslint');
  const found = resolveBinary({
    setting: null,
    extensionDir: path.join(root, 'ext'),
    env: { PATH: path.join(root, 'path') },
    platform: 'linux',
  });
  assert.deepEqual(found, { path: bundled, from: 'bundled' });
});

test('PATH is searched in order, skipping files that are not executable', () => {
  const { root, make } = tree();
  make('a/statuslint', 0o644);
  const second = make('b/statuslint');
  const found = resolveBinary({
    setting: '',
    extensionDir: path.join(root, 'ext'),
    env: { PATH: [path.join(root, 'a'), path.join(root, 'b')].join(path.delimiter) },
    platform: 'linux',
  });
  assert.deepEqual(found, { path: second, from: 'PATH' });
});

test('Windows looks for statuslint.exe and PATHEXT names', () => {
  const { root, make } = tree();
  const cmd = make('npm/statuslint.cmd', 0o644);
  const found = resolveBinary({
    setting: undefined,
    extensionDir: path.join(root, 'ext'),
    env: { Path: path.join(root, 'npm'), PATHEXT: '.EXE;.CMD' },
    platform: 'win32',
  });
  assert.deepEqual(found, { path: cmd, from: 'PATH' });
});

test('nothing found: undefined, and the notification names every install command', () => {
  const { root } = tree();
  const found = resolveBinary({ setting: null, extensionDir: root, env: { PATH: root }, platform: 'linux' });
  assert.equal(found, undefined);
  const message = notFoundMessage();
  for (const command of ['pip install statuslint', 'npm install --global statuslint', 'cargo install --locked statuslint']) {
    assert.ok(message.includes(command), `${command} missing from: ${message}`);
  }
  assert.ok(message.includes('statuslint.path'));
});
