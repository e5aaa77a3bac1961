#include "filters/prepare/prepare_stage.h"

#include "daemon/core/hash.h"
#include "daemon/core/url.h"
#include "daemon/text/html_text.h"

namespace newswatch {
namespace {

constexpr size_t kSummaryBytes = 600;

// The first `max_bytes` of UTF-8 text, cut at a character boundary.
std::string Utf8Prefix(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

// Folds text line by line, so paragraphs stay one per line for the stages
// that look at structure (the lead, header and signature lines).
std::string NormalizeLines(const TextNormalizer& normalizer, const std::string& text) {
  std::string out;
  out.reserve(text.size());
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = normalizer.Normalize(std::string_view(text).substr(start, end - start));
    if (!line.empty()) {
      if (!out.empty()) out += '\n';
      out += line;
    }
    start = end + 1;
  }
  return out;
}

}  // namespace

void AssignIdentity(Article& article) {
  if (article.canonical_url.empty()) {
    auto canonical = CanonicalizeUrl(article.url);
    article.canonical_url = canonical.ok() ? *canonical : article.url;
  }
  if (article.id.empty()) article.id = ArticleIdForUrl(article.canonical_url);
}

StageResult PrepareStage::Process(Article& article) const {
  AssignIdentity(article);
  if (!article.body_html.empty()) {
    if (article.body_text.empty()) article.body_text = HtmlToText(article.body_html);
    article.body_html.clear();
  }
  if (article.summary.empty() || article.summary == article.body_text) {
    article.summary = Utf8Prefix(article.body_text, kSummaryBytes);
  }
  if (article.title.empty() && article.body_text.empty()) return StageResult::Drop("empty");
  // Pinyin noise (國(guó)內(nèi)) leaves what events carry too, not only the
  // text used for matching; the original script is kept.
  article.title = StripPinyinAnnotations(article.title);
  article.summary = StripPinyinAnnotations(article.summary);
  article.body_text = StripPinyinAnnotations(article.body_text);

  article.norm_title = normalizer_->Normalize(article.title);
  article.norm_body =
      NormalizeLines(*normalizer_, article.body_text.empty() ? article.summary : article.body_text);
  article.script = normalizer_->DetectScript(article.title + "\n" +
                                             Utf8Prefix(article.body_text, 4096));
  article.content_hash = Sha256Hex(article.norm_title + "\n" + article.norm_body);
  return StageResult::Keep();
}

}  // namespace newswatch
