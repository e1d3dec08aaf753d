// Times linting one large spec in the browser (the wasm build, in headless chromium) against the
// native CLI on the same machine, alternating the two so that both see the same load.
//
//   node test/bench.mjs [SPEC] [ROUNDS]     (default: ../shared/corpus/real/github-api.github.com.yaml, 5)
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, CHROMIUM_ARGS } from './serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const spec = resolve(process.argv[2] || join(repo, '../shared/corpus/real/github-api.github.com.yaml'));
const rounds = Number(process.argv[3] || 5);
const cli = process.env.STATUSLINT_BIN || join(repo, 'target/release/statuslint');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await serve(join(repo, 'playground/dist'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => window.playground && window.playground.ready, null, { timeout: 30_000 });
  await page.evaluate((text) => (window.benchText = text), readFileSync(spec, 'utf8'));
  const name = basename(spec);
  const browserMs = [];
  const cliMs = [];
  let browserFindings = 0;
  let cliFindings = 0;
  for (let round = 0; round < rounds; round += 1) {
    const [ms, count] = await page.evaluate((name) => {
      const started = performance.now();
      const report = window.playground.lint(window.benchText, name, '{}');
      const ms = performance.now() - started;
      return [ms, JSON.parse(report).findings.length];
    }, name);
    browserMs.push(ms);
    browserFindings = count;
    const started = process.hrtime.bigint();
    let out;
    try {
      out = execFileSync(cli, ['--format', 'json', name], { cwd: dirname(spec), encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (error) {
      out = error.stdout;
    }
    cliMs.push(Number(process.hrtime.bigint() - started) / 1e6);
    cliFindings = JSON.parse(out).findings.length;
  }
  console.log(`spec: ${spec} (${statSync(spec).size} bytes), ${rounds} rounds, alternating`);
  console.log(`browser lint() to JSON: median ${median(browserMs).toFixed(0)} ms [${browserMs.map((x) => x.toFixed(0)).join(', ')}], ${browserFindings} findings`);
  console.log(`native CLI --format json (whole process): median ${median(cliMs).toFixed(0)} ms [${cliMs.map((x) => x.toFixed(0)).join(', ')}], ${cliFindings} findings`);
  console.log(`ratio browser/native: ${(median(browserMs) / median(cliMs)).toFixed(2)}x`);
} finally {
  await browser.close();
  server.close();
}
