// RelevanceStage: the pipeline stage that scores Article::norm_title and
// Article::norm_body against one topic profile into Article::relevance. It
// always keeps the article; the publish gate reads the verdict elsewhere.
// Thread-safety: Process() is const and safe to call concurrently.
#pragma once

#include <memory>
#include <string_view>

#include "daemon/pipeline/stage.h"
#include "filters/relevance/scorer.h"

namespace newswatch {

class RelevanceStage : public Stage {
 public:
  // `scorer` must not be null; the stage owns it.
  explicit RelevanceStage(std::unique_ptr<RelevanceScorer> scorer) : scorer_(std::move(scorer)) {}

  std::string_view name() const override { return "relevance"; }

  // Overwrites article.relevance with the scorer's verdict; returns Keep.
  StageResult Process(Article& article) const override;

 private:
  std::unique_ptr<RelevanceScorer> scorer_;
};

}  // namespace newswatch
