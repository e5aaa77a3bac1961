// PolicyAnalyzer: reads normalized text the way an analyst does and writes
// down the acts of policy it reports — who (a government body at a level, a
// deputy, a foreign government; or an association, company or gathering),
// did what (印发, 征求意见, 答复, 提交, 授牌, 设立基金 ...), to which object
// (a named document, a measure, a park) — and whether that object is about
// the topic. One compiled matcher (TokenScanner) reads every word it needs.
// Thread-safety: immutable after Create(); Analyze() may run concurrently.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/analysis.h"
#include "daemon/core/result.h"
#include "filters/analysis/lexicon.h"
#include "filters/analysis/token_scan.h"
#include "filters/facts/region_table.h"

namespace newswatch {

class PolicyAnalyzer {
 public:
  // The built-in lexicon over `regions` (shared; must not change after).
  // `topic_terms` are the normalized phrases that name the topic (the default
  // profile's topic group); at least one. kConfig when empty.
  static Result<std::unique_ptr<PolicyAnalyzer>> Create(std::shared_ptr<const RegionTable> regions,
                                                        std::vector<std::string> topic_terms);

  // Analyzes normalized `title` and `body` (TextNormalizer output).
  Analysis Analyze(std::string_view title, std::string_view body) const;

  const RegionTable& regions() const { return *regions_; }
  const Lexicon& lexicon() const { return lexicon_; }

 private:
  PolicyAnalyzer(std::shared_ptr<const RegionTable> regions, Lexicon lexicon,
                 std::vector<std::string> topic_terms);
  Status Compile();

  void AnalyzeField(std::string_view text, bool in_title, Analysis* out) const;

  std::shared_ptr<const RegionTable> regions_;
  Lexicon lexicon_;
  std::vector<std::string> topic_terms_;
  std::unique_ptr<TokenScanner> scanner_;  // borrows lexicon_ and *regions_
};

// A one-line account of an act for people: "issuer 杭州市人民政府 (government,
// city) — act 印发 — document 《…》".
std::string DescribeAct(const Analysis& analysis, const Act& act);

std::string_view ActorKindName(ActorKind kind);
std::string_view ActKindName(ActKind kind);

}  // namespace newswatch
