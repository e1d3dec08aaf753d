'use strict';
// Starts `statuslint lsp` for YAML, JSON and Rust files and keeps it running.

const vscode = require('vscode');
const {
  LanguageClient,
  State,
  RevealOutputChannelOn,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
} = require('vscode-languageclient/node');
const { resolveBinary, notFoundMessage, INSTALL_COMMANDS } = require('./binary');
const { Status } = require('./status');

const LANGUAGES = ['yaml', 'json', 'jsonc', 'rust'];

let output;
let status;
let client;
/** How the running client's binary was found, for the tooltip and the tests. */
let binary;
let context;

/**
 * Sends the server's work-done progress to the status bar. Registered after the client's own
 * progress feature, so its handler is the one in place after every (re)start.
 */
class ProgressToStatus {
  constructor(languageClient) {
    this.client = languageClient;
  }
  fillClientCapabilities(capabilities) {
    capabilities.window = capabilities.window || {};
    capabilities.window.workDoneProgress = true;
  }
  initialize() {
    this.client.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
      const subscription = this.client.onProgress(WorkDoneProgress.type, token, (value) => {
        status.progress(token, value);
        if (value.kind === 'end') subscription.dispose();
      });
    });
  }
  getState() {
    return { kind: 'static' };
  }
  clear() {}
}

function settings() {
  const config = vscode.workspace.getConfiguration('statuslint');
  return {
    path: config.get('path'),
    args: config.get('args') || [],
    debounceMs: config.get('debounceMs'),
  };
}

function workspaceDir() {
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length > 0 && folders[0].uri.scheme === 'file' ? folders[0].uri.fsPath : undefined;
}

async function tellNotFound() {
  output.appendLine(notFoundMessage());
  const copy = 'Copy install command';
  const open = 'Open settings';
  const choice = await vscode.window.showErrorMessage(notFoundMessage(), copy, open);
  if (choice === copy) {
    const command = await vscode.window.showQuickPick(INSTALL_COMMANDS, { placeHolder: 'Install statuslint with' });
    if (command) await vscode.env.clipboard.writeText(command);
  } else if (choice === open) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'statuslint.path');
  }
}

async function startClient() {
  const wanted = settings();
  const found = resolveBinary({
    setting: wanted.path,
    extensionDir: context.extensionPath,
    workspaceDir: workspaceDir(),
  });
  if (!found || found.error) {
    binary = undefined;
    status.set('failed', found ? found.error : 'no statuslint binary');
    if (found) {
      output.appendLine(found.error);
      void vscode.window.showErrorMessage(found.error);
    } else {
      void tellNotFound();
    }
    return;
  }
  binary = found;
  output.appendLine(`Starting ${found.path} lsp (found via ${found.from})`);
  const initializationOptions = {};
  if (typeof wanted.debounceMs === 'number') initializationOptions.debounceMs = wanted.debounceMs;
  client = new LanguageClient(
    'statuslint',
    'statuslint',
    {
      command: found.path,
      args: ['lsp', ...wanted.args],
      // npm's shim on Windows is a .cmd, which Node starts only through a shell.
      options: { cwd: workspaceDir(), shell: /\.(cmd|bat)$/i.test(found.path) },
    },
    {
      documentSelector: LANGUAGES.map((language) => ({ scheme: 'file', language })),
      outputChannel: output,
      traceOutputChannel: output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions,
    },
  );
  client.registerFeature(new ProgressToStatus(client));
  client.onDidChangeState(({ newState }) => {
    if (newState === State.Running) status.set('running', `${found.path}, via ${found.from}`);
    else if (newState === State.Starting) status.set('starting');
    else status.set('stopped');
  });
  status.set('starting');
  try {
    await client.start();
  } catch (e) {
    status.set('failed', String(e && e.message ? e.message : e));
    output.appendLine(`The server did not start: ${e}`);
  }
}

async function stopClient() {
  const stopping = client;
  client = undefined;
  if (!stopping) return;
  try {
    await stopping.stop();
  } catch (e) {
    output.appendLine(`Stopping the server: ${e}`);
  }
  await stopping.dispose();
}

async function restart() {
  await stopClient();
  await startClient();
}

async function activate(extensionContext) {
  context = extensionContext;
  output = vscode.window.createOutputChannel('statuslint');
  status = new Status();
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand('statuslint.restartServer', restart),
    vscode.commands.registerCommand('statuslint.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (['path', 'args', 'debounceMs'].some((key) => e.affectsConfiguration(`statuslint.${key}`))) {
        void restart();
      }
    }),
  );
  await startClient();
  // For the tests, and for extensions that want to know where the server came from.
  return {
    binary: () => binary,
    state: () => status.state,
    statusBar: () => ({ text: status.item.text, tooltip: String(status.item.tooltip) }),
    isRunning: () => client !== undefined && client.isRunning(),
  };
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate };
