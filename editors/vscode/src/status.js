'use strict';
// The status bar item: whether the server runs, and whether it is linting right now.

const vscode = require('vscode');

class Status {
  constructor() {
    this.item = vscode.window.createStatusBarItem('statuslint.status', vscode.StatusBarAlignment.Left, 0);
    this.item.name = 'statuslint';
    this.item.command = 'statuslint.showOutput';
    /** Work-done progress the server reported and has not ended, by token. */
    this.linting = new Map();
    this.state = 'stopped';
    this.detail = '';
    this.render();
    this.item.show();
  }

  /** `state`: "starting", "running", "stopped" or "failed"; `detail` goes in the tooltip. */
  set(state, detail = '') {
    this.state = state;
    this.detail = detail;
    if (state !== 'running') this.linting.clear();
    this.render();
  }

  /** Server progress (`$/progress`): `begin` shows it linting until its `end`. */
  progress(token, value) {
    if (value.kind === 'end') this.linting.delete(token);
    else this.linting.set(token, value.message || value.title || this.linting.get(token) || 'linting');
    this.render();
  }

  render() {
    const item = this.item;
    item.backgroundColor = undefined;
    if (this.state === 'running' && this.linting.size > 0) {
      const what = [...this.linting.values()].pop();
      item.text = '$(sync~spin) statuslint';
      item.tooltip = `statuslint: ${what}`;
    } else if (this.state === 'running') {
      item.text = '$(check) statuslint';
      item.tooltip = `statuslint: server running${this.detail ? ` (${this.detail})` : ''}`;
    } else if (this.state === 'starting') {
      item.text = '$(sync~spin) statuslint';
      item.tooltip = 'statuslint: starting the server';
    } else {
      item.text = this.state === 'failed' ? '$(error) statuslint' : '$(circle-slash) statuslint';
      item.tooltip = `statuslint: server ${this.state}${this.detail ? `: ${this.detail}` : ''}. Click for the output.`;
      if (this.state === 'failed') item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    }
    item.accessibilityInformation = { label: String(item.tooltip) };
  }

  dispose() {
    this.item.dispose();
  }
}

module.exports = { Status };
