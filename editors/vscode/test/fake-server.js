#!/usr/bin/env node
'use strict';
// A stand-in language server for the status bar test: it reports work-done progress ("linting")
// from `initialized` until the next document change, as the real server would around a lint; and it
// publishes one diagnostic per opened document, naming the document's language.

const { readFrames } = require('./lsp-frames');

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
  } else if (message.method === 'textDocument/didOpen') {
    const { uri, languageId } = message.params.textDocument;
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const diagnostics = [{ range, message: `opened as ${languageId}`, source: 'stand-in' }];
    send({ method: 'textDocument/publishDiagnostics', params: { uri, diagnostics } });
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

readFrames(process.stdin, (body) => handle(JSON.parse(body)));
