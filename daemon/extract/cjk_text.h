// Small UTF-8 scanning routines shared by the extractor's parts: code-point
// decoding, whitespace and punctuation classes (Chinese full-width punctuation
// included), trimming and collapsing. Internal to nw_extract. Thread-safety:
// pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace newswatch::extract_internal {

// Decodes the code point at `s[*pos]` and advances `*pos` past it. Malformed
// bytes decode as U+FFFD and advance by one byte. Precondition: *pos <
// s.size().
char32_t NextCodePoint(std::string_view s, size_t* pos);

// ASCII whitespace, U+00A0 (&nbsp;), U+3000 (ideographic space),
// U+200B..U+200D, U+FEFF.
bool IsSpace(char32_t c);

// Sentence and clause punctuation that marks running prose: ，。；：！？、 and
// their ASCII counterparts , . ; : ! ? (ASCII ones count only between
// non-digits: callers pass neighbours).
bool IsProsePunct(char32_t c);

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
void AppendCodePoint(char32_t c, std::string* out);

}  // namespace newswatch::extract_internal
