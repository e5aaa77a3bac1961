// RegionFinder: finds the provinces, cities and counties a text names, using
// one compiled matcher over every official name, short name and alias in a
// RegionTable; resolves ambiguous names (朝阳 in Beijing or Liaoning) by the
// regions named elsewhere in the same text, and chooses the primary region.
// Thread-safety: immutable after construction; Find() may run concurrently.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/article.h"
#include "filters/facts/literal_matcher.h"
#include "filters/facts/region_table.h"

namespace newswatch {

struct RegionFindings {
  // Every region named, most weighty first; `mentions` counts title + body.
  std::vector<Region> regions;
  // The region the text is about: the most specific region that carries at
  // least half the weight of its parent; "000000" (全国) when the weight is
  // spread over several provinces. Empty when no region is named.
  std::optional<Region> primary;
  // True when the weight is spread over three or more regions under the
  // primary one (a roundup of several regions' policies).
  bool spread = false;
};

class RegionFinder {
 public:
  // Borrows `table`, which must outlive the finder and not change after.
  explicit RegionFinder(const RegionTable& table);

  // Finds regions in normalized `title` and `body`. `issuer` is the issuing
  // body's name when known (its region weighs in the choice of primary).
  RegionFindings Find(std::string_view title, std::string_view body,
                      std::string_view issuer = {}) const;

  // Weights: a title mention counts this many body mentions.
  static constexpr double kTitleWeight = 5;
  static constexpr double kIssuerWeight = 3;

 private:
  const RegionTable& table_;
  std::vector<RegionName> names_;
  LiteralMatcher matcher_;
};

}  // namespace newswatch
