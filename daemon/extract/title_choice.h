// Chooses an article's title from the evidence a page offers: a meta title
// (og:title, <meta name="title">, ArticleTitle, JSON-LD headline), the <title>
// text with its site suffix
// (" - 新浪财经", "_新闻_中国政府网"), and the page's headings.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <vector>

namespace newswatch {

struct TitleEvidence {
  std::string meta_title;             // first non-empty meta / JSON-LD title, or ""
  std::string title_tag;              // text of <title>, or ""
  std::vector<std::string> headings;  // <h1> texts in document order, then <h2>
};

// Returns the title: a heading that the <title> or meta title contains (what
// the page displays), else the meta title without a site suffix, else the
// <title> part most similar to a heading or, failing that, its longest part;
// else the first heading. Whitespace is collapsed. Returns "" when the page
// offers nothing.
std::string ChooseTitle(const TitleEvidence& evidence);

// Splits a <title> on site separators ("_", "|", " - ", "--", "-" between
// non-alphanumerics, "｜", " — ") into trimmed non-empty parts, in order.
std::vector<std::string> SplitTitleParts(const std::string& title);

}  // namespace newswatch
