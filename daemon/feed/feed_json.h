// FeedToJson: the JSON form of a ParsedFeed printed by `newswatch parse-feed` (and handy for
// comparing with other parsers). Thread-safety: a pure function.
#pragma once

#include <nlohmann/json.hpp>

#include "daemon/feed/feed_parser.h"

namespace newswatch {

// Returns {"format","title","link","subtitle","updated","entries":[{"id","title","link",
// "published","updated","author","summary","content","categories":[..],"enclosures":[{"url",
// "type","length"}]}]}. "format" is FeedFormatName(); times are RFC 3339 in UTC
// ("2004-01-01T19:48:21Z") or "" when absent. Every key is always present.
nlohmann::json FeedToJson(const ParsedFeed& feed);

}  // namespace newswatch
