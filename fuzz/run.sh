#!/bin/sh
# Builds the libFuzzer targets with clang, ASan and UBSan in build-fuzz/ and runs each for
# SECONDS (default 60) through ctest, seeded from fuzz/seeds/ and ../shared.
# Usage: fuzz/run.sh [SECONDS] [TARGET-REGEX]     e.g. fuzz/run.sh 300 feed
# A crash leaves its input in build-fuzz/fuzz/crash-<target>-*; reproduce with
#   build-fuzz/fuzz/fuzz_<target> build-fuzz/fuzz/crash-<target>-<hash>
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
filter=${2:-.}
build=${NW_FUZZ_BUILD_DIR:-$root/build-fuzz}
cc=$(command -v clang-14 || command -v clang)
cxx=$(command -v clang++-14 || command -v clang++)
[ -n "$cxx" ] || { echo "fuzz/run.sh: clang is not installed (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 2; }
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link" -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link" \
  -DNEWSWATCH_SANITIZE=ON -DNEWSWATCH_WERROR=OFF -DNEWSWATCH_FUZZ=ON \
  -DNEWSWATCH_BUILD_TESTS=OFF -DNEWSWATCH_BUILD_BENCH=OFF \
  -DNW_FUZZ_SECONDS="$seconds" >/dev/null
# Executables are listed as fuzz_X or, depending on how the folder was added, fuzz/fuzz_X.
targets=$(ninja -C "$build" -t targets all |
          sed -n 's/^\(fuzz\/\)\{0,1\}\(fuzz_[a-z_]*\): CXX_EXECUTABLE_LINKER.*/\2/p' | sort -u |
          grep -E "$filter")
[ -n "$targets" ] || { echo "fuzz/run.sh: no fuzz target matches '$filter' in $build" >&2; exit 2; }
cmake --build "$build" --target $targets -j"${NW_FUZZ_JOBS:-2}"
# The tests live at the top of the build, or in fuzz/ when the top level adds the folder.
testdir=$build
grep -qs fuzz_ "$build/fuzz/CTestTestfile.cmake" && testdir=$build/fuzz
ctest --test-dir "$testdir" -L fuzz -R "$filter" --output-on-failure
