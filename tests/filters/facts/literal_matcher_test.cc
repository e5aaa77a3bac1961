#include "filters/facts/literal_matcher.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

std::vector<std::string> Matched(const LiteralMatcher& m, std::string_view text,
                                 const std::vector<std::string>& phrases) {
  std::vector<std::string> out;
  for (const auto& match : m.Find(text)) out.push_back(phrases[match.phrase]);
  return out;
}

TEST(LiteralMatcherTest, LongestPhraseWinsAtTheSamePosition) {
  std::vector<std::string> phrases = {"浦东", "浦东新区", "上海", "上海市"};
  LiteralMatcher m(phrases);
  EXPECT_EQ(Matched(m, "上海市浦东新区发布", phrases),
            (std::vector<std::string>{"上海市", "浦东新区"}));
  EXPECT_EQ(Matched(m, "浦东和上海", phrases), (std::vector<std::string>{"浦东", "上海"}));
}

TEST(LiteralMatcherTest, SuffixPhrasesFoundThroughFailureLinks) {
  std::vector<std::string> phrases = {"海淀区", "淀"};
  LiteralMatcher m(phrases);
  EXPECT_EQ(Matched(m, "北京海淀", phrases), (std::vector<std::string>{"淀"}));
  EXPECT_EQ(Matched(m, "海海淀区", phrases), (std::vector<std::string>{"海淀区"}));
}

TEST(LiteralMatcherTest, SameTextForSeveralPhrasesReportsEach) {
  std::vector<std::string> phrases = {"朝阳", "朝阳", ""};
  LiteralMatcher m(phrases);
  auto found = m.Find("去朝阳");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].begin, 3u);
  EXPECT_EQ(found[0].end, 9u);
}

TEST(LiteralMatcherTest, HostileBytesDoNotMatchOrCrash) {
  std::vector<std::string> phrases = {"上海"};
  LiteralMatcher m(phrases);
  std::string hostile = "\xE4\xB8\x8A\xE6\xB5";  // 上 then a truncated 海
  EXPECT_TRUE(m.Find(hostile).empty());
  EXPECT_TRUE(m.Find("").empty());
  EXPECT_EQ(m.Find(std::string("\0上海", 7)).size(), 1u);
}

}  // namespace
}  // namespace newswatch
