#!/usr/bin/env bash
# Quick start 2: installs what is missing, builds, and runs the whole test
# suite through ctest. Slow tests (labels `soak`, `load`, `fuzz`) are opt-in:
#   deploy/run-tests.sh -L soak
# Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
deploy/build.sh
cd build
if [ $# -gt 0 ]; then
  ctest --output-on-failure -j "$(nproc)" "$@"
else
  ctest --output-on-failure -j "$(nproc)" -LE 'soak|load|fuzz'
fi
