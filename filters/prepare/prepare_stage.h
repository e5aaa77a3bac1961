// PrepareStage: the first stage. Gives the article its identity (canonical
// URL, id), turns HTML into text, folds title and body for matching
// (simplified script, half-width, pinyin noise removed), records the script,
// and hashes the folded text. Drops articles with neither title nor text.
// Thread-safety: Process is const; the shared TextNormalizer is thread-safe.
#pragma once

#include <memory>

#include "daemon/pipeline/stage.h"
#include "daemon/text/normalize.h"

namespace newswatch {

class PrepareStage final : public Stage {
 public:
  explicit PrepareStage(std::shared_ptr<const TextNormalizer> normalizer)
      : normalizer_(std::move(normalizer)) {}
  std::string_view name() const override { return "prepare"; }
  StageResult Process(Article& article) const override;

 private:
  std::shared_ptr<const TextNormalizer> normalizer_;
};

// Fills canonical_url and id from url (the url itself when it cannot be
// canonicalized). Exposed for tools that need ids without the full stage.
void AssignIdentity(Article& article);

}  // namespace newswatch
