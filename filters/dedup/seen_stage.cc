#include "filters/dedup/seen_stage.h"

#include <spdlog/spdlog.h>

#include <map>
#include <memory>

#include "daemon/store/state_store.h"

namespace newswatch {

StageResult SeenStage::Process(Article& article) const {
  // One connection per (thread, file): SQLite connections are not shared.
  thread_local std::map<std::filesystem::path, std::unique_ptr<StateStore>> stores;
  auto& store = stores[state_db_];
  if (!store) {
    // Read-only use: no commits to make durable.
    auto opened = StateStore::Open(state_db_, SystemClock::Instance(),
                                   StateStore::Durability::kRelaxed);
    if (!opened.ok()) {
      // Without the pre-check the publisher still de-duplicates; go on.
      spdlog::warn("seen: {}", opened.status().ToString());
      return StageResult::Keep();
    }
    store = std::move(opened).value();
  }
  auto seen = store->IsSeen(article.id, article.content_hash);
  if (seen.ok() && *seen) return StageResult::Drop("seen");
  return StageResult::Keep();
}

}  // namespace newswatch
