#include "daemon/extract/cjk_text.h"

#include <cstring>

namespace newswatch::extract_internal {

bool IsCjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF);
}

size_t CountVisible(std::string_view s) {
  const auto* d = reinterpret_cast<const unsigned char*>(s.data());
  const size_t size = s.size();
  size_t n = 0;
  for (size_t pos = 0; pos < size;) {
    const unsigned char b = d[pos];
    if (b < 0x80) {
      n += !(b == ' ' || (b >= '\t' && b <= '\r'));
      ++pos;
    } else if (b >= 0xE4 && b <= 0xE9 && pos + 2 < size && (d[pos + 1] & 0xC0) == 0x80 &&
               (d[pos + 2] & 0xC0) == 0x80) {
      ++n;  // Han (U+4000..U+9FFF)
      pos += 3;
    } else if (!IsSpace(NextCodePoint(s, &pos))) {
      ++n;
    }
  }
  return n;
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
  // From the back: a lead or ASCII byte always starts a code point in a forward decoding, and
  // a trailing byte that does not end a well-formed sequence decodes as U+FFFD, no space.
  size_t end = s.size();
  while (end > begin) {
    const auto b = static_cast<unsigned char>(s[end - 1]);
    if (b < 0x80) {
      if (!IsSpace(b)) break;
      --end;
      continue;
    }
    size_t start = end - 1;
    for (int k = 0; k < 3 && start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80;
         ++k) {
      --start;
    }
    size_t pos = start;
    const char32_t c = NextCodePoint(s, &pos);
    if (pos != end || !IsSpace(c)) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

}  // namespace newswatch::extract_internal
