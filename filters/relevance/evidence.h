// Evidence: the policy analysis (filters/analysis) read as the findings a
// topic profile weighs — "a government body acted on the topic", "the
// headline's actor is an association" — each with a sentence a person reads.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "daemon/core/analysis.h"
#include "filters/relevance/profile.h"

namespace newswatch {

struct EvidenceFinding {
  EvidenceKind kind = EvidenceKind::kPublicActOnTopic;
  std::string description;  // "issuer 某市人民政府 (government, city) — act 印发 — document 《…》"
};

// Every kind of evidence present in `analysis`, at most one finding per kind
// (the first in text order, title before body).
std::vector<EvidenceFinding> FindEvidence(const Analysis& analysis);

}  // namespace newswatch
