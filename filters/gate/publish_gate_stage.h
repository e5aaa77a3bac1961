// PublishGateStage: the last stage. Drops articles the relevance stage did
// not judge relevant, unless the daemon publishes everything (`publish_all`),
// in which case every article goes on with its verdict.
// Thread-safety: immutable.
#pragma once

#include "daemon/pipeline/stage.h"

namespace newswatch {

class PublishGateStage final : public Stage {
 public:
  explicit PublishGateStage(bool publish_all) : publish_all_(publish_all) {}
  std::string_view name() const override { return "gate"; }
  StageResult Process(Article& article) const override {
    if (publish_all_ || article.relevance.verdict == Verdict::kRelevant) return StageResult::Keep();
    return StageResult::Drop("not-relevant");
  }

 private:
  bool publish_all_;
};

}  // namespace newswatch
