// FeedParser: RSS 0.90-2.0, RSS 1.0 (RDF), Atom 0.3/1.0 and CDF bytes -> plain structs, as
// forgiving as Python feedparser (HTML entities without a DTD, broken markup, relative links, the
// dc:, content:, media: and itunes: extensions) but never loading DTDs or external entities.
// Thread-safety: ParseFeed is a pure function; concurrent calls are safe (libxml2 per-call
// context).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/result.h"
#include "daemon/core/timestamp.h"

namespace newswatch {

enum class FeedFormat {
  kUnknown,
  kRss090,  // <rss version="0.90"> or RDF in the RSS 0.90 namespace
  kRss091,
  kRss092,
  kRss093,
  kRss094,
  kRss20,
  kRss,    // <rss> without a version (or with one that is none of the above)
  kRss10,  // RDF
  kAtom03,
  kAtom10,
  kCdf,  // Microsoft's Channel Definition Format (<CHANNEL HREF=...><ITEM>...)
};

// "rss0.90", "rss0.91", "rss0.92", "rss0.93", "rss0.94", "rss2.0", "rss" (no version), "rss1.0",
// "atom0.3", "atom1.0", "cdf", "unknown".
std::string_view FeedFormatName(FeedFormat format);

struct FeedEnclosure {
  std::string url, type;
  int64_t length = 0;  // bytes; 0 when not given or not a number
};

// One item / entry. Strings are UTF-8; summary and content keep any HTML as markup text, as the
// feed wrote it. safe_summary and safe_content are the same markup through SanitizeHtml
// (html_sanitizer.h), relative links resolved: what a page may show (empty unless
// FeedParseOptions::sanitize_html is on).
struct FeedEntry {
  std::string id, title, link, author, summary, content;
  std::string safe_summary, safe_content;
  std::optional<Timestamp> published, updated;
  std::vector<std::string> categories;
  std::vector<FeedEnclosure> enclosures;
};

struct ParsedFeed {
  FeedFormat format = FeedFormat::kUnknown;
  std::string title, link, subtitle;
  std::optional<Timestamp> updated;
  std::optional<int> ttl_minutes;
  std::vector<FeedEntry> entries;
  bool well_formed = true;            // false if the XML needed recovery (feedparser's "bozo")
  std::vector<std::string> warnings;  // the first few XML errors and other oddities
  std::string charset;                // what the bytes were decoded from ("utf-8", "gb18030")
};

struct FeedParseOptions {
  std::string base_url;      // where the feed came from; relative links resolve against it
  std::string http_charset;  // Content-Type charset from HTTP, overrides the XML declaration
  size_t max_entries = 100000;
  // Performance only: long non-ASCII text is kept out of libxml2's per-character path and put
  // back after the parse. The result is the same either way (tests/feed compare both).
  bool set_aside_text = true;
  // Fill FeedEntry::safe_summary / safe_content (about 1.7 us per entry of a few KB; off by
  // default: only what shows feed HTML to people pays for it; `newswatch parse-feed` turns it on).
  bool sanitize_html = false;
};

// Parses feed bytes. Fails (kParse) only when nothing feed-like can be recovered (an HTML page,
// binary garbage, empty input); a broken item among good ones leaves the good ones, and a
// truncated feed keeps its complete items. At most options.max_entries entries are kept (a
// warning says so). Entries with no title or link are kept. Times are parsed with ParseDate
// (default offset 0); unparsable times are left empty. Links (RSS <link>, Atom href, guid used as
// link, enclosures) are resolved against xml:base and options.base_url. The result owns all data.
Result<ParsedFeed> ParseFeed(std::string_view bytes, const FeedParseOptions& options);

}  // namespace newswatch
