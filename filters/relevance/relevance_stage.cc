#include "filters/relevance/relevance_stage.h"

namespace newswatch {

StageResult RelevanceStage::Process(Article& article) const {
  article.relevance = scorer_->Score(article.norm_title, article.norm_body);
  return StageResult::Keep();
}

}  // namespace newswatch
