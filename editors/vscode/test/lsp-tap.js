#!/usr/bin/env node
'use strict';
// Sits between VS Code and `statuslint lsp` and logs when each message passes, to split an edit's
// latency into the server's part (didChange in, publishDiagnostics out) and the client's.
// STATUSLINT_TAP_BIN is the server binary, STATUSLINT_TAP_LOG the log (one JSON object a line).

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const { readFrames } = require('./lsp-frames');

const log = fs.openSync(process.env.STATUSLINT_TAP_LOG, 'a');
const server = spawn(process.env.STATUSLINT_TAP_BIN, process.argv.slice(2), { stdio: ['pipe', 'pipe', 'inherit'] });

function tap(from, to, direction) {
  from.on('data', (chunk) => to.write(chunk));
  readFrames(from, (body) => {
    const method = /"method"\s*:\s*"([^"]+)"/.exec(body);
    const t = performance.now() + performance.timeOrigin;
    fs.writeSync(log, JSON.stringify({ t, direction, method: method && method[1], bytes: Buffer.byteLength(body) }) + '\n');
  });
}

tap(process.stdin, server.stdin, 'in');
tap(server.stdout, process.stdout, 'out');
server.on('exit', (code) => process.exit(code ?? 1));
