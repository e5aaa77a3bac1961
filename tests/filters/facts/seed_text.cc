#include "tests/filters/facts/seed_text.h"

#include <fstream>
#include <sstream>
#include <string_view>

#include "daemon/text/html_text.h"
#include "daemon/text/normalize.h"

namespace newswatch::testing {
namespace {

const TextNormalizer& Normalizer() {
  static const std::unique_ptr<TextNormalizer> normalizer = [] {
    auto n = TextNormalizer::Create();
    return n.ok() ? std::move(*n) : nullptr;
  }();
  return *normalizer;
}

std::string Unquote(std::string_view s) {
  while (!s.empty() && (s.front() == ' ')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    s = s.substr(1, s.size() - 2);
  }
  return std::string(s);
}

}  // namespace

NormalizedDoc NormalizeDoc(const std::string& title, const std::string& html_or_text) {
  NormalizedDoc doc;
  doc.title = Normalizer().Normalize(title);
  std::string text = HtmlToText(html_or_text);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::string folded = Normalizer().Normalize(line);
    if (folded.empty()) continue;
    doc.body += folded;
    doc.body += '\n';
  }
  return doc;
}

NormalizedDoc LoadNormalized(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  std::string title;
  // Front matter: a '---' line, key: value lines, a closing '---' line.
  size_t start = text.find_first_not_of("\r\n");
  if (start != std::string::npos && text.compare(start, 3, "---") == 0) {
    size_t close = text.find("\n---", start + 3);
    if (close != std::string::npos) {
      std::istringstream fm(text.substr(start + 3, close - start - 3));
      for (std::string line; std::getline(fm, line);) {
        if (line.rfind("title:", 0) == 0) title = Unquote(std::string_view(line).substr(6));
      }
      text = text.substr(text.find('\n', close + 1) + 1);
    }
  } else if (start != std::string::npos && text.compare(start, 2, "# ") == 0) {
    size_t eol = text.find('\n', start);
    title = text.substr(start + 2, eol - start - 2);
    text = text.substr(eol + 1);
  }
  return NormalizeDoc(title, text);
}

}  // namespace newswatch::testing
