#include "daemon/feed/feed_json.h"

namespace newswatch {
namespace {

std::string TimeOrEmpty(const std::optional<Timestamp>& t) {
  return t ? t->ToRfc3339Utc() : std::string();
}

}  // namespace

nlohmann::json FeedToJson(const ParsedFeed& feed) {
  nlohmann::json entries = nlohmann::json::array();
  for (const FeedEntry& e : feed.entries) {
    nlohmann::json enclosures = nlohmann::json::array();
    for (const FeedEnclosure& enc : e.enclosures) {
      enclosures.push_back({{"url", enc.url}, {"type", enc.type}, {"length", enc.length}});
    }
    entries.push_back({{"id", e.id},
                       {"title", e.title},
                       {"link", e.link},
                       {"published", TimeOrEmpty(e.published)},
                       {"updated", TimeOrEmpty(e.updated)},
                       {"author", e.author},
                       {"summary", e.summary},
                       {"content", e.content},
                       {"safe_summary", e.safe_summary},
                       {"safe_content", e.safe_content},
                       {"categories", e.categories},
                       {"enclosures", std::move(enclosures)}});
  }
  return {{"format", std::string(FeedFormatName(feed.format))},
          {"title", feed.title},
          {"link", feed.link},
          {"subtitle", feed.subtitle},
          {"updated", TimeOrEmpty(feed.updated)},
          {"entries", std::move(entries)}};
}

}  // namespace newswatch
