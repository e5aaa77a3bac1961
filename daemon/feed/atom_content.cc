#include "daemon/feed/atom_content.h"

#include <cctype>
#include <cstdint>

namespace newswatch {
namespace {

std::string LowerTrimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

}  // namespace

AtomContentMode AtomModeOf(std::string_view type_attr, std::string_view mode_attr) {
  const std::string type = LowerTrimmed(type_attr);
  const std::string mode = LowerTrimmed(mode_attr);
  if (mode == "base64") return AtomContentMode::kBase64;
  if (mode == "xml") return AtomContentMode::kInlineMarkup;
  if (mode == "escaped") return AtomContentMode::kText;
  if (type.empty() || type == "text" || type == "html") return AtomContentMode::kText;
  if (type == "xhtml") return AtomContentMode::kXhtmlDiv;
  if (type.ends_with("+xml") || type.ends_with("/xml")) return AtomContentMode::kInlineMarkup;
  if (type.starts_with("text/")) return AtomContentMode::kText;
  // A MIME type with a slash that is neither text nor XML: RFC 4287 4.1.3.3 says base64.
  if (type.find('/') != std::string::npos) return AtomContentMode::kBase64;
  return AtomContentMode::kText;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t bits = 0;
  int count = 0;
  bool padding = false;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    if (c == '=') {
      padding = true;
      continue;
    }
    const int v = Base64Value(c);
    if (v < 0 || padding) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    if (++count == 4) {
      out.push_back(static_cast<char>((bits >> 16) & 0xFF));
      out.push_back(static_cast<char>((bits >> 8) & 0xFF));
      out.push_back(static_cast<char>(bits & 0xFF));
      bits = 0;
      count = 0;
    }
  }
  if (count == 1) return std::nullopt;
  if (count == 2) out.push_back(static_cast<char>((bits >> 4) & 0xFF));
  if (count == 3) {
    out.push_back(static_cast<char>((bits >> 10) & 0xFF));
    out.push_back(static_cast<char>((bits >> 2) & 0xFF));
  }
  return out;
}

}  // namespace newswatch
