#!/usr/bin/env node
'use strict';
// Sits between VS Code and `statuslint lsp` and logs when each message passes, to split an edit's
// latency into the server's part (didChange in, publishDiagnostics out) and the client's.
// STATUSLINT_TAP_BIN is the server binary, STATUSLINT_TAP_LOG the log (one JSON object a line).

const { spawn } = require('node:child_process');
const fs = require('node:fs');

const log = fs.openSync(process.env.STATUSLINT_TAP_LOG, 'a');
const server = spawn(process.env.STATUSLINT_TAP_BIN, process.argv.slice(2), { stdio: ['pipe', 'pipe', 'inherit'] });

function tap(from, to, direction) {
  let buffer = Buffer.alloc(0);
  from.on('data', (chunk) => {
    to.write(chunk);
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const header = buffer.indexOf('\r\n\r\n');
      if (header < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, header).toString())[1]);
      if (buffer.length < header + 4 + length) return;
      const body = buffer.subarray(header + 4, header + 4 + length).toString();
      buffer = buffer.subarray(header + 4 + length);
      const method = /"method"\s*:\s*"([^"]+)"/.exec(body);
      const entry = { t: performance.now() + performance.timeOrigin, direction, method: method && method[1], bytes: length };
      fs.writeSync(log, JSON.stringify(entry) + '\n');
    }
  });
}

tap(process.stdin, server.stdin, 'in');
tap(server.stdout, process.stdout, 'out');
server.on('exit', (code) => process.exit(code ?? 1));
