// Article extraction: finds the main article of an HTML page (title, author,
// outlet, publication time, body text) the way a reader would, scoring blocks
// by text and punctuation density with link-density and class/id hints, tuned
// for Chinese news and government pages. Thread-safety: ExtractArticle keeps no
// shared mutable state; call it from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/core/result.h"
#include "daemon/core/timestamp.h"

namespace newswatch {

struct ExtractedArticle {
  std::string title;
  std::string author;  // "" when the page names none
  std::string source;  // the original outlet (来源/文章来源), "" when none
  // In the page's own offset; Asia/Shanghai (+480, or
  // ExtractOptions::default_offset_minutes) when the page gives a time without
  // a zone.
  std::optional<Timestamp> published;
  // Main body, paragraphs separated by '\n'. Byline lines the article itself
  // prints (原标题/来源/责任编辑) stay, as in a reader's cut; site chrome does not.
  std::string text;
};

struct ExtractOptions {
  std::string url;                       // the page's address: a date in it is a last resort
  int32_t default_offset_minutes = 480;  // zone assumed for dates written without one
};

// Extracts the main article from a UTF-8 HTML page (the caller decodes: see
// daemon/text/charset.h). Returns kParse only if the page has no usable body
// (no block of prose found); title, author, source and published are best
// effort and may be empty.
Result<ExtractedArticle> ExtractArticle(std::string_view html_utf8, const ExtractOptions& options);

}  // namespace newswatch
