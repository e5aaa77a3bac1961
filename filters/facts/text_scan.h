// Small UTF-8 text helpers shared by the facts extractors: line and CSV
// splitting, code-point stepping, Han detection, sentence bounds.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace newswatch {

// Lines of `text` without their '\n' / "\r\n" terminators (views into text).
std::vector<std::string_view> SplitLines(std::string_view text);
// `s` without leading/trailing ASCII whitespace and U+3000.
std::string_view Trim(std::string_view s);
// Fields of one CSV or TSV line (tab wins when present); double quotes around
// a field are removed and "" inside them becomes ". Fields are trimmed.
std::vector<std::string> SplitCsvLine(std::string_view line);

// Number of code points in valid UTF-8 (continuation bytes are not counted).
size_t CountCodepoints(std::string_view s);
// The code point starting at s[pos] and its byte length (1 for invalid bytes).
char32_t DecodeAt(std::string_view s, size_t pos, size_t* length);
// Byte offset of the code point before `pos` (0 when pos is 0).
size_t PrevCodepoint(std::string_view s, size_t pos);
// CJK unified ideographs (basic block and extension A).
bool IsHan(char32_t c);

// The sentence around byte range [begin, end): bounded by 。！？；!?; or a
// newline, trimmed, and cut to at most `max_bytes` on code-point boundaries.
std::string SentenceAround(std::string_view text, size_t begin, size_t end, size_t max_bytes = 360);
// True when `text` contains any of `words`.
bool ContainsAny(std::string_view text, std::initializer_list<std::string_view> words);
// At most `chars` code points of `text` from `pos` on, or before it.
std::string_view CharsAfter(std::string_view text, size_t pos, size_t chars);
std::string_view CharsBefore(std::string_view text, size_t pos, size_t chars);
// `text` without what writers vary in a name: spaces and quotes (of every
// kind, and 《》) dropped, dashes written '-', brackets written '(' ')'.
std::string UnifyPunctuation(std::string_view text);

// Byte offsets [first, last) of the sentence containing `pos`.
std::pair<size_t, size_t> SentenceBounds(std::string_view text, size_t pos);

}  // namespace newswatch
