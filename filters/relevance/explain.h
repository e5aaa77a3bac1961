// ExplainRelevance: renders a Relevance verdict as readable multi-line text for
// `newswatch check --explain` and `newswatch backtest`.
// Thread-safety: a pure function.
#pragma once

#include <string>
#include <string_view>

#include "daemon/core/article.h"

namespace newswatch {

std::string_view VerdictName(Verdict verdict);  // "relevant", "not-relevant", "unscored"
std::string_view LevelName(Level level);        // "high", "medium", "low", "none"

// Returns lines like
//   profile metaverse-policy: relevant, score 84.5 (threshold 30), level high
//     topic     元宇宙          +42    title 1  lead 2  body 3
//   reasons:
//     excluded '多元宇宙' x1: multiverse, not metaverse
// Every match is listed, in the order the scorer gave them; ends with '\n'.
std::string ExplainRelevance(const Relevance& relevance);

}  // namespace newswatch
