#include "daemon/feed/text_stash.h"

#include <charconv>
#include <cstring>

namespace newswatch {

bool TextStash::Usable(std::string_view document) {
  return std::memchr(document.data(), kMarker, document.size()) == nullptr;
}

void TextStash::Add(std::string_view run, bool has_cr, size_t newlines, std::string& out) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, runs_.size());
  out += kMarker;
  out.append(digits, static_cast<size_t>(end - digits));
  out.append(newlines, '\n');
  out += kMarker;
  if (!has_cr) {
    runs_.push_back(run);
    return;
  }
  std::string& normalized = normalized_.emplace_back();  // XML end-of-line handling
  normalized.reserve(run.size());
  for (size_t i = 0; i < run.size(); ++i) {
    if (run[i] == '\r') {
      normalized += '\n';
      if (i + 1 < run.size() && run[i + 1] == '\n') ++i;
    } else {
      normalized += run[i];
    }
  }
  runs_.push_back(normalized);
}

void TextStash::Clear() {
  runs_.clear();
  normalized_.clear();
}

size_t TextStash::ParseMarker(std::string_view text, size_t at, size_t& end) {
  size_t index = 0;
  const char* first = text.data() + at + 1;
  const char* last = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(first, last, index);
  if (ec != std::errc()) return std::string_view::npos;
  size_t q = static_cast<size_t>(ptr - text.data());
  while (q < text.size() && text[q] == '\n') ++q;
  if (q >= text.size() || text[q] != kMarker) return std::string_view::npos;
  end = q + 1;
  return index;
}

bool TextStash::Check(std::string_view text, std::vector<bool>& seen, size_t& found) const {
  size_t at = text.find(kMarker);
  while (at != std::string_view::npos) {
    size_t end = 0;
    const size_t index = ParseMarker(text, at, end);
    if (index >= runs_.size() || seen[index]) return false;
    seen[index] = true;
    ++found;
    at = text.find(kMarker, end);
  }
  return true;
}

void TextStash::AppendExpanded(std::string_view text, std::string& out) const {
  size_t pos = 0;
  size_t at = text.find(kMarker);
  while (at != std::string_view::npos) {
    out.append(text.data() + pos, at - pos);
    size_t end = 0;
    out += runs_[ParseMarker(text, at, end)];
    pos = end;
    at = text.find(kMarker, pos);
  }
  out.append(text.data() + pos, text.size() - pos);
}

size_t TextStash::ExpandedSize(std::string_view text) const {
  size_t size = text.size();
  size_t at = text.find(kMarker);
  while (at != std::string_view::npos) {
    size_t end = 0;
    const size_t index = ParseMarker(text, at, end);
    size = size - (end - at) + runs_[index].size();
    at = text.find(kMarker, end);
  }
  return size;
}

}  // namespace newswatch
