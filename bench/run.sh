#!/bin/bash
# Runs every newswatch benchmark and its Python peer on the same inputs in one run, and prints
# a Markdown table (speed, ratio to the peer, peak RSS). Ratios use CPU time, measured in the
# same run, so a busy machine slows both sides alike; wall-clock figures are printed too.
#
# usage: bench/run.sh [BUILD_DIR]     (default: build; configured and built if needed)
# env:   NW_SHARED_DIR (default ../shared), BENCH_MIN_TIME (peer seconds per input set, 3)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(realpath -m "${1:-$ROOT/build}")
export NW_SHARED_DIR=${NW_SHARED_DIR:-$(realpath -m "$ROOT/../shared")}
MIN_TIME=${BENCH_MIN_TIME:-3}
PY=/usr/bin/python3
OUT=$BUILD/bench/results
mkdir -p "$OUT"

if [ ! -f "$BUILD/build.ninja" ] && [ ! -f "$BUILD/Makefile" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$BUILD" --target bench_feed bench_extract bench_relevance bench_publish newswatch \
  newswatch-cli -j"$(nproc)" >/dev/null

export NW_BENCH_FEED=$OUT/generated-feed.xml
$PY "$ROOT/bench/gen_feed.py" "$NW_BENCH_FEED"

# Each benchmark binary under /usr/bin/time: %M is the peak resident set in KiB.
for b in bench_feed bench_extract bench_relevance bench_publish; do
  echo "running $b ..." >&2
  /usr/bin/time -f "%M" -o "$OUT/$b.rss" "$BUILD/bench/$b" --benchmark_format=json \
    --benchmark_out="$OUT/$b.json" --benchmark_out_format=json >/dev/null
done

echo "running peers ..." >&2
cd "$ROOT/bench/peers"
$PY feedparser_peer.py generated --feed "$NW_BENCH_FEED" --min-time "$MIN_TIME" \
  >"$OUT/peer_feedparser_generated.json"
$PY feedparser_peer.py corpus --min-time "$MIN_TIME" >"$OUT/peer_feedparser_corpus.json"
$PY readability_peer.py --min-time "$MIN_TIME" --quality "$BUILD/daemon/app/newswatch" \
  >"$OUT/peer_readability.json"

# newswatch check end to end: the generated feed (one document per entry), the labelled
# relevance items and the article pages, in one process (start-up included).
echo "running newswatch check ..." >&2
mapfile -t DOCS < <(ls "$NW_SHARED_DIR"/corpus/relevance/items/*.txt; \
  find "$NW_SHARED_DIR/corpus/pages/gne/tests" -name '*.html' | sort)
/usr/bin/time -f "%e %U %S %M" -o "$OUT/check.time" "$BUILD/daemon/app/newswatch" check \
  "$NW_BENCH_FEED" "${DOCS[@]}" >"$OUT/check.jsonl" 2>"$OUT/check.err" || true
wc -l <"$OUT/check.jsonl" >"$OUT/check.count"

# The command-line tools as a script calls them, one process per file, against Python processes
# running the peers (median CPU time of several runs each).
echo "running whole-process timings ..." >&2
$PY "$ROOT/bench/whole_process.py" "$BUILD/daemon/app/newswatch" "$NW_BENCH_FEED" \
  >"$OUT/whole_process.json"

$PY "$ROOT/bench/summarize.py" "$OUT"
