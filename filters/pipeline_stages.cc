#include "filters/pipeline_stages.h"

#include "filters/dedup/seen_stage.h"
#include "filters/facts/facts_stage.h"
#include "filters/gate/publish_gate_stage.h"
#include "filters/prepare/prepare_stage.h"
#include "filters/relevance/profile.h"
#include "filters/relevance/relevance_stage.h"
#include "filters/relevance/scorer.h"
#include "filters/story/story_stage.h"

namespace newswatch {

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
  stages.push_back(std::make_unique<RelevanceStage>(std::move(scorers)));
  stages.push_back(std::move(facts).value());
  if (!settings.state_db.empty()) stages.push_back(std::make_unique<StoryStage>(
      settings.state_db, settings.story_window_days, settings.publish_all));
  stages.push_back(std::make_unique<PublishGateStage>(settings.publish_all));
  return stages;
}

}  // namespace newswatch
