// RelevanceStage: the pipeline stage that scores Article::norm_title and
// Article::norm_body against every configured topic profile and keeps the
// best verdict in Article::relevance: a relevant verdict beats an irrelevant
// one, then the higher score wins (with one profile this is plain scoring).
// It always keeps the article; the publish gate reads the verdict elsewhere.
// Thread-safety: Process() is const and safe to call concurrently.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "daemon/pipeline/stage.h"
#include "filters/relevance/scorer.h"

namespace newswatch {

class RelevanceStage : public Stage {
 public:
  // `scorers` (one per profile, the default first) must be non-empty and not
  // null; the stage owns them.
  explicit RelevanceStage(std::vector<std::unique_ptr<RelevanceScorer>> scorers)
      : scorers_(std::move(scorers)) {}

  std::string_view name() const override { return "relevance"; }

  // Overwrites article.relevance with the best profile's verdict; returns Keep.
  StageResult Process(Article& article) const override;

 private:
  std::vector<std::unique_ptr<RelevanceScorer>> scorers_;
};

}  // namespace newswatch
