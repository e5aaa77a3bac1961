#include "filters/relevance/matcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace newswatch {
namespace {

std::unique_ptr<PhraseMatcher> MustCompile(std::vector<PhrasePattern> patterns) {
  auto m = PhraseMatcher::Compile(std::move(patterns), "test.yaml");
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return m.ok() ? std::move(*m) : nullptr;
}

// Renders hits as "pattern@start-end" for compact comparisons.
std::string Render(const std::vector<PhraseHit>& hits) {
  std::string out;
  for (const auto& h : hits) {
    out += (out.empty() ? "" : " ") + std::to_string(h.pattern) + "@" + std::to_string(h.start) +
           "-" + std::to_string(h.end);
  }
  return out;
}

TEST(PhraseMatcher, FindsEveryOccurrenceWithByteOffsets) {
  auto m = MustCompile({{"元宇宙"}, {"计划"}});
  // "元宇宙行动计划,元宇宙" : 元宇宙 = 9 bytes, 行动 = 6, 计划 = 6, ',' = 1.
  EXPECT_EQ(Render(m->Scan("元宇宙行动计划,元宇宙")), "0@0-9 1@15-21 0@22-31");
}

TEST(PhraseMatcher, LongestMatchWinsAtTheSameStart) {
  auto m = MustCompile({{"元宇宙"}, {"元宇宙产业"}});
  EXPECT_EQ(Render(m->Scan("元宇宙产业")), "1@0-15");
}

TEST(PhraseMatcher, LeftmostMatchWinsOverALaterOverlappingOne) {
  auto m = MustCompile({{"行动计划"}, {"计划书"}});
  EXPECT_EQ(Render(m->Scan("行动计划书")), "0@0-12");
}

TEST(PhraseMatcher, ExclusionConsumesTheTermInsideIt) {
  auto m = MustCompile({{"元宇宙"}, {"多元宇宙", false, true}});
  // The multiverse is reported as the exclusion; the metaverse term is gone.
  EXPECT_EQ(Render(m->Scan("失控多元宇宙")), "1@6-18");
}

TEST(PhraseMatcher, ExclusionConsumesEvenWhenTheTermStartsEarlier) {
  // "产业元" would win leftmost-longest, but the exclusion covers part of it.
  auto m = MustCompile({{"产业元"}, {"元宇宙平台公司", false, true}, {"公司"}});
  EXPECT_EQ(Render(m->Scan("产业元宇宙平台公司")), "1@6-27");
}

TEST(PhraseMatcher, TermsOutsideExclusionsSurvive) {
  auto m = MustCompile({{"元宇宙"}, {"多元宇宙", false, true}});
  EXPECT_EQ(Render(m->Scan("多元宇宙与元宇宙")), "1@0-12 0@15-24");
}

TEST(PhraseMatcher, LiteralsWithRegexMetacharactersMatchLiterally) {
  auto m = MustCompile({{"a.b(c)"}, {"x+y"}});
  EXPECT_EQ(Render(m->Scan("axb(c) a.b(c) xxy x+y")), "0@7-13 1@18-21");
}

TEST(PhraseMatcher, RegexPatternsMatchUtf8Characters) {
  auto m = MustCompile({{"发布.{0,4}政策", true}});
  EXPECT_EQ(Render(m->Scan("发布扶持政策")), "0@0-18");
  EXPECT_EQ(Render(m->Scan("发布了一大堆新的政策")), "");  // 6 characters between: too far
}

TEST(PhraseMatcher, BadRegexNamesItsProfileLine) {
  auto m = PhraseMatcher::Compile({{"ok"}, {"(unclosed", true, false, 17}}, "bad.yaml");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().kind(), ErrorKind::kConfig);
  EXPECT_EQ(m.status().message().rfind("bad.yaml:17: bad pattern '(unclosed'", 0), 0u)
      << m.status().message();
}

TEST(PhraseMatcher, EmptyPatternListIsAConfigError) {
  auto m = PhraseMatcher::Compile({}, "empty.yaml");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().kind(), ErrorKind::kConfig);
}

TEST(PhraseMatcher, EmptyAndBinaryTextAreHarmless) {
  auto m = MustCompile({{"元宇宙"}});
  EXPECT_TRUE(m->Scan("").empty());
  std::string junk("\xE5\x85\0\xFF\xFE\xE5\x85\x83\xE5\xAE\x87\xE5\xAE\x99", 14);
  // A truncated lead byte sequence before a real match does not hide it.
  EXPECT_EQ(Render(m->Scan(junk)), "0@5-14");
}

TEST(PhraseMatcher, ConcurrentScansAgree) {
  auto m = MustCompile({{"元宇宙"}, {"行动计划"}, {"多元宇宙", false, true}});
  std::string text;
  for (int i = 0; i < 200; ++i) text += "多元宇宙和元宇宙行动计划。";
  const std::string expected = Render(m->Scan(text));
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (Render(m->Scan(text)) != expected) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_EQ(m->Scan(text).size(), 600u);
}

}  // namespace
}  // namespace newswatch
