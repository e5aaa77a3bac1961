// libFuzzer target: page bytes -> DecodeToUtf8 -> ExtractArticle and HtmlToText, as the
// daemon handles a fetched article page. Oracles: no crash, no sanitizer report, the text
// that comes out is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/extract/article_extractor.h"
#include "daemon/text/charset.h"
#include "daemon/text/html_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newswatch;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const DecodedText decoded = DecodeToUtf8(bytes, "", MarkupKind::kHtml);
  ExtractOptions options;
  options.url = "http://www.example.gov.cn/zwgk/2024-04/10/content_1.html";
  const Result<ExtractedArticle> article = ExtractArticle(decoded.utf8, options);
  if (article.ok() && (!IsValidUtf8(article->text) || !IsValidUtf8(article->title))) std::abort();
  if (!IsValidUtf8(HtmlToText(decoded.utf8))) std::abort();
  return 0;
}
