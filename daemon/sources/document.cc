#include "daemon/sources/document.h"

#include <algorithm>
#include <cctype>

#include "daemon/extract/article_extractor.h"
#include "daemon/text/charset.h"
#include "daemon/text/front_matter.h"
#include "daemon/text/headline.h"
#include "daemon/text/normalize.h"
#include "daemon/text/html_text.h"
#include "daemon/core/url.h"

namespace newswatch {
namespace {

std::string_view Trim(std::string_view s) {
  const auto not_space = [](char c) { return !std::isspace(static_cast<unsigned char>(c)); };
  auto b = std::find_if(s.begin(), s.end(), not_space);
  auto e = std::find_if(s.rbegin(), s.rend(), not_space).base();
  return b < e ? std::string_view(&*b, static_cast<size_t>(e - b)) : std::string_view();
}

// Skips a BOM, XML/DOCTYPE declarations, comments and whitespace; returns
// the rest starting at the first element.
std::string_view FirstElement(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  for (int guard = 0; guard < 64; ++guard) {
    s = Trim(s);
    if (s.substr(0, 4) == "<!--") {
      const size_t end = s.find("-->");
      if (end == std::string_view::npos) return {};
      s.remove_prefix(end + 3);
    } else if (s.substr(0, 2) == "<?" || s.substr(0, 2) == "<!") {
      const size_t end = s.find('>');
      if (end == std::string_view::npos) return {};
      s.remove_prefix(end + 1);
    } else {
      return s;
    }
  }
  return s;
}

bool IsFullHtmlPage(std::string_view text) {
  std::string head(text.substr(0, 4096));
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return head.find("<html") != std::string::npos || head.find("<head") != std::string::npos ||
         head.find("<body") != std::string::npos;
}

// The headline a person would display (daemon/text/headline.h); a headline on
// the first line leaves the body, one further down stays in it (the header
// lines before it are part of the document).
std::string TakeTitleLine(std::string& body) {
  Headline h = InferHeadline(body);
  if (h.text.empty()) return {};
  if (h.first_line) body.erase(0, std::min(body.size(), h.line_end + 1));
  return h.text;
}

}  // namespace

bool LooksLikeFeed(std::string_view bytes) {
  std::string_view s = FirstElement(bytes.substr(0, 8192));
  if (s.empty() || s.front() != '<') return false;
  s.remove_prefix(1);
  const size_t colon_or_end = s.find_first_of(" \t\r\n>/");
  std::string_view name = s.substr(0, colon_or_end);
  if (const size_t colon = name.find(':'); colon != std::string_view::npos) {
    name.remove_prefix(colon + 1);
  }
  return name == "rss" || name == "feed" || name == "RDF" || name == "rdf";
}

Result<Article> ArticleFromDocument(const DocumentInput& input) {
  const DecodedText decoded = DecodeToUtf8(input.bytes, CharsetFromContentType(input.content_type),
                                           MarkupKind::kUnknown);
  Article a;
  a.source_id = input.source_id;
  a.url = input.url;

  Document doc = SplitFrontMatter(decoded.utf8);
  if (doc.front_matter) {
    const FrontMatter& fm = *doc.front_matter;
    a.title = fm.title;
    a.author = fm.author;
    a.published = fm.date;
    a.categories = fm.categories;
    a.categories.insert(a.categories.end(), fm.tags.begin(), fm.tags.end());
  }

  if (IsFullHtmlPage(doc.body)) {
    ExtractOptions options;
    options.url = input.url;
    auto extracted = ExtractArticle(doc.body, options);
    if (extracted.ok()) {
      if (a.title.empty()) a.title = extracted->title;
      if (a.author.empty()) a.author = extracted->author;
      if (!a.published) a.published = extracted->published;
      a.original_source = extracted->source;
      a.body_text = extracted->text;
    } else {
      a.body_text = HtmlToText(doc.body);
    }
  } else if (LooksLikeHtml(doc.body)) {
    a.body_html = doc.body;
  } else {
    a.body_text = doc.body;
  }
  if (a.title.empty()) {
    if (!a.body_html.empty()) a.body_text = HtmlToText(a.body_html), a.body_html.clear();
    // Pinyin noise (國(guó)) would make a short line look long.
    a.body_text = StripPinyinAnnotations(a.body_text);
    a.title = TakeTitleLine(a.body_text);
  }
  if (a.title.empty() && Trim(a.body_text).empty() && a.body_html.empty()) {
    return ParseError("document has neither a title nor text");
  }
  return a;
}

std::vector<Article> ArticlesFromFeed(const ParsedFeed& feed, const std::string& source_id,
                                      const std::string& feed_url) {
  std::vector<Article> out;
  out.reserve(feed.entries.size());
  for (const FeedEntry& e : feed.entries) {
    Article a;
    a.source_id = source_id;
    a.url = e.link;
    if (a.url.empty() && e.id.find("://") != std::string::npos) a.url = e.id;
    if (a.url.empty()) continue;
    if (a.url.find("://") == std::string::npos) {
      auto resolved = ResolveUrl(feed_url, a.url);
      if (!resolved.ok()) continue;
      a.url = *resolved;
    }
    a.title = HtmlToText(e.title);
    a.author = e.author;
    a.summary = HtmlToText(e.summary);
    a.body_html = e.content.empty() ? e.summary : e.content;
    a.published = e.published ? e.published : e.updated;
    a.categories = e.categories;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace newswatch
