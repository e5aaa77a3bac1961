// Feed parsing throughput (MB/s, items/s) on the generated 3 MB Chinese feed ($NW_BENCH_FEED,
// written by bench/gen_feed.py) and on every real feed of corpus/feeds. The peer is
// bench/peers/feedparser_peer.py on the same files.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/bench_inputs.h"
#include "daemon/feed/feed_parser.h"

namespace newswatch::bench {
namespace {

// Parses every buffer once per iteration; counts bytes and entries.
void ParseAll(benchmark::State& state, const std::vector<std::string>& feeds) {
  if (feeds.empty()) {
    state.SkipWithError("no input feeds (set NW_BENCH_FEED / check NW_SHARED_DIR)");
    return;
  }
  int64_t bytes = 0;
  for (const std::string& f : feeds) bytes += static_cast<int64_t>(f.size());
  int64_t entries_per_pass = 0;
  int64_t failed = 0;
  FeedParseOptions options;
  options.sanitize_html = state.range(0) != 0;
  for (auto _ : state) {
    entries_per_pass = 0;
    failed = 0;
    for (const std::string& f : feeds) {
      auto parsed = ParseFeed(f, options);
      if (!parsed.ok()) {
        ++failed;
        continue;
      }
      entries_per_pass += static_cast<int64_t>(parsed->entries.size());
      benchmark::DoNotOptimize(parsed->entries.data());
    }
  }
  state.SetBytesProcessed(bytes * state.iterations());
  state.SetItemsProcessed(entries_per_pass * state.iterations());
  state.counters["docs"] = static_cast<double>(feeds.size());
  state.counters["entries"] = static_cast<double>(entries_per_pass);
  state.counters["failed"] = static_cast<double>(failed);
  state.counters["input_bytes"] = static_cast<double>(bytes);
}

void BM_ParseGeneratedFeed(benchmark::State& state) {
  std::vector<std::string> feeds;
  if (!GeneratedFeedPath().empty()) feeds.push_back(ReadFile(GeneratedFeedPath()));
  if (!feeds.empty() && feeds[0].empty()) feeds.clear();
  ParseAll(state, feeds);
}
// Arg: 0 with default options, 1 with the safe copies of summary and content (sanitize_html,
// as `newswatch parse-feed` asks for).
BENCHMARK(BM_ParseGeneratedFeed)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_ParseCorpusFeeds(benchmark::State& state) {
  std::vector<std::string> feeds;
  for (const auto& path : CorpusFeeds()) feeds.push_back(ReadFile(path));
  ParseAll(state, feeds);
}
BENCHMARK(BM_ParseCorpusFeeds)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace newswatch::bench

BENCHMARK_MAIN();
