#!/usr/bin/env node
'use strict';
// A stand-in language server for the status bar test: it reports work-done progress ("linting")
// from `initialized` until the next document change, as the real server would around a lint.

let buffer = Buffer.alloc(0);
let nextId = 0;
let token;

function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
  process.stdout.write(`Content-Length: ${body.length}\r\n\r\n`);
  process.stdout.write(body);
}

function progress(value) {
  send({ method: '$/progress', params: { token, value } });
}

function handle(message) {
  if (message.method === 'initialize') {
    send({ id: message.id, result: { capabilities: { textDocumentSync: 1 } } });
  } else if (message.method === 'initialized') {
    token = `lint-${nextId}`;
    send({ id: `create-${nextId++}`, method: 'window/workDoneProgress/create', params: { token } });
  } else if (message.id !== undefined && String(message.id).startsWith('create-') && !message.method) {
    progress({ kind: 'begin', title: 'Linting', message: 'linting orders.yaml' });
  } else if (message.method === 'textDocument/didChange' && token) {
    progress({ kind: 'end' });
    token = undefined;
  } else if (message.method === 'shutdown') {
    send({ id: message.id, result: null });
  } else if (message.method === 'exit') {
    process.exit(0);
  } else if (message.id !== undefined && message.method) {
    send({ id: message.id, error: { code: -32601, message: 'not implemented' } });
  }
}

process.stdin.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const header = buffer.indexOf('\r\n\r\n');
    if (header < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, header).toString())[1]);
    if (buffer.length < header + 4 + length) return;
    handle(JSON.parse(buffer.subarray(header + 4, header + 4 + length).toString()));
    buffer = buffer.subarray(header + 4 + length);
  }
});
