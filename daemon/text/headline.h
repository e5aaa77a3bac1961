// Headline: the title a person would display for a plain-text or Markdown
// document that carries none of its own: a Markdown heading, or the first
// short line that reads as a headline — never a paragraph, a date line, a
// "label: value" line, a site's menu, a spam line, a bare body name or
// document number (the header lines of an official reply come before its
// heading "对…第B129号提案的答复").
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace newswatch {

struct Headline {
  std::string text;       // empty when no line qualifies
  size_t line_begin = 0;  // byte range of the whole line in the input
  size_t line_end = 0;
  bool first_line = false;  // the headline was the first non-empty line
};

// Looks at the first few non-empty lines of `text` (UTF-8) and returns the
// headline, with Markdown '#' marks and surrounding spaces removed.
Headline InferHeadline(std::string_view text);

// True when `line` (trimmed) could be a headline by the rules above.
bool LooksLikeHeadline(std::string_view line);

}  // namespace newswatch
