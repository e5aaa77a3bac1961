#include "filters/pipeline_stages.h"

#include <algorithm>

#include "filters/dedup/seen_stage.h"
#include "filters/facts/facts_stage.h"
#include "filters/gate/publish_gate_stage.h"
#include "filters/prepare/prepare_stage.h"
#include "filters/relevance/profile.h"
#include "filters/relevance/scorer.h"
#include "filters/story/story_stage.h"

namespace newswatch {
namespace {

// Scores an article against every configured profile and keeps the verdict
// of the best one: a relevant verdict beats an irrelevant one, then the
// higher score wins. With one profile this is plain scoring.
class ProfilesStage final : public Stage {
 public:
  explicit ProfilesStage(std::vector<std::unique_ptr<RelevanceScorer>> scorers)
      : scorers_(std::move(scorers)) {}
  std::string_view name() const override { return "relevance"; }
  StageResult Process(Article& article) const override {
    bool first = true;
    for (const auto& scorer : scorers_) {
      Relevance r = scorer->Score(article.norm_title, article.norm_body);
      const bool better =
          first || (r.verdict == Verdict::kRelevant &&
                    article.relevance.verdict != Verdict::kRelevant) ||
          (r.verdict == article.relevance.verdict && r.score > article.relevance.score);
      if (better) article.relevance = std::move(r);
      first = false;
    }
    return StageResult::Keep();
  }

 private:
  std::vector<std::unique_ptr<RelevanceScorer>> scorers_;
};

}  // namespace

Result<std::vector<std::unique_ptr<Stage>>> BuildPipeline(const PipelineSettings& settings) {
  auto normalizer = TextNormalizer::Create();
  if (!normalizer.ok()) return normalizer.status();
  std::shared_ptr<const TextNormalizer> shared_normalizer = std::move(normalizer).value();

  std::vector<std::unique_ptr<RelevanceScorer>> scorers;
  for (const auto& path : settings.profiles) {
    auto profile = LoadTopicProfile(path);
    if (!profile.ok()) return profile.status();
    auto scorer = RelevanceScorer::Create(std::move(profile).value());
    if (!scorer.ok()) return scorer.status().WithContext(path.string());
    scorers.push_back(std::move(scorer).value());
  }
  if (scorers.empty()) return ConfigError("no topic profile configured (profiles: [...])");

  auto facts = FactsStage::Create(settings.extra_regions.string());
  if (!facts.ok()) return facts.status();

  // The pipeline, in order; one line per stage.
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<PrepareStage>(shared_normalizer));
  if (!settings.state_db.empty()) stages.push_back(std::make_unique<SeenStage>(settings.state_db));
  stages.push_back(std::make_unique<ProfilesStage>(std::move(scorers)));
  stages.push_back(std::move(facts).value());
  if (!settings.state_db.empty()) stages.push_back(std::make_unique<StoryStage>(
      settings.state_db, settings.story_window_days, settings.publish_all));
  stages.push_back(std::make_unique<PublishGateStage>(settings.publish_all));
  return stages;
}

}  // namespace newswatch
