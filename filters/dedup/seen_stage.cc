#include "filters/dedup/seen_stage.h"

#include <spdlog/spdlog.h>

#include "daemon/store/thread_state_store.h"

namespace newswatch {

StageResult SeenStage::Process(Article& article) const {
  auto store = ThreadStateStore(state_db_);
  if (!store.ok()) {
    // Without the pre-check the publisher still de-duplicates; go on.
    spdlog::warn("seen: {}", store.status().ToString());
    return StageResult::Keep();
  }
  auto seen = (*store)->IsSeen(article.id, article.content_hash);
  if (seen.ok() && *seen) return StageResult::Drop("seen");
  return StageResult::Keep();
}

}  // namespace newswatch
