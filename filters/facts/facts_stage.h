// FactsStage: the pipeline stage that fills Article::facts (regions, primary
// region, issuing body, document kind and number, named policy documents,
// dates, targets, money) from the normalized title and body and the policy
// analysis the analysis stage wrote. It annotates and always keeps the article.
// Thread-safety: immutable after Create(); Process() runs concurrently.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/result.h"
#include "daemon/pipeline/stage.h"
#include "filters/analysis/policy_analyzer.h"
#include "filters/facts/document_facts.h"
#include "filters/facts/region_finder.h"
#include "filters/facts/region_table.h"

namespace newswatch {

class FactsStage : public Stage {
 public:
  // The built-in region table, extended by `extra_regions_path` (a CSV from
  // `newswatch gazetteer import`) when not empty, and an analyzer for
  // `topic_terms` over it. Fails when that file cannot be read or parsed or
  // the topic has no terms.
  static Result<std::unique_ptr<FactsStage>> Create(const std::string& extra_regions_path,
                                                    std::vector<std::string> topic_terms);
  // Shares `analyzer` and its region table. With `only_relevant`, articles
  // the relevance stage judged not relevant (which the gate will drop) get
  // no facts: extraction is the costliest step and they are never published.
  explicit FactsStage(std::shared_ptr<const PolicyAnalyzer> analyzer, bool only_relevant = false);

  std::string_view name() const override { return "facts"; }
  // Overwrites article.facts from article.norm_title / norm_body (falls back
  // to title / body_text when the normalized text is empty) and
  // article.analysis (clears them for a not-relevant article when only_relevant).
  // Always kKeep.
  StageResult Process(Article& article) const override;

  // The same extraction on plain text, analysing it first (tools and tests).
  Facts Extract(std::string_view title, std::string_view body) const;
  Facts Extract(std::string_view title, std::string_view body, const Analysis& analysis) const;

  const RegionTable& table() const { return analyzer_->regions(); }
  const PolicyAnalyzer& analyzer() const { return *analyzer_; }

 private:
  std::shared_ptr<const PolicyAnalyzer> analyzer_;
  bool only_relevant_ = false;
  RegionFinder finder_;
};

}  // namespace newswatch
