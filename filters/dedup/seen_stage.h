// SeenStage: drops articles already published (same canonical URL or same
// folded text), so unchanged feed items are not scored again on every poll.
// This is a read-only pre-check; the authoritative check happens atomically
// with the journal write in the publisher (StateStore::AppendEvent).
// Thread-safety: Process is const; each worker thread opens its own
// connection to the state file on first use.
#pragma once

#include <filesystem>

#include "daemon/pipeline/stage.h"

namespace newswatch {

class SeenStage final : public Stage {
 public:
  explicit SeenStage(std::filesystem::path state_db) : state_db_(std::move(state_db)) {}
  std::string_view name() const override { return "seen"; }
  StageResult Process(Article& article) const override;

 private:
  std::filesystem::path state_db_;
};

}  // namespace newswatch
