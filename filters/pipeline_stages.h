// Builds the daemon's pipeline: prepare -> seen -> analysis -> relevance -> facts -> story -> gate.
// Adding a stage is its own files plus one line in pipeline_stages.cc.
// Thread-safety: building happens once at start-up (and on reload).
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "daemon/core/result.h"
#include "daemon/pipeline/stage.h"
#include "filters/analysis/policy_analyzer.h"
#include "filters/relevance/profile.h"

namespace newswatch {

struct PipelineSettings {
  std::vector<std::filesystem::path> profiles;  // topic profiles; the first is the default
  std::filesystem::path state_db;               // empty: no seen pre-check (newswatch check)
  bool publish_all = false;                     // keep irrelevant articles too
  std::filesystem::path extra_regions;          // `newswatch gazetteer import` output, optional
  int64_t story_window_days = 7;                // how far back a repost finds its story
};

// The literal terms of `profile`'s topic groups (what the analysis calls the topic).
std::vector<std::string> TopicTerms(const TopicProfile& profile);

// The policy analyzer for `profile`'s topic over the built-in region table
// extended by `extra_regions` (optional). kConfig when the topic has no terms.
Result<std::unique_ptr<PolicyAnalyzer>> BuildAnalyzer(const TopicProfile& profile,
                                                      const std::filesystem::path& extra_regions);

// Compiles every profile and builds the stages. Fails (kConfig, naming the
// profile file and line) when a profile is invalid.
Result<std::vector<std::unique_ptr<Stage>>> BuildPipeline(const PipelineSettings& settings);

}  // namespace newswatch
