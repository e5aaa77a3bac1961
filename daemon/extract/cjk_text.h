// Small UTF-8 scanning routines shared by the extractor's parts: code-point
// decoding, whitespace and punctuation classes (Chinese full-width punctuation
// included), trimming and collapsing. Internal to nw_extract. Thread-safety:
// pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/text/utf8.h"

namespace newswatch::extract_internal {

// Decodes the code point at `s[*pos]` and advances `*pos` past it. Malformed
// bytes decode as U+FFFD and advance by one byte. Precondition: *pos <
// s.size(). (Inline: the extractor calls it per character.)
inline char32_t NextCodePoint(std::string_view s, size_t* pos) {
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

// ASCII whitespace, U+00A0 (&nbsp;), U+3000 (ideographic space),
// U+200B..U+200D, U+FEFF, U+2002, U+2003, U+2009.
inline bool IsSpace(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return c == 0xA0 || c == 0x3000 || (c >= 0x200B && c <= 0x200D) || c == 0xFEFF || c == 0x2002 ||
         c == 0x2003 || c == 0x2009;
}

// Sentence and clause punctuation that marks running prose: ，。；：！？、 and
// the ASCII , ; ! ?
inline bool IsProsePunct(char32_t c) {
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

// Han ideographs (BMP blocks and Extension A) and CJK punctuation.
bool IsCjk(char32_t c);

// Number of non-whitespace code points.
size_t CountVisible(std::string_view s);

// Collapses whitespace runs to one ASCII space and trims both ends. A run
// holding a line break between two non-ASCII characters vanishes (HTML source
// line breaks inside Chinese prose are not word breaks, as in CSS).
std::string CollapseSpaces(std::string_view s);

// What AppendCollapsed saw: code points other than whitespace, and how many of
// them are IsProsePunct.
struct CollapsedCounts {
  uint32_t visible = 0;
  uint32_t punct = 0;
};

// Appends CollapseSpaces(s) to *out (whatever *out already holds) and returns
// the counts of the appended text, in one pass.
CollapsedCounts AppendCollapsed(std::string_view s, std::string* out);

// Removes leading and trailing whitespace (IsSpace).
std::string_view TrimSpaces(std::string_view s);

// Appends the UTF-8 encoding of `c`.
inline void AppendCodePoint(char32_t c, std::string* out) { AppendUtf8(c, *out); }

}  // namespace newswatch::extract_internal
