// Writes the npm packages of one release: the `statuslint` launcher and one
// `@statuslint/cli-<platform>-<arch>` package per binary, each ready for `npm pack`/`npm publish`.
//
//   node packaging/npm/build.mjs VERSION OUT_DIR RUST_TARGET=BINARY...
//
// RUST_TARGET is the target triple the binary was built for (the release archive's name says it);
// the launcher lists every platform of RELEASE_TARGETS as an optional dependency, whichever
// binaries this run is given (CI packs just linux-x64).
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

// Rust target → the npm package's platform (node's process.platform and process.arch).
// Linux packages hold the static musl builds, which run on glibc and musl distributions alike.
const RELEASE_TARGETS = {
  "x86_64-unknown-linux-musl": { os: "linux", cpu: "x64" },
  "aarch64-unknown-linux-musl": { os: "linux", cpu: "arm64" },
  "x86_64-apple-darwin": { os: "darwin", cpu: "x64" },
  "aarch64-apple-darwin": { os: "darwin", cpu: "arm64" },
  "x86_64-pc-windows-msvc": { os: "win32", cpu: "x64" },
};
// A glibc build is accepted in place of the musl one (CI packs the binary it built).
const ALIASES = {
  "x86_64-unknown-linux-gnu": "x86_64-unknown-linux-musl",
  "aarch64-unknown-linux-gnu": "aarch64-unknown-linux-musl",
};

const [version, out, ...binaries] = process.argv.slice(2);
if (!version || !out || !/^\d+\.\d+\.\d+/.test(version)) {
  console.error("usage: node packaging/npm/build.mjs VERSION OUT_DIR RUST_TARGET=BINARY...");
  process.exit(2);
}

const launcher = JSON.parse(readFileSync(join(here, "statuslint", "package.json"), "utf8"));
const common = ["description", "license", "homepage", "repository", "bugs"];
const pkgName = ({ os, cpu }) => `@statuslint/cli-${os}-${cpu}`;

rmSync(out, { recursive: true, force: true });
for (const spec of binaries) {
  const [target, binary] = spec.split("=");
  const platform = RELEASE_TARGETS[ALIASES[target] ?? target];
  if (!platform || !binary) {
    console.error(`unknown target or missing binary: ${spec}`);
    process.exit(2);
  }
  const name = pkgName(platform);
  const dir = join(out, name.replace("@statuslint/", ""));
  const exe = platform.os === "win32" ? "statuslint.exe" : "statuslint";
  mkdirSync(join(dir, "bin"), { recursive: true });
  copyFileSync(binary, join(dir, "bin", exe));
  chmodSync(join(dir, "bin", exe), 0o755);
  const pkg = {
    name,
    version,
    ...Object.fromEntries(common.map((key) => [key, launcher[key]])),
    description: `The statuslint binary for ${platform.os} ${platform.cpu} (installed by the statuslint package)`,
    os: [platform.os],
    cpu: [platform.cpu],
    files: [`bin/${exe}`],
    preferUnplugged: true,
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(join(dir, "README.md"), `# ${name}\n\nThe \`statuslint\` ${version} binary for ${platform.os} ${platform.cpu}. Install \`statuslint\` instead: it picks this package on this platform.\n`);
  console.log(`${dir}: ${name}@${version} (${target})`);
}

const dir = join(out, "statuslint");
mkdirSync(join(dir, "bin"), { recursive: true });
copyFileSync(join(here, "statuslint", "bin", "statuslint.js"), join(dir, "bin", "statuslint.js"));
chmodSync(join(dir, "bin", "statuslint.js"), 0o755);
launcher.version = version;
launcher.optionalDependencies = Object.fromEntries(
  Object.values(RELEASE_TARGETS).map((platform) => [pkgName(platform), version]),
);
writeFileSync(join(dir, "package.json"), `${JSON.stringify(launcher, null, 2)}\n`);
copyFileSync(join(here, "..", "..", "README.md"), join(dir, "README.md"));
console.log(`${dir}: statuslint@${version}`);
