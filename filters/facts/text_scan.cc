#include "filters/facts/text_scan.h"

#include <array>

namespace newswatch {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == text.size()) break;
    start = nl + 1;
  }
  return lines;
}

std::string_view Trim(std::string_view s) {
  constexpr std::string_view kIdeographicSpace = "\u3000";
  while (true) {
    if (!s.empty() &&
        (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
      s.remove_prefix(1);
    } else if (s.starts_with(kIdeographicSpace)) {
      s.remove_prefix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  while (true) {
    if (!s.empty() &&
        (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
      s.remove_suffix(1);
    } else if (s.ends_with(kIdeographicSpace)) {
      s.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  return s;
}

std::vector<std::string> SplitCsvLine(std::string_view line) {
  const char sep = line.find('\t') != std::string_view::npos ? '\t' : ',';
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == sep) {
      fields.emplace_back(Trim(field));
      field.clear();
    } else {
      field += c;
    }
  }
  fields.emplace_back(Trim(field));
  return fields;
}

size_t CountCodepoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

char32_t DecodeAt(std::string_view s, size_t pos, size_t* length) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char c = byte(pos);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || pos + len > s.size()) {
    *length = 1;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t i = 1; i < len; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) {
      *length = 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (byte(pos + i) & 0x3F);
  }
  *length = len;
  return cp;
}

size_t PrevCodepoint(std::string_view s, size_t pos) {
  if (pos == 0) return 0;
  size_t p = pos - 1;
  while (p > 0 && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80 && pos - p < 4) --p;
  return p;
}

bool IsHan(char32_t c) { return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF); }

namespace {

bool IsSentenceEnd(char32_t c) {
  return c == U'。' || c == U'！' || c == U'？' || c == U'；' || c == U'!' || c == U'?' ||
         c == U';' || c == U'\n';
}

}  // namespace

bool ContainsAny(std::string_view text, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (text.find(w) != std::string_view::npos) return true;
  }
  return false;
}

std::string_view CharsAfter(std::string_view text, size_t pos, size_t chars) {
  size_t end = pos;
  for (size_t i = 0; i < chars && end < text.size(); ++i) {
    size_t len = 0;
    DecodeAt(text, end, &len);
    end += len;
  }
  return text.substr(pos, end - pos);
}

std::string_view CharsBefore(std::string_view text, size_t pos, size_t chars) {
  size_t begin = pos;
  for (size_t i = 0; i < chars && begin > 0; ++i) begin = PrevCodepoint(text, begin);
  return text.substr(begin, pos - begin);
}

std::string UnifyPunctuation(std::string_view t) {
  std::string out;
  out.reserve(t.size());
  for (size_t i = 0; i < t.size();) {
    size_t len = 0;
    char32_t c = DecodeAt(t, i, &len);
    std::string_view piece = t.substr(i, len);
    i += len;
    switch (c) {
      case U' ':
      case U'\t':
      case U'"':
      case U'\'':
      case U'\u201c':
      case U'\u201d':
      case U'\u2018':
      case U'\u2019':
      case U'\u300c':
      case U'\u300d':
      case U'\u300e':
      case U'\u300f':
      case U'\u300a':
      case U'\u300b':
      case U'\u3000':
        continue;
      case U'\u2014':
      case U'\u2013':
      case U'~':
      case U'\u301c':
      case U'\uff5e':
      case U'\u2015':
        out += '-';
        continue;
      case U'\uff08':
      case U'\u3014':
      case U'[':
      case U'\u3010':
        out += '(';
        continue;
      case U'\uff09':
      case U'\u3015':
      case U']':
      case U'\u3011':
        out += ')';
        continue;
      default:
        out.append(piece);
    }
  }
  return out;
}

std::pair<size_t, size_t> SentenceBounds(std::string_view text, size_t pos) {
  size_t first = pos;
  while (first > 0) {
    size_t prev = PrevCodepoint(text, first);
    size_t len = 0;
    if (IsSentenceEnd(DecodeAt(text, prev, &len))) break;
    first = prev;
  }
  size_t last = pos;
  while (last < text.size()) {
    size_t len = 0;
    char32_t c = DecodeAt(text, last, &len);
    last += len;
    if (IsSentenceEnd(c)) break;
  }
  return {first, last};
}

std::string SentenceAround(std::string_view text, size_t begin, size_t end, size_t max_bytes) {
  auto [first, last] = SentenceBounds(text, begin);
  if (end > last) last = SentenceBounds(text, end > 0 ? end - 1 : 0).second;
  std::string_view sentence = Trim(text.substr(first, last - first));
  if (sentence.ends_with("\n")) sentence.remove_suffix(1);
  if (sentence.size() <= max_bytes) return std::string(sentence);
  // Keep a window around the match, on code-point boundaries.
  size_t match_at = begin > first ? begin - first : 0;
  size_t start = match_at > max_bytes / 2 ? match_at - max_bytes / 2 : 0;
  while (start > 0 && (static_cast<unsigned char>(sentence[start]) & 0xC0) == 0x80) --start;
  size_t stop = std::min(sentence.size(), start + max_bytes);
  while (stop < sentence.size() && (static_cast<unsigned char>(sentence[stop]) & 0xC0) == 0x80) {
    --stop;
  }
  return std::string(sentence.substr(start, stop - start));
}

}  // namespace newswatch
