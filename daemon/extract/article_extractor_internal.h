// ExtractArticle with a choice of how the page is parsed, so tests can require the same article
// from the pre-pass parse (html_prepare.h) and the plain one. Internal to nw_extract.
// Thread-safety: as ExtractArticle.
#pragma once

#include <string_view>

#include "daemon/extract/article_extractor.h"

namespace newswatch::extract_internal {

// ExtractArticle(html_utf8, options) when `fast` is true; with false, the page is parsed by
// htmlReadMemory as given (see ParseHtmlPage in html_parse.h).
Result<ExtractedArticle> ExtractArticleParsing(std::string_view html_utf8,
                                               const ExtractOptions& options, bool fast);

}  // namespace newswatch::extract_internal
