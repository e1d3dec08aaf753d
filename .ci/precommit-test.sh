#!/usr/bin/env bash
# End-to-end test of the pre-commit hook (.pre-commit-hooks.yaml) with the real tool.
#
# Installs pre-commit from PyPI into a virtualenv, makes a throwaway git repository holding a bad
# spec, a clean spec and unrelated files (a GitHub Actions workflow, a Rust source), and runs
# `pre-commit try-repo <this checkout> statuslint --all-files` on it: the hook must fail with the
# finding, and must not mention the unrelated files. After the spec is fixed it must pass. Last, the
# `.pre-commit-config.yaml` snippet the README documents (with `args: [--fail-on, warning]`) is run
# with `pre-commit run`, and the args must reach statuslint.
#
# pre-commit builds the hook with `cargo install --bins --root <env> --path <repo>`: the first
# build is a full release build (~2-3 minutes on an idle 2-core machine). try-repo keeps no environment between
# runs, so every run builds again; CARGO_TARGET_DIR (which cargo install honours) is shared by the
# runs so later builds recompile only statuslint itself. Set STATUSLINT_PRECOMMIT_TARGET_DIR to a
# lasting directory to reuse the dependencies across invocations of this script too.
#
# Network: PyPI (pre-commit) and crates.io (cargo install resolves dependencies afresh: it ignores
# Cargo.lock, as it is run without --locked). Needs python3 (with venv), git and cargo on PATH.
# Usage: bash .ci/precommit-test.sh        (exit 0: all passed; 1: a check failed; 2: setup failed)
set -euo pipefail

checkout="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
work="$(mktemp -d "${TMPDIR:-/tmp}/statuslint-precommit.XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

passed=0
failed=0
pass() { printf 'PASS: %s\n' "$*"; passed=$((passed + 1)); }
fail() { printf 'FAIL: %s\n' "$*"; failed=$((failed + 1)); }
die() { printf 'FAIL: %s\n' "$*"; printf 'precommit: %d passed, %d failed\n' "$passed" "$((failed + 1))"; exit 2; }
step() { printf '\n=== %s (at %ds)\n' "$*" "$SECONDS"; }

# Keep everything inside $work, and keep the caller's settings from changing the outcome.
export PRE_COMMIT_HOME="$work/pre-commit-home"
export CARGO_TARGET_DIR="${STATUSLINT_PRECOMMIT_TARGET_DIR:-$work/cargo-target}"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
export GIT_TERMINAL_PROMPT=0
export GIT_AUTHOR_NAME="statuslint ci" GIT_AUTHOR_EMAIL="ci@statuslint.invalid"
export GIT_COMMITTER_NAME="statuslint ci" GIT_COMMITTER_EMAIL="ci@statuslint.invalid"
unset SKIP PRE_COMMIT_COLOR PRE_COMMIT_ALLOW_NO_CONFIG GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
git_commit() { git -c commit.gpgsign=false commit -q --no-verify "$@"; }
git_init() { git -c init.defaultBranch=main init -q "$1"; }

for tool in python3 git cargo; do
  command -v "$tool" >/dev/null || die "$tool is not on PATH"
done

step "Installing pre-commit from PyPI"
python3 -m venv "$work/venv" </dev/null || die "python3 -m venv failed (is the venv module installed?)"
"$work/venv/bin/pip" install --quiet "${PRE_COMMIT_REQUIREMENT:-pre-commit>=4,<5}" </dev/null \
  || die "pip install pre-commit failed"
pre_commit="$work/venv/bin/pre-commit"
echo "$("$pre_commit" --version), $(cargo --version)"

step "Choosing the hook repository"
git -C "$checkout" rev-parse --git-dir >/dev/null 2>&1 || die "$checkout is not a git checkout"
if [ -z "$(git -C "$checkout" status --porcelain --untracked-files=normal)" ]; then
  hook_repo="$checkout"
  echo "checkout is clean: try-repo runs on $hook_repo itself"
else
  # try-repo snapshots a dirty checkout itself, but only with tracked and staged files: a new,
  # untracked file (say a new .pre-commit-hooks.yaml) would be left out. Test the tree as it is
  # on disk instead: tracked and untracked files, without the ignored ones (target/).
  hook_repo="$work/hook-repo"
  echo "checkout has uncommitted changes: snapshotting the working tree into $hook_repo"
  mkdir -p "$hook_repo"
  (
    cd "$checkout"
    git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
      if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi # skip deleted files
    done | xargs -0 --no-run-if-empty cp -PR --parents -t "$hook_repo" --
  )
  git_init "$hook_repo"
  git -C "$hook_repo" add -A
  (cd "$hook_repo" && git_commit -m "working tree of $checkout")
fi
hook_rev="$(git -C "$hook_repo" rev-parse HEAD)"
[ -f "$hook_repo/.pre-commit-hooks.yaml" ] || die "$hook_repo has no .pre-commit-hooks.yaml"

