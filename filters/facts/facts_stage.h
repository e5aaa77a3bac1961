// FactsStage: the pipeline stage that fills Article::facts (regions, primary
// region, issuing body, document kind and number, dates, targets, money) from
// the normalized title and body. It annotates and always keeps the article.
// Thread-safety: immutable after Create(); Process() runs concurrently.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "daemon/core/result.h"
#include "daemon/pipeline/stage.h"
#include "filters/facts/document_facts.h"
#include "filters/facts/region_finder.h"
#include "filters/facts/region_table.h"

namespace newswatch {

class FactsStage : public Stage {
 public:
  // The built-in region table, extended by `extra_regions_path` (a CSV from
  // `newswatch gazetteer import`) when not empty. Fails when that file cannot
  // be read or parsed.
  static Result<std::unique_ptr<FactsStage>> Create(const std::string& extra_regions_path = "");
  // Uses `table` as given (takes ownership).
  explicit FactsStage(RegionTable table);

  std::string_view name() const override { return "facts"; }
  // Overwrites article.facts from article.norm_title / norm_body (falls back
  // to title / body_text when the normalized text is empty). Always kKeep.
  StageResult Process(Article& article) const override;

  // The same extraction on plain text, for tools and tests.
  Facts Extract(std::string_view title, std::string_view body) const;

  const RegionTable& table() const { return *table_; }

 private:
  std::unique_ptr<const RegionTable> table_;  // stable address for the borrowers
  RegionFinder finder_;
  DocumentFactsExtractor documents_;
};

}  // namespace newswatch
