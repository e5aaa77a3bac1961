// libFuzzer target: feed bytes -> ParseFeed (charset decoding, libxml2 with no network, no
// DTD, no external entities) -> FeedToJson. Oracles: no crash, no sanitizer report, every
// string of a parsed feed is valid UTF-8, and max_entries holds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/feed/feed_json.h"
#include "daemon/feed/feed_parser.h"
#include "daemon/text/charset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newswatch;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  FeedParseOptions options;
  options.base_url = "http://example.com/feeds/";
  options.max_entries = 64;
  const Result<ParsedFeed> feed = ParseFeed(bytes, options);
  if (!feed.ok()) return 0;
  if (feed->entries.size() > options.max_entries) std::abort();
  if (!IsValidUtf8(feed->title)) std::abort();
  for (const FeedEntry& e : feed->entries) {
    if (!IsValidUtf8(e.title) || !IsValidUtf8(e.summary) || !IsValidUtf8(e.content) ||
        !IsValidUtf8(e.link)) {
      std::abort();
    }
  }
  (void)FeedToJson(*feed).dump();
  return 0;
}
