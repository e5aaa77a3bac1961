#!/usr/bin/env bash
# Configures and builds newswatch into build/ (Ninja, ccache when present) the way development
# and CI build it: warnings are errors. NEWSWATCH_BUILD_TYPE picks the build type (default
# RelWithDebInfo; CI uses Release, the packagers' -O3 build).
# Usage: [NEWSWATCH_BUILD_TYPE=Release] deploy/build.sh [extra cmake -D options]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${NEWSWATCH_BUILD_TYPE:-RelWithDebInfo}" \
  -DNEWSWATCH_WERROR=ON "$@" >/dev/null
cmake --build build -j "$(nproc)"
