// RelevanceScorer: judges how relevant a normalized title and body are to one
// topic profile, and explains the verdict (score, level, every matched term with
// its counts per field, unmet requirements, exclusions).
// Thread-safety: immutable after Create(); Score() may run concurrently.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "daemon/core/analysis.h"
#include "daemon/core/article.h"
#include "daemon/core/result.h"
#include "filters/relevance/matcher.h"
#include "filters/relevance/profile.h"

namespace newswatch {

class RelevanceScorer {
 public:
  // Compiles every term and exclusion of `profile` into one PhraseMatcher.
  // Fails with kConfig "file:line: ..." when a pattern does not compile.
  static Result<std::unique_ptr<RelevanceScorer>> Create(TopicProfile profile);

  // Scores already-normalized text (TextNormalizer output: simplified script,
  // half-width, lower-case ASCII); does not normalize again. The lead is the
  // body's first paragraph, at most profile.lead_chars characters; lead and
  // body counts are disjoint. Verdict is kRelevant when every requirement holds
  // and score >= threshold; level follows the profile's levels for relevant
  // articles and is kNone otherwise.
  // With `analysis` (the policy analysis of the same text), the profile's
  // evidence weights add to the score and may satisfy requirements.
  Relevance Score(std::string_view norm_title, std::string_view norm_body,
                  const Analysis* analysis = nullptr) const;

  const TopicProfile& profile() const { return profile_; }

 private:
  // What a pattern index of the matcher stands for.
  struct PatternRef {
    int group = -1;      // index into profile_.groups; -1 for an exclusion
    int term = -1;       // index into the group's terms or into profile_.exclusions
  };

  RelevanceScorer(TopicProfile profile, std::unique_ptr<PhraseMatcher> matcher,
                  std::vector<PatternRef> refs);

  TopicProfile profile_;
  std::unique_ptr<PhraseMatcher> matcher_;
  std::vector<PatternRef> refs_;
};

// Byte offset in `body` where the lead ends: the first paragraph ('\n'), but
// not past `lead_chars` characters; short opening lines (bylines, datelines)
// do not end the lead before lead_chars / 4 characters.
size_t LeadEnd(std::string_view body, size_t lead_chars);

}  // namespace newswatch
