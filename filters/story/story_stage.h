// StoryStage: clusters reports of one story across sources (reposts with a
// different site frame, 来源/原标题 lines, a traditional-character copy, a
// shortened version) so each Article carries Article::story.
// Thread-safety: Process is const; each worker thread opens its own
// connection to the state file on first use. The index write is one
// BEGIN IMMEDIATE transaction (StateStore::IndexStory), so two reposts
// processed at the same time cannot both start a story.
//
// story_id is the id of the story's first indexed article; similarity is the
// containment (see story_fingerprint.h) to the best match, 1 for a new story.
// Reposts are published too, with first_report = false: subscribers choose
// (SubscriberOptions::first_reports_only). first_report set here is
// provisional; the publisher decides it atomically with the journal write
// (the first article of the story to be journaled is the first report), so a
// crash between this stage and the journal never announces a story twice.
// Articles the gate will drop (not relevant) are not indexed unless
// `cluster_all` (publish_all) is set; they keep an empty story.
#pragma once

#include <filesystem>

#include "daemon/core/article.h"
#include "daemon/pipeline/stage.h"
#include "daemon/store/state_store.h"
#include "filters/story/story_fingerprint.h"

namespace newswatch {

class StoryStage final : public Stage {
 public:
  // `window_days`: how far back a repost may find its story (>= 1).
  StoryStage(std::filesystem::path state_db, int64_t window_days, bool cluster_all);
  std::string_view name() const override { return "story"; }
  StageResult Process(Article& article) const override;

 private:
  std::filesystem::path state_db_;
  int64_t window_days_;
  bool cluster_all_;
};

// Indexes `article` in `store` and fills article.story (the work of
// StoryStage::Process on a given connection; for tests and tools). On error
// the article keeps a story of its own and the error is returned.
Status AssignStory(StateStore& store, int64_t window_days, Article& article);

}  // namespace newswatch
