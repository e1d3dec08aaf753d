// Times linting one large spec in the browser (the wasm build, in headless chromium) against the
// native CLI on the same machine, alternating the two so that both see the same load.
//
//   node test/bench.mjs [SPEC] [ROUNDS]     (default: ../shared/corpus/real/github-api.github.com.yaml, 5)
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, CHROMIUM_ARGS } from './serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const spec = resolve(process.argv[2] || join(repo, '../shared/corpus/real/github-api.github.com.yaml'));
const rounds = Number(process.argv[3] || 5);
const cli = process.env.STATUSLINT_BIN || join(repo, 'target/release/statuslint');
const MARKER = `--statuslint-bench=${process.pid}`;
const TICK_MS = 10; // USER_HZ is 100 on Linux

/** user+sys CPU ms of the processes whose command line holds MARKER, and all their descendants. */
function chromiumCpuMs() {
  const procs = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      procs.set(pid, { ppid: fields[1], cpu: (Number(fields[11]) + Number(fields[12])) * TICK_MS, root: cmdline.includes(MARKER) });
    } catch {
      // gone meanwhile
    }
  }
  const ours = new Set([...procs].filter(([, p]) => p.root).map(([pid]) => pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of procs) if (!ours.has(pid) && ours.has(p.ppid)) (ours.add(pid), (grew = true));
  }
  return [...ours].reduce((sum, pid) => sum + procs.get(pid).cpu, 0);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await serve(join(repo, 'playground/dist'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, MARKER] });
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => window.playground && window.playground.ready, null, { timeout: 30_000 });
  await page.evaluate((text) => (window.benchText = text), readFileSync(spec, 'utf8'));
  const name = basename(spec);
  const browserMs = [];
  const cliMs = [];
  const browserCpu = [];
  const cliCpu = [];
  let browserFindings = 0;
  let cliFindings = 0;
  for (let round = 0; round < rounds; round += 1) {
    const cpuBefore = chromiumCpuMs();
    const [ms, count] = await page.evaluate((name) => {
      const started = performance.now();
      const report = window.playground.lint(window.benchText, name, '{}');
      const ms = performance.now() - started;
      return [ms, JSON.parse(report).findings.length];
    }, name);
    browserCpu.push(chromiumCpuMs() - cpuBefore);
    browserMs.push(ms);
    browserFindings = count;
    const started = process.hrtime.bigint();
    const run = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', cli, '--format', 'json', name], { cwd: dirname(spec), encoding: 'utf8', maxBuffer: 1 << 30 });
    const out = run.stdout;
    const lastStderr = run.stderr;
    cliMs.push(Number(process.hrtime.bigint() - started) / 1e6);
    const [, user, sys] = lastStderr.match(/cpu ([\d.]+) ([\d.]+)/) || [0, NaN, NaN];
    cliCpu.push((Number(user) + Number(sys)) * 1000);
    cliFindings = JSON.parse(out).findings.length;
  }
  console.log(`spec: ${spec} (${statSync(spec).size} bytes), ${rounds} rounds, alternating`);
  console.log(`browser lint() to JSON: median ${median(browserMs).toFixed(0)} ms [${browserMs.map((x) => x.toFixed(0)).join(', ')}], ${browserFindings} findings`);
  console.log(`native CLI --format json (whole process): median ${median(cliMs).toFixed(0)} ms [${cliMs.map((x) => x.toFixed(0)).join(', ')}], ${cliFindings} findings`);
  console.log(`ratio browser/native (wall): ${(median(browserMs) / median(cliMs)).toFixed(2)}x`);
  console.log(`CPU (user+sys): chromium's processes during lint() median ${median(browserCpu)} ms [${browserCpu.join(', ')}]; CLI process median ${median(cliCpu)} ms [${cliCpu.join(', ')}]`);
  console.log(`ratio browser/native (CPU): ${(median(browserCpu) / median(cliCpu)).toFixed(2)}x`);
} finally {
  await browser.close();
  server.close();
}
