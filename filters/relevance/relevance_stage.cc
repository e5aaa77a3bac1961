#include "filters/relevance/relevance_stage.h"

namespace newswatch {

StageResult RelevanceStage::Process(Article& article) const {
  bool first = true;
  for (const auto& scorer : scorers_) {
    Relevance r = scorer->Score(article.norm_title, article.norm_body, &article.analysis);
    const bool better =
        first ||
        (r.verdict == Verdict::kRelevant && article.relevance.verdict != Verdict::kRelevant) ||
        (r.verdict == article.relevance.verdict && r.score > article.relevance.score);
    if (better) article.relevance = std::move(r);
    first = false;
  }
  return StageResult::Keep();
}

}  // namespace newswatch
