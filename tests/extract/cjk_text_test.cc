// AppendCollapsed (one pass: collapse, append, count), CountVisible and TrimSpaces must give
// exactly what the plain code-point loops they replaced give. Checked on hand-made strings and on
// random mixes of the characters the fast paths treat specially.
#include "daemon/extract/cjk_text.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace newswatch::extract_internal {
namespace {

// The original implementation, kept as the reference.
std::string ReferenceCollapse(std::string_view s) {
  std::string out;
  bool pending_space = false;
  bool pending_newline = false;
  char32_t last = 0;
  for (size_t pos = 0; pos < s.size();) {
    const size_t start = pos;
    const char32_t c = NextCodePoint(s, &pos);
    if (IsSpace(c)) {
      pending_space = !out.empty();
      if (c == '\n' || c == '\r') pending_newline = true;
      continue;
    }
    if (pending_space && !(pending_newline && last >= 0x80 && c >= 0x80)) out.push_back(' ');
    pending_space = false;
    pending_newline = false;
    if (c == 0xFFFD && pos - start == 1) {
      AppendCodePoint(c, &out);
    } else {
      out.append(s.substr(start, pos - start));
    }
    last = c;
  }
  return out;
}

CollapsedCounts ReferenceCounts(const std::string& collapsed) {
  CollapsedCounts counts;
  for (size_t pos = 0; pos < collapsed.size();) {
    const char32_t c = NextCodePoint(collapsed, &pos);
    if (c == ' ') continue;
    ++counts.visible;
    if (IsProsePunct(c)) ++counts.punct;
  }
  return counts;
}

size_t ReferenceCountVisible(std::string_view s) {
  size_t n = 0;
  for (size_t pos = 0; pos < s.size();) {
    if (!IsSpace(NextCodePoint(s, &pos))) ++n;
  }
  return n;
}

std::string_view ReferenceTrim(std::string_view s) {
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

void ExpectSameAsReference(const std::string& s) {
  EXPECT_EQ(CountVisible(s), ReferenceCountVisible(s)) << s;
  EXPECT_EQ(TrimSpaces(s), ReferenceTrim(s)) << s;
  const std::string want = ReferenceCollapse(s);
  const CollapsedCounts want_counts = ReferenceCounts(want);
  std::string got = "prefix";
  const CollapsedCounts counts = AppendCollapsed(s, &got);
  EXPECT_EQ(got, "prefix" + want) << s;
  EXPECT_EQ(counts.visible, want_counts.visible) << s;
  EXPECT_EQ(counts.punct, want_counts.punct) << s;
  EXPECT_EQ(CollapseSpaces(s), want) << s;
}

TEST(CjkTextTest, AppendCollapsedMatchesTheCodePointLoop) {
  for (const char* s : {
           "",
           " ",
           "a",
           "  hello   world  ",
           "\n\t中文\n 中文 \r\n",
           "a,b;c!d?e.f:g",
           "中文，中文。\n中文",
           "x\xC2\xA0y\xE3\x80\x80z",
           "\xE2\x80\x8B\xEF\xBB\xBF",
           "broken \xFF\xE4\xB8 tail",
           "\xE4\xB8",
           "abc\x0B\x0C"
           "def",
           "\xF0\x9F\x98\x80 emoji",
           "12345678901234567890 long ascii run, with punctuation; and more!",
           "\x7F\x01\x1F",
           "a\n\n\nb",
           "中\n文",
           "中 \n a",
           "a \n 中",
           "  \xE4\xB8\xA0  ",
       }) {
    ExpectSameAsReference(s);
  }
}

TEST(CjkTextTest, AppendCollapsedMatchesOnRandomMixes) {
  const std::vector<std::string> alphabet = {"a",
                                             "Z",
                                             "0",
                                             " ",
                                             "  ",
                                             "\n",
                                             "\r",
                                             "\t",
                                             "\f",
                                             "\v",
                                             ",",
                                             ";",
                                             "!",
                                             "?",
                                             ".",
                                             ":",
                                             "\xC2\xA0",
                                             "\xE3\x80\x80",
                                             "\xE2\x80\x8B",
                                             "\xEF\xBB\xBF",
                                             "\xE2\x80\x82",
                                             "\xE4\xB8\xAD",
                                             "\xEF\xBC\x8C",
                                             "\xE3\x80\x82",
                                             "\xE3\x80\x81",
                                             "\xFF",
                                             "\xE4\xB8",
                                             "\xF0\x9F\x98\x80",
                                             "\xC3",
                                             "abcdefghij",
                                             "\x01",
                                             "\x7F",
                                             "\xE4\x80\x80",
                                             "\xE9\xBF\xBF",
                                             "\xE5\x9B\xBD",
                                             "\xE9\xBF",
                                             "\xE3\x80\x81\xE4\xB8\xAD"};
  std::mt19937 rng(7);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const int n = static_cast<int>(rng() % 24);
    for (int i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    ExpectSameAsReference(s);
    if (HasFailure()) break;
  }
}

}  // namespace
}  // namespace newswatch::extract_internal
