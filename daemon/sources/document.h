// Turning raw material into Article drafts: a whole document (an HTML page,
// a Markdown or text file with or without Jekyll/Hexo front matter), or the
// entries of a parsed feed. Used by the sources and by `newswatch check`.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/article.h"
#include "daemon/core/result.h"
#include "daemon/feed/feed_parser.h"

namespace newswatch {

struct DocumentInput {
  std::string_view bytes;    // as read or fetched, any charset
  std::string url;           // where it came from (file:// for local files)
  std::string content_type;  // HTTP Content-Type, if any
  std::string source_id;
};

// Builds an Article from one document: decodes the charset; reads front
// matter (title, date, author, categories, tags); a full HTML page goes
// through the article extractor; an HTML fragment becomes body_html; plain
// text's first line is its title when there is no front matter. Fails
// (kParse) when the document has neither title nor text.
Result<Article> ArticleFromDocument(const DocumentInput& input);

// One Article per feed entry: link (or a permalink id) as URL, summary as
// text, content (or the summary) as body_html, published (or updated) time.
// Entries with neither link nor id are skipped.
std::vector<Article> ArticlesFromFeed(const ParsedFeed& feed, const std::string& source_id,
                                      const std::string& feed_url);

// True if the bytes look like an RSS, RDF or Atom document (checks the root
// element name near the start, after declarations and comments).
bool LooksLikeFeed(std::string_view bytes);

}  // namespace newswatch
