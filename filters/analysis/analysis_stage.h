// AnalysisStage: the pipeline stage that fills Article::analysis (actors,
// acts, named documents) from the normalized title and body, before the
// relevance decision and the facts read it. It always keeps the article.
// Thread-safety: Process() is const and safe to call concurrently.
#pragma once

#include <memory>
#include <string_view>

#include "daemon/pipeline/stage.h"
#include "filters/analysis/policy_analyzer.h"

namespace newswatch {

class AnalysisStage : public Stage {
 public:
  explicit AnalysisStage(std::shared_ptr<const PolicyAnalyzer> analyzer)
      : analyzer_(std::move(analyzer)) {}

  std::string_view name() const override { return "analysis"; }
  // Overwrites article.analysis; returns Keep.
  StageResult Process(Article& article) const override;

 private:
  std::shared_ptr<const PolicyAnalyzer> analyzer_;
};

}  // namespace newswatch
