// Front matter: the '---' YAML block Jekyll and Hexo put at the top of a post, split from the
// body and read into plain fields. Mirrors of news sites are often such posts.
// Thread-safety: a pure function, safe from any thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/timestamp.h"

namespace newswatch {

struct FrontMatter {
  std::string title, author;           // "" when absent, null or `""`
  std::optional<Timestamp> date;       // parsed with ParseDate, default offset +08:00
  std::vector<std::string> categories, tags;
  // Every other key as text: scalars as written; lists and maps as YAML flow text
  // ("[a, b]"). A `date` that does not parse is kept here under "date".
  std::map<std::string, std::string> other;
};

struct Document {
  std::optional<FrontMatter> front_matter;
  std::string body;  // everything after the closing '---' line (all of the input if none)
};

// Splits Jekyll/Hexo front matter from the body. The block must open the text (after an optional
// UTF-8 BOM and blank lines) with a line "---" and close with a line "---" or "...". Dates:
// "2022-02-17 15:38:10 +0800", RFC 822, ISO, quoted or not, default offset 480; categories and
// tags as a list, a nested list (Hexo), a scalar or "- item" lines. Malformed YAML, an unclosed
// block or a block that is not a mapping means no front matter: body is the whole input. Never
// fails.
Document SplitFrontMatter(std::string_view text);

}  // namespace newswatch
