// Article extraction on the real pages of corpus/pages: pages/s and CPU time per page, charset
// decoding included (readability, the peer in bench/peers/readability_peer.py, is given the
// same undecoded bytes).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/bench_inputs.h"
#include "daemon/extract/article_extractor.h"
#include "daemon/text/charset.h"

namespace newswatch::bench {
namespace {

void BM_ExtractCorpusPages(benchmark::State& state) {
  std::vector<std::string> pages;
  for (const auto& path : CorpusPages()) pages.push_back(ReadFile(path));
  if (pages.empty()) {
    state.SkipWithError("no pages under NW_SHARED_DIR/corpus/pages");
    return;
  }
  int64_t bytes = 0;
  for (const std::string& p : pages) bytes += static_cast<int64_t>(p.size());
  int64_t failed = 0;
  ExtractOptions options;
  for (auto _ : state) {
    failed = 0;
    for (const std::string& page : pages) {
      DecodedText text = DecodeToUtf8(page, "", MarkupKind::kHtml);
      auto article = ExtractArticle(text.utf8, options);
      if (!article.ok()) {
        ++failed;
        continue;
      }
      benchmark::DoNotOptimize(article->text.data());
    }
  }
  state.SetBytesProcessed(bytes * state.iterations());
  state.SetItemsProcessed(static_cast<int64_t>(pages.size()) * state.iterations());
  state.counters["docs"] = static_cast<double>(pages.size());
  state.counters["failed"] = static_cast<double>(failed);
  state.counters["input_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_ExtractCorpusPages)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace newswatch::bench

BENCHMARK_MAIN();
