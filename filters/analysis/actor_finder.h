// Finding actors in one field of normalized text: government bodies by the
// structure of their names (a region, a few department words, a body suffix),
// central bodies, joint issuers (A、B等5部门), a region acting as its
// government (浙江发布…), deputies and members, foreign governments, and the
// non-government actors (associations, companies, institutes, media,
// gatherings) that must not pass for government.
// Thread-safety: pure functions over an immutable scanner.
#pragma once

#include <string_view>
#include <vector>

#include "daemon/core/analysis.h"
#include "filters/analysis/token_scan.h"

namespace newswatch::analysis {

// Actors of `text` (the title when `in_title`), ordered by position, joint
// issuers merged into one actor. `tokens` are scanner.Scan(text).
std::vector<Actor> FindActors(const TokenScanner& scanner, std::string_view text,
                              const std::vector<Token>& tokens, bool in_title);

// True when `gap` (text between an actor and a verb) holds only words that do
// not change who acts: adverbs of time and manner (近日, 正式, 联合 ...),
// spaces, dates (2月16日), and 了.
bool IsFillerGap(std::string_view gap);

// The official name of a region as people write it in a body's name: a
// county with its city or municipality (广州市南沙区, 上海市虹口区), else its
// own name. Empty for an unknown code.
std::string FullRegionName(const RegionTable& table, const std::string& code);

// Characters that end a name: function words and punctuation.
bool IsNameBreak(char32_t c);

}  // namespace newswatch::analysis
