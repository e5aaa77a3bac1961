// libFuzzer target: feed bytes -> ParseFeed (charset decoding, libxml2 with no network, no
// DTD, no external entities) -> FeedToJson. Oracles: no crash, no sanitizer report, every
// string of a parsed feed is valid UTF-8, max_entries holds, and the sanitized copies hold no
// script, event handler or javascript: URL.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
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
  options.sanitize_html = true;
  const Result<ParsedFeed> feed = ParseFeed(bytes, options);
  if (!feed.ok()) return 0;
  if (feed->entries.size() > options.max_entries) std::abort();
  if (!IsValidUtf8(feed->title)) std::abort();
  for (const FeedEntry& e : feed->entries) {
    if (!IsValidUtf8(e.title) || !IsValidUtf8(e.summary) || !IsValidUtf8(e.content) ||
        !IsValidUtf8(e.link) || !IsValidUtf8(e.safe_summary) || !IsValidUtf8(e.safe_content)) {
      std::abort();
    }
    // The safe copies never hold a script, and no tag of theirs an event handler or a
    // javascript: URL (text may mention them: its '<' is escaped). SanitizeHtml writes every
    // attribute as name="value" with '"' escaped, so the tags can be read back exactly.
    for (const std::string* html : {&e.safe_summary, &e.safe_content}) {
      if (html->find("<script") != std::string::npos) std::abort();
      for (size_t lt = html->find('<'); lt != std::string::npos; lt = html->find('<', lt + 1)) {
        size_t p = html->find_first_of(" >", lt);
        while (p != std::string::npos && (*html)[p] == ' ' && html->compare(p, 3, " />") != 0) {
          const size_t eq = html->find("=\"", p);
          const size_t close = eq == std::string::npos ? eq : html->find('"', eq + 2);
          if (close == std::string::npos) std::abort();
          const std::string name = html->substr(p + 1, eq - p - 1);
          std::string value = html->substr(eq + 2, close - eq - 2);
          for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          if (name.rfind("on", 0) == 0 || value.find("javascript:") != std::string::npos) {
            std::abort();
          }
          p = close + 1;
        }
      }
    }
  }
  (void)FeedToJson(*feed).dump();
  return 0;
}
