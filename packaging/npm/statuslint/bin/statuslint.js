#!/usr/bin/env node
// Runs the statuslint binary of this platform. npm installs it as one of the optional
// dependencies `@statuslint/cli-<platform>-<arch>` (each declares its os and cpu, so npm fetches
// only the matching one): nothing is downloaded at install time, no install script runs.
"use strict";

const { spawnSync } = require("node:child_process");
const { optionalDependencies } = require("../package.json");

const PREFIX = "@statuslint/cli-";
const platform = `${process.platform}-${process.arch}`;
const supported = Object.keys(optionalDependencies || {}).map((name) => name.slice(PREFIX.length));
const exe = process.platform === "win32" ? "statuslint.exe" : "statuslint";

function fail(message) {
  process.stderr.write(`statuslint: ${message}\n`);
  process.exit(2); // statuslint's own exit code for usage and I/O errors
}

// STATUSLINT_BINARY runs another build (a local one) through the same launcher.
let binary = process.env.STATUSLINT_BINARY;
if (!binary) {
  if (!supported.includes(platform)) {
    fail(
      `there is no prebuilt binary for ${platform} (prebuilt: ${supported.join(", ")}).\n` +
        "Install from source instead: cargo install --locked statuslint",
    );
  }
  try {
    binary = require.resolve(`${PREFIX}${platform}/bin/${exe}`);
  } catch {
    fail(
      `the package ${PREFIX}${platform}, which holds the binary for this platform, is not installed.\n` +
        "It is an optional dependency: reinstall without --omit=optional / --no-optional " +
        "(and with the same platform as this machine).",
    );
  }
}

const result = spawnSync(binary, process.argv.slice(2), { stdio: "inherit", windowsHide: true });
if (result.error) {
  fail(`could not run ${binary}: ${result.error.message}`);
}
if (result.signal) {
  process.kill(process.pid, result.signal);
}
process.exit(result.status ?? 2);
