// Normalization plus relevance: MB/s of article text per core. Each document's title and body
// are folded by TextNormalizer (OpenCC t2s, width, case, pinyin noise) and scored against the
// metaverse-policy profile, as the prepare and relevance stages do. Single-threaded, so the
// figure is per core; Threads(2) shows how it scales on this machine's two cores.
// BM_NormalizeAndScore is the word scoring alone (the path before the policy analysis);
// BM_NormalizeAnalyzeScoreAndFacts is what the daemon runs now: normalize, analyse (actors,
// acts, documents), score with the analysis as evidence, and extract the facts from it.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "bench/bench_inputs.h"
#include "daemon/text/normalize.h"
#include "filters/facts/facts_stage.h"
#include "filters/pipeline_stages.h"
#include "filters/relevance/profile.h"
#include "filters/relevance/scorer.h"

namespace newswatch::bench {
namespace {

struct Fixture {
  std::unique_ptr<TextNormalizer> normalizer;
  std::unique_ptr<RelevanceScorer> scorer;
  std::unique_ptr<FactsStage> facts;
  std::vector<std::pair<std::string, std::string>> docs;
  std::string error;
};

const Fixture& GetFixture() {
  static const Fixture* fixture = [] {
    auto* f = new Fixture;
    auto normalizer = TextNormalizer::Create();
    auto profile =
        LoadTopicProfile(std::string(NW_SOURCE_DIR) + "/config/topics/metaverse-policy.yaml");
    if (!normalizer.ok() || !profile.ok()) {
      f->error = "cannot create the normalizer or load the profile";
      return f;
    }
    auto facts = FactsStage::Create("", TopicTerms(*profile));
    if (!facts.ok()) {
      f->error = facts.status().ToString();
      return f;
    }
    f->facts = std::move(facts).value();
    auto scorer = RelevanceScorer::Create(std::move(profile).value());
    if (!scorer.ok()) {
      f->error = scorer.status().ToString();
      return f;
    }
    f->normalizer = std::move(normalizer).value();
    f->scorer = std::move(scorer).value();
    f->docs = RelevanceDocuments();
    return f;
  }();
  return *fixture;
}

int64_t InputBytes(const std::vector<std::pair<std::string, std::string>>& docs) {
  int64_t bytes = 0;
  for (const auto& [title, body] : docs) bytes += static_cast<int64_t>(title.size() + body.size());
  return bytes;
}

void BM_NormalizeAndScore(benchmark::State& state) {
  const Fixture& f = GetFixture();
  if (!f.error.empty() || f.docs.empty()) {
    state.SkipWithError(f.error.empty() ? "no documents" : f.error.c_str());
    return;
  }
  const int64_t bytes = InputBytes(f.docs);
  int64_t relevant = 0;
  for (auto _ : state) {
    relevant = 0;
    for (const auto& [title, body] : f.docs) {
      const std::string norm_title = f.normalizer->Normalize(title);
      const std::string norm_body = f.normalizer->Normalize(body);
      const Relevance r = f.scorer->Score(norm_title, norm_body);
      relevant += r.verdict == Verdict::kRelevant ? 1 : 0;
    }
  }
  state.SetBytesProcessed(bytes * state.iterations());
  state.SetItemsProcessed(static_cast<int64_t>(f.docs.size()) * state.iterations());
  state.counters["docs"] = static_cast<double>(f.docs.size());
  state.counters["relevant"] = static_cast<double>(relevant);
  state.counters["input_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_NormalizeAndScore)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();
BENCHMARK(BM_NormalizeAndScore)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0)
    ->UseRealTime()
    ->Threads(2);

void BM_NormalizeAnalyzeScoreAndFacts(benchmark::State& state) {
  const Fixture& f = GetFixture();
  if (!f.error.empty() || f.docs.empty()) {
    state.SkipWithError(f.error.empty() ? "no documents" : f.error.c_str());
    return;
  }
  const int64_t bytes = InputBytes(f.docs);
  int64_t relevant = 0, documents = 0;
  for (auto _ : state) {
    relevant = documents = 0;
    for (const auto& [title, body] : f.docs) {
      const std::string norm_title = f.normalizer->Normalize(title);
      const std::string norm_body = f.normalizer->Normalize(body);
      const Analysis analysis = f.facts->analyzer().Analyze(norm_title, norm_body);
      const Relevance r = f.scorer->Score(norm_title, norm_body, &analysis);
      // As the pipeline runs it: facts for what will be published (all of
      // it with publish_all, state.range(0) == 1).
      if (r.verdict == Verdict::kRelevant || state.range(0) == 1) {
        const Facts facts = f.facts->Extract(norm_title, norm_body, analysis);
        documents += static_cast<int64_t>(facts.documents.size());
      }
      relevant += r.verdict == Verdict::kRelevant ? 1 : 0;
    }
  }
  state.SetBytesProcessed(bytes * state.iterations());
  state.SetItemsProcessed(static_cast<int64_t>(f.docs.size()) * state.iterations());
  state.counters["docs"] = static_cast<double>(f.docs.size());
  state.counters["relevant"] = static_cast<double>(relevant);
  state.counters["named_documents"] = static_cast<double>(documents);
  state.counters["input_bytes"] = static_cast<double>(bytes);
}
// Arg 0: facts for relevant articles (the daemon's default); 1: for every
// article (publish_all, newswatch check).
BENCHMARK(BM_NormalizeAnalyzeScoreAndFacts)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2.0)
    ->UseRealTime();

}  // namespace
}  // namespace newswatch::bench

BENCHMARK_MAIN();