step "Making a throwaway project"
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
    get:
      summary: List the pets
      responses:
        "200":
          description: The pets.
          content:
            application/json:
              schema:
                type: array
                items:
                  type: string
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
cat >"$project/clean.yaml" <<'EOF'
openapi: 3.1.0
info:
  title: Orders
  version: 1.0.0
paths:
  /orders:
    get:
      summary: List the orders
      responses:
        "200":
          description: The orders.
          content:
            application/json:
              schema:
                type: array
                items:
                  type: string
    delete:
      summary: Cancel every order
      responses:
        "204":
          description: Cancelled.
EOF
cat >"$project/.github/workflows/ci.yml" <<'EOF'
name: CI
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make test
EOF
# A Rust source with no API annotations: the hook hands .rs files over too (types_or: rust), and
# they must be skipped just as silently.
mkdir -p "$project/tools"
cat >"$project/tools/hello.rs" <<'EOF'
fn main() {
    println!("hello");
}
EOF
git -C "$project" add -A
(cd "$project" && git_commit -m "bad spec, clean spec, workflow, Rust source")
echo "files: $(git -C "$project" ls-files | tr '\n' ' ')"

# Runs pre-commit in the project; the output goes to $1 and is shown indented, the exit status
# is left in $rc.
run_pre_commit() {
  local out="$1" started="$SECONDS"
  shift
  rc=0
  (cd "$project" && "$pre_commit" "$@" --color never) >"$out" 2>&1 </dev/null || rc=$?
  sed 's/^/    | /' "$out"
  echo "    (exit status $rc, $((SECONDS - started))s)"
  # Exit 3 is pre-commit's own failure (typically `cargo install` failing): every later check
  # would fail the same way, so stop here.
  if [ "$rc" -eq 3 ] || grep -qF "An unexpected error has occurred" "$out"; then
    die "pre-commit could not install or run the hook (exit status $rc): see its output above"
  fi
}
expect_rc() { # WANT OUT WHAT
  if [ "$rc" -eq "$1" ]; then pass "$3: exit status $rc"; else fail "$3: exit status $rc, expected $1"; fi
}
expect_has() { # OUT STRING WHAT
  if grep -qF -- "$2" "$1"; then pass "$3: output has '$2'"; else fail "$3: output lacks '$2'"; fi
}
expect_has_re() { # OUT REGEX WHAT
  if grep -qE -- "$2" "$1"; then pass "$3: output matches /$2/"; else fail "$3: output does not match /$2/"; fi
}
expect_lacks() { # OUT STRING WHAT
  if grep -qF -- "$2" "$1"; then fail "$3: output mentions '$2'"; else pass "$3: output does not mention '$2'"; fi
}

step "1. try-repo on the bad spec: must fail with the finding"
out1="$work/run1.txt"
run_pre_commit "$out1" try-repo "$hook_repo" statuslint --all-files
expect_rc 1 "$out1" "bad spec"
expect_has_re "$out1" '\.+Failed$' "bad spec"
expect_has "$out1" "- hook id: statuslint" "bad spec"
expect_has "$out1" "- exit code: 1" "bad spec" # 1 = findings; 2 would be a usage or I/O error
expect_has "$out1" "no-content-with-body" "bad spec"
expect_has "$out1" "api.yaml" "bad spec"
expect_lacks "$out1" "ci.yml" "bad spec"
expect_lacks "$out1" "hello.rs" "bad spec"

step "2. try-repo after the fix: must pass"
cat >"$project/api.yaml" <<'EOF'
openapi: 3.1.0
info:
  title: Pets
  version: 1.0.0
paths:
  /pets:
    get:
      summary: List the pets
      responses:
        "200":
          description: The pets.
          content:
            application/json:
              schema:
                type: array
                items:
                  type: string
    delete:
      summary: Remove every pet
      responses:
        "204":
          description: Removed.
EOF
(cd "$project" && git_commit -am "204 declares no content")
out2="$work/run2.txt"
run_pre_commit "$out2" try-repo "$hook_repo" statuslint --all-files
expect_rc 0 "$out2" "fixed spec"
expect_has_re "$out2" '\.+Passed$' "fixed spec"
expect_lacks "$out2" "Failed" "fixed spec"

step "3. the README's .pre-commit-config.yaml, with args: must reach statuslint"
cat >"$project/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $hook_repo
    rev: $hook_rev
    hooks:
      - id: statuslint
        args: [--fail-on, warning]
EOF
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
(cd "$project" && git_commit -m "pre-commit config; a spec with a warning only")
out3="$work/run3.txt"
run_pre_commit "$out3" run --all-files
expect_rc 1 "$out3" "--fail-on warning"
expect_has "$out3" "created-without-location" "--fail-on warning"
expect_has "$out3" "warn.yaml" "--fail-on warning"
expect_lacks "$out3" "ci.yml" "--fail-on warning"

printf '\nprecommit test took %ds\n' "$SECONDS"
printf 'precommit: %d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
