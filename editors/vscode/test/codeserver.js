'use strict';
// Starts code-server (VS Code's workbench and extension host) and headless Chromium on loopback.

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const CODE_SERVER = path.join(__dirname, 'node_modules', '.bin', 'code-server');

const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
};

// Its config.yaml goes to the test's folder, and the extension gallery to a closed loopback port.
const OFFLINE = (prof) => ({
  XDG_CONFIG_HOME: path.dirname(prof.userData),
  EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/', itemUrl: 'http://127.0.0.1:9/' }),
});

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForPort(port, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const up = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not listen on ${port} within ${timeoutMs} ms`);
}

/** A fresh user-data and extensions directory under `root`. */
function profile(root) {
  const userData = path.join(root, 'user-data');
  const extensions = path.join(root, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  return { userData, extensions };
}

function installExtension(prof, vsix) {
  execFileSync(
    CODE_SERVER,
    ['--user-data-dir', prof.userData, '--extensions-dir', prof.extensions, '--install-extension', vsix],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60000,
      env: { ...process.env, ...OFFLINE(prof) },
    },
  );
}

/**
 * Starts code-server in its own process group (it leaves file watchers and extension hosts
 * behind otherwise), so `stop()` ends all of it.
 */
async function start(prof, { env = {}, log }) {
  const port = await freePort();
  const child = spawn(
    CODE_SERVER,
    [
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir', prof.userData,
      '--extensions-dir', prof.extensions,
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...OFFLINE(prof), ...env },
    },
  );
  const out = fs.createWriteStream(log);
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  await waitForPort(port, 60000);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    url: `http://127.0.0.1:${port}/`,
    /** Ends the whole process group: politely, then for good (extension hosts linger). */
    async stop() {
      const group = (signal) => {
        try {
          process.kill(-child.pid, signal);
        } catch {
          // Already gone.
        }
      };
      group('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
      group('SIGKILL');
      child.stdout.destroy();
      child.stderr.destroy();
      out.end();
    },
  };
}

function chromiumPath() {
  // Debian's /usr/bin/chromium is a wrapper script; Playwright wants the browser itself.
  for (const candidate of [process.env.CHROMIUM, '/usr/lib/chromium/chromium', '/usr/bin/chromium']) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  throw new Error('no Chromium found (apt-get install chromium)');
}

async function browser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] });
}

module.exports = { profile, installExtension, start, browser };
