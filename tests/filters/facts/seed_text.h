// Test helper: reads a third-party document (Hexo/Jekyll post or plain text,
// possibly HTML, traditional script with pinyin noise) from ../shared and
// returns its title and body as the normalize stage folds them, keeping one
// paragraph per line. Separate from article.h users because
// daemon/text/normalize.h declares its own Script enum.
#pragma once

#include <string>

namespace newswatch::testing {

struct NormalizedDoc {
  std::string title;
  std::string body;
};

// Empty title and body when the file cannot be read.
NormalizedDoc LoadNormalized(const std::string& path);
// Normalizes HTML or plain text, one paragraph per line.
NormalizedDoc NormalizeDoc(const std::string& title, const std::string& html_or_text);

}  // namespace newswatch::testing
