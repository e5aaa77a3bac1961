#include "filters/analysis/analysis_stage.h"

namespace newswatch {

StageResult AnalysisStage::Process(Article& article) const {
  std::string_view title = article.norm_title.empty() ? article.title : article.norm_title;
  std::string_view body = article.norm_body.empty() ? article.body_text : article.norm_body;
  article.analysis = analyzer_->Analyze(title, body);
  return StageResult::Keep();
}

}  // namespace newswatch
