'use strict';
// Finds the statuslint binary. Kept free of the `vscode` module so that plain Node tests it.

const fs = require('node:fs');
const path = require('node:path');

/** What the user runs to get a binary, shown when none is found. */
const INSTALL_COMMANDS = [
  'pip install statuslint',
  'npm install --global statuslint',
  'cargo install --locked statuslint',
];

function executableName(platform) {
  return platform === 'win32' ? 'statuslint.exe' : 'statuslint';
}

function isExecutable(file, platform) {
  try {
    if (!fs.statSync(file).isFile()) return false;
    // Windows has no execute bit: a file with the right extension is enough.
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function searchPath(env, platform) {
  const dirs = (env.PATH || env.Path || '').split(path.delimiter).filter(Boolean);
  const names =
    platform === 'win32'
      ? (env.PATHEXT || '.EXE;.CMD;.BAT').split(';').map((ext) => 'statuslint' + ext.toLowerCase())
      : ['statuslint'];
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate, platform)) return candidate;
    }
  }
  return undefined;
}

/**
 * The binary to start, in order: the `statuslint.path` setting, the one bundled in a
 * platform-specific .vsix (`bin/`), then `statuslint` on PATH.
 *
 * Returns `{ path, from }` (`from` is "setting", "bundled" or "PATH"), or `{ error }` when a
 * configured path does not exist, or `undefined` when nothing was found.
 */
function resolveBinary({ setting, extensionDir, workspaceDir, env = process.env, platform = process.platform }) {
  if (typeof setting === 'string' && setting.trim() !== '') {
    let configured = setting.trim();
    if (configured.startsWith('~/') && env.HOME) configured = path.join(env.HOME, configured.slice(2));
    if (!path.isAbsolute(configured) && workspaceDir) configured = path.join(workspaceDir, configured);
    if (isExecutable(configured, platform)) return { path: configured, from: 'setting' };
    return { error: `statuslint.path is set to "${setting}", but no executable file is there.` };
  }
  const bundled = path.join(extensionDir, 'bin', executableName(platform));
  if (isExecutable(bundled, platform)) return { path: bundled, from: 'bundled' };
  const onPath = searchPath(env, platform);
  if (onPath) return { path: onPath, from: 'PATH' };
  return undefined;
}

/** The text of the notification shown when no binary is found. */
function notFoundMessage() {
  // Notifications show text as it is (no Markdown), so commands are quoted, not back-ticked.
  return (
    'statuslint: no statuslint binary found (searched the "statuslint.path" setting, the extension, and PATH). ' +
    'Install it with one of: ' +
    INSTALL_COMMANDS.map((c) => `"${c}"`).join(', ') +
    ', or set "statuslint.path".'
  );
}

module.exports = { resolveBinary, notFoundMessage, INSTALL_COMMANDS, executableName };
