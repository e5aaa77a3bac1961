#include "daemon/extract/cjk_text.h"

#include <cstring>

namespace newswatch::extract_internal {

char32_t NextCodePoint(std::string_view s, size_t* pos) {
  const auto b0 = static_cast<unsigned char>(s[*pos]);
  if (b0 < 0x80) {
    ++*pos;
    return b0;
  }
  int len = 0;
  char32_t c = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    c = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    c = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    c = b0 & 0x07;
  } else {
    ++*pos;
    return 0xFFFD;
  }
  if (*pos + len > s.size()) {
    ++*pos;
    return 0xFFFD;
  }
  for (int i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[*pos + i]);
    if ((b & 0xC0) != 0x80) {
      ++*pos;
      return 0xFFFD;
    }
    c = (c << 6) | (b & 0x3F);
  }
  *pos += len;
  return c;
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         c == 0x3000 || (c >= 0x200B && c <= 0x200D) || c == 0xFEFF || c == 0x2002 || c == 0x2003 ||
         c == 0x2009;
}

bool IsProsePunct(char32_t c) {
  switch (c) {
    case 0xFF0C:  // ，
    case 0x3002:  // 。
    case 0xFF1B:  // ；
    case 0xFF1A:  // ：
    case 0xFF01:  // ！
    case 0xFF1F:  // ？
    case 0x3001:  // 、
    case ',':
    case ';':
    case '!':
    case '?':
      return true;
    default:
      return false;
  }
}

bool IsCjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF);
}

size_t CountVisible(std::string_view s) {
  size_t n = 0;
  for (size_t pos = 0; pos < s.size();) {
    if (!IsSpace(NextCodePoint(s, &pos))) ++n;
  }
  return n;
}

void AppendCodePoint(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

namespace {

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighs = 0x8080808080808080ULL;
// True if some byte of `w` is below `n` (n <= 128), or equals `c`.
constexpr bool HasLess(uint64_t w, uint64_t n) { return ((w - kOnes * n) & ~w & kHighs) != 0; }
constexpr bool HasByte(uint64_t w, unsigned char c) { return HasLess(w ^ (kOnes * c), 1); }

// Printable ASCII that is neither whitespace nor prose punctuation: copied and
// counted in bulk.
bool IsPlainAscii(unsigned char b) {
  return b > 0x20 && b < 0x80 && b != ',' && b != ';' && b != '!' && b != '?';
}

size_t PlainAsciiRun(const unsigned char* d, size_t pos, size_t n) {
  while (pos + 8 <= n) {
    uint64_t w;
    std::memcpy(&w, d + pos, 8);
    if ((w & kHighs) != 0 || HasLess(w, 0x21) || HasByte(w, ',') || HasByte(w, ';') ||
        HasByte(w, '!') || HasByte(w, '?')) {
      break;
    }
    pos += 8;
  }
  while (pos < n && IsPlainAscii(d[pos])) ++pos;
  return pos;
}

}  // namespace

CollapsedCounts AppendCollapsed(std::string_view s, std::string* out) {
  CollapsedCounts counts;
  const auto* d = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  bool any = false;  // something appended yet
  bool pending_space = false;
  bool pending_newline = false;  // the run held a source line break
  char32_t last = 0;
  // Text between spaces is copied in one piece: s[copy_from, ...) is pending.
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t copy_from = kNone;
  auto flush = [&](size_t to) {
    if (copy_from != kNone) out->append(s.data() + copy_from, to - copy_from);
    copy_from = kNone;
  };
  for (size_t pos = 0; pos < n;) {
    if (IsPlainAscii(d[pos])) {
      const size_t end = PlainAsciiRun(d, pos, n);
      if (pending_space) out->push_back(' ');  // an ASCII neighbour: the space stays
      pending_space = false;
      pending_newline = false;
      if (copy_from == kNone) copy_from = pos;
      counts.visible += static_cast<uint32_t>(end - pos);
      last = d[end - 1];
      any = true;
      pos = end;
      continue;
    }
    if (d[pos] == ' ' || d[pos] == '\n' || d[pos] == '\t' || d[pos] == '\r') {
      flush(pos);
      bool newline = false;
      for (; pos < n && (d[pos] == ' ' || d[pos] == '\n' || d[pos] == '\t' || d[pos] == '\r');
           ++pos) {
        newline = newline || d[pos] == '\n' || d[pos] == '\r';
      }
      pending_space = any;
      pending_newline = pending_newline || newline;
      continue;
    }
    if (d[pos] >= 0xE4 && d[pos] <= 0xE9) {
      // Runs of U+4000..U+9FFF (Han): neither whitespace nor punctuation.
      size_t end = pos;
      uint32_t chars = 0;
      while (end + 2 < n && d[end] >= 0xE4 && d[end] <= 0xE9 && (d[end + 1] & 0xC0) == 0x80 &&
             (d[end + 2] & 0xC0) == 0x80) {
        end += 3;
        ++chars;
      }
      if (chars > 0) {
        if (pending_space && !(pending_newline && last >= 0x80)) out->push_back(' ');
        pending_space = false;
        pending_newline = false;
        if (copy_from == kNone) copy_from = pos;
        counts.visible += chars;
        last = 0x4E00;  // any Han: only "last >= 0x80" matters
        any = true;
        pos = end;
        continue;
      }
    }
    const size_t start = pos;
    char32_t c;
    if ((d[pos] & 0xF0) == 0xE0 && pos + 2 < n && (d[pos + 1] & 0xC0) == 0x80 &&
        (d[pos + 2] & 0xC0) == 0x80) {
      c = ((d[pos] & 0x0Fu) << 12) | ((d[pos + 1] & 0x3Fu) << 6) | (d[pos + 2] & 0x3Fu);
      pos += 3;
    } else {
      c = NextCodePoint(s, &pos);
    }
    if (IsSpace(c)) {
      flush(start);
      pending_space = any;
      if (c == '\n' || c == '\r') pending_newline = true;
      continue;
    }
    if (pending_space && !(pending_newline && last >= 0x80 && c >= 0x80)) out->push_back(' ');
    pending_space = false;
    pending_newline = false;
    if (c == 0xFFFD && pos - start == 1) {  // a malformed byte
      flush(start);
      AppendCodePoint(c, out);
    } else if (copy_from == kNone) {
      copy_from = start;
    }
    ++counts.visible;
    if (IsProsePunct(c)) ++counts.punct;
    last = c;
    any = true;
  }
  flush(n);
  return counts;
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendCollapsed(s, &out);
  return out;
}

std::string_view TrimSpaces(std::string_view s) {
  size_t begin = 0;
  while (begin < s.size()) {
    size_t pos = begin;
    if (!IsSpace(NextCodePoint(s, &pos))) break;
    begin = pos;
  }
  size_t end = begin;
  for (size_t pos = begin; pos < s.size();) {
    if (!IsSpace(NextCodePoint(s, &pos))) end = pos;
  }
  return s.substr(begin, end - begin);
}

}  // namespace newswatch::extract_internal
