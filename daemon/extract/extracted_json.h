// JSON form of an extracted article, as printed by `newswatch extract`.
// Thread-safety: pure function.
#pragma once

#include <nlohmann/json.hpp>

#include "daemon/extract/article_extractor.h"

namespace newswatch {

// Returns {"title","published","author","source","text"}: strings, with
// "published" as RFC 3339 in the page's own offset
// ("2019-06-15T00:00:00+08:00") or "" when unknown.
nlohmann::json ExtractedToJson(const ExtractedArticle& article);

}  // namespace newswatch
