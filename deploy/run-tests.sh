#!/usr/bin/env bash
# Quick start 2: installs what is missing, builds build/ as packagers do
# (Release, -O3; warnings are errors here) and runs the whole test suite
# through ctest, then builds again with AddressSanitizer and
# UndefinedBehaviorSanitizer (build-asan/, Debug) and runs the suite there too.
# NEWSWATCH_BUILD_TYPE overrides the first build's type.
#
# Slow tests (labels `soak`, `load`, `package`; `fuzz` lives in fuzz/run.sh)
# are opt-in: pass ctest arguments, e.g. `deploy/run-tests.sh -L soak`; then
# only that selection runs, without the sanitizer pass.
# NEWSWATCH_SKIP_SANITIZERS=1 skips the sanitizer pass (quicker local runs).
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
NEWSWATCH_BUILD_TYPE="${NEWSWATCH_BUILD_TYPE:-Release}" deploy/build.sh
jobs=$(nproc)

if [ $# -gt 0 ]; then
  ctest --test-dir build --output-on-failure -j "$jobs" "$@"
  exit 0
fi

ctest --test-dir build --output-on-failure -j "$jobs" -LE 'soak|load|fuzz|package'

if [ "${NEWSWATCH_SKIP_SANITIZERS:-0}" = "1" ]; then
  echo "run-tests: sanitizer pass skipped (NEWSWATCH_SKIP_SANITIZERS=1)"
  exit 0
fi
# The same suite with ASan + UBSan; any report fails the test that caused it.
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DNEWSWATCH_SANITIZE=ON \
  -DNEWSWATCH_WERROR=ON -DNEWSWATCH_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j "$jobs"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$PWD/deploy/lsan.supp:print_suppressions=0"
ctest --test-dir build-asan --output-on-failure -j "$jobs" -LE 'soak|load|fuzz|package'
