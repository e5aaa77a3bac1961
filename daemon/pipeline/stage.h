// Stage: one step of the article pipeline (normalize, relevance, facts, ...).
// An Article goes in, a decision comes out; the runner counts and logs, not
// the stage. Thread-safety: Process() is const and is called concurrently from
// several pipeline workers on different articles; stages hold only immutable
// state built at start-up (compiled profiles, tables).
#pragma once

#include <string>
#include <string_view>

#include "daemon/core/article.h"

namespace newswatch {

enum class Decision {
  kKeep,  // pass the article on to the next stage
  kDrop,  // stop here; `reason` says why (counted per stage by the runner)
};

struct StageResult {
  Decision decision = Decision::kKeep;
  std::string reason;  // short, stable, for metrics and logs ("not-relevant")

  static StageResult Keep() { return {}; }
  static StageResult Drop(std::string why) { return {Decision::kDrop, std::move(why)}; }
};

class Stage {
 public:
  virtual ~Stage() = default;
  // Stable name for logs and metrics ("relevance").
  virtual std::string_view name() const = 0;
  // Annotates `article` in place and decides whether it goes on. Never fails
  // on configuration (that was validated at start-up); bad input is a Drop
  // with a reason, never an exception.
  virtual StageResult Process(Article& article) const = 0;
};

}  // namespace newswatch
