#include "filters/pipeline_stages.h"

#include "filters/analysis/analysis_stage.h"
#include "filters/dedup/seen_stage.h"
#include "filters/facts/facts_stage.h"
#include "filters/gate/publish_gate_stage.h"
#include "filters/prepare/prepare_stage.h"
#include "filters/relevance/profile.h"
#include "filters/relevance/relevance_stage.h"
#include "filters/relevance/scorer.h"
#include "filters/story/story_stage.h"

namespace newswatch {

std::vector<std::string> TopicTerms(const TopicProfile& profile) {
  std::vector<std::string> terms;
  for (const TermGroup& g : profile.groups) {
    if (g.role != GroupRole::kTopic) continue;
    for (const TermSpec& t : g.terms) {
      if (!t.is_regex) terms.push_back(t.text);
    }
  }
  return terms;
}

Result<std::unique_ptr<PolicyAnalyzer>> BuildAnalyzer(const TopicProfile& profile,
                                                      const std::filesystem::path& extra_regions) {
  Result<RegionTable> table = RegionTable::Builtin();
  if (!table.ok()) return table.status();
  if (!extra_regions.empty()) NW_RETURN_IF_ERROR(table->LoadExtra(extra_regions.string()));
  auto analyzer = PolicyAnalyzer::Create(std::make_shared<const RegionTable>(std::move(*table)),
                                         TopicTerms(profile));
  if (!analyzer.ok()) return analyzer.status().WithContext(profile.file_name);
  return analyzer;
}

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

  // The policy analysis reads the default profile's topic; relevance and
  // facts both read what it found.
  auto analyzer = BuildAnalyzer(scorers.front()->profile(), settings.extra_regions);
  if (!analyzer.ok()) return analyzer.status();
  std::shared_ptr<const PolicyAnalyzer> shared_analyzer = std::move(analyzer).value();

  // The pipeline, in order; one line per stage.
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<PrepareStage>(shared_normalizer));
  if (!settings.state_db.empty()) stages.push_back(std::make_unique<SeenStage>(settings.state_db));
  stages.push_back(std::make_unique<AnalysisStage>(shared_analyzer));
  stages.push_back(std::make_unique<RelevanceStage>(std::move(scorers)));
  stages.push_back(std::make_unique<FactsStage>(shared_analyzer, !settings.publish_all));
  if (!settings.state_db.empty())
    stages.push_back(std::make_unique<StoryStage>(settings.state_db, settings.story_window_days,
                                                  settings.publish_all));
  stages.push_back(std::make_unique<PublishGateStage>(settings.publish_all));
  return stages;
}

}  // namespace newswatch
