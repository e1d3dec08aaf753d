#!/usr/bin/env bash
# Builds the fuzz targets with the stable toolchain: what `cargo fuzz build` does, without the
# nightly-only flags (`-Zsanitizer`). libFuzzer's coverage comes from LLVM's SanitizerCoverage pass,
# which stable rustc runs when asked through -C flags; `--target` keeps these flags off build
# scripts and proc macros. No --locked: the main crate may gain dependencies fuzz/Cargo.lock
# does not list yet, and cargo adds just those.
# Binaries: fuzz/target/<triple>/$PROFILE/<target> (default: release).
set -euo pipefail
cd "$(dirname "$0")"
triple=$(rustc -vV | sed -n 's/^host: //p')
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks"
profile=${PROFILE:-release}
cargo build --profile "$profile" --target "$triple" --bins "$@"
echo "$PWD/target/$triple/$profile"
