#include "daemon/text/front_matter.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/read_file.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;

using ::newswatch::testing::ReadFile;

TEST(FrontMatterTest, JekyllPostWithOffsetDateAndScalarCategories) {
  const Document d = SplitFrontMatter(
      "---\nlayout: post\ntitle: \"上海发布元宇宙行动计划\"\ndate: 2022-02-17 15:38:10 +0800\n"
      "categories: news\ntags: 政策\n---\n<p>正文</p>\n");
  ASSERT_TRUE(d.front_matter.has_value());
  const FrontMatter& fm = *d.front_matter;
  EXPECT_EQ(fm.title, "上海发布元宇宙行动计划");
  ASSERT_TRUE(fm.date.has_value());
  EXPECT_EQ(fm.date->ToRfc3339(), "2022-02-17T15:38:10+08:00");
  EXPECT_EQ(fm.categories, std::vector<std::string>{"news"});
  EXPECT_EQ(fm.tags, std::vector<std::string>{"政策"});
  EXPECT_EQ(fm.other.at("layout"), "post");
  EXPECT_EQ(d.body, "<p>正文</p>\n");
}

TEST(FrontMatterTest, HexoPostAfterBomAndBlankLinesWithListsAndRfc822Date) {
  const Document d = SplitFrontMatter(
      "\xEF\xBB\xBF\n\r\n---\r\ntitle: '标题'\r\ncategories: \r\n - 金融\r\n - 新浪财经\r\n"
      "author: 新浪财经\r\ncomments: false\r\ndate: Fri, 08 Jul 2022 02:40:24 GMT\r\n"
      "tags: [a, [b, c]]\r\n---\r\n\r\n<div>x</div>");
  ASSERT_TRUE(d.front_matter.has_value());
  const FrontMatter& fm = *d.front_matter;
  EXPECT_EQ(fm.title, "标题");
  EXPECT_EQ(fm.author, "新浪财经");
  EXPECT_EQ(fm.categories, (std::vector<std::string>{"金融", "新浪财经"}));
  EXPECT_EQ(fm.tags, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_TRUE(fm.date.has_value());
  EXPECT_EQ(fm.date->ToRfc3339(), "2022-07-08T02:40:24Z");
  EXPECT_EQ(fm.other.at("comments"), "false");
  EXPECT_EQ(d.body, "\r\n<div>x</div>");
}

TEST(FrontMatterTest, EmptyTitleAndUnparsableDate) {
  const Document d =
      SplitFrontMatter("---\ntitle: \"\"\ndate:  +0800\nkeywords: [x, y]\n---\nbody");
  ASSERT_TRUE(d.front_matter.has_value());
  EXPECT_EQ(d.front_matter->title, "");
  EXPECT_FALSE(d.front_matter->date.has_value());
  EXPECT_EQ(d.front_matter->other.at("date"), "+0800");
  EXPECT_EQ(d.front_matter->other.at("keywords"), "[x, y]");
  EXPECT_EQ(d.body, "body");
}

TEST(FrontMatterTest, DateWithoutZoneIsBeijingTime) {
  const Document d = SplitFrontMatter("---\ndate: 2021-12-08 10:46:18\n---\n");
  ASSERT_TRUE(d.front_matter && d.front_matter->date);
  EXPECT_EQ(d.front_matter->date->ToRfc3339(), "2021-12-08T10:46:18+08:00");
  EXPECT_EQ(d.body, "");
}

TEST(FrontMatterTest, MalformedOrAbsentFrontMatterLeavesWholeInputAsBody) {
  const char* kNoFrontMatter[] = {
      "",
      "plain text\n---\ntitle: x\n---\n",    // not at the start
      "---\ntitle: [unclosed\n---\nbody",    // malformed YAML
      "---\ntitle: x\nno closing marker\n",  // unclosed block
      "---\njust a sentence\n---\nbody",     // YAML but not a mapping
      "---\n- a\n- b\n---\nbody",            // a list, not a mapping
      "----\ntitle: x\n----\n",              // not the marker
      "---\n\tkey: : :\n  - bad\n---\n",     // tabs and bad indentation
  };
  for (const char* text : kNoFrontMatter) {
    const Document d = SplitFrontMatter(text);
    EXPECT_FALSE(d.front_matter.has_value()) << text;
    EXPECT_EQ(d.body, text);
  }
}

TEST(FrontMatterTest, SeedsWithAndWithoutFrontMatter) {
  const fs::path seeds = fs::path(NW_SHARED_DIR) / "seeds";
  ASSERT_TRUE(fs::is_directory(seeds)) << seeds;
  int seen = 0;
  for (const auto& entry : fs::directory_iterator(seeds)) {
    const std::string name = entry.path().filename().string();
    const std::string text = ReadFile(entry.path());
    const Document d = SplitFrontMatter(text);
    const bool expected = name.starts_with("000_") || name.starts_with("002_");
    EXPECT_EQ(d.front_matter.has_value(), expected) << name;
    if (expected && d.front_matter) {
      EXPECT_NE(d.front_matter->title.find("元宇宙"), std::string::npos) << name;
      EXPECT_TRUE(d.front_matter->date.has_value()) << name;
      EXPECT_FALSE(d.front_matter->categories.empty()) << name;
      EXPECT_LT(d.body.size(), text.size());
      EXPECT_EQ(d.body.find("title:"), std::string::npos) << name;
    } else {
      EXPECT_EQ(d.body, text);
    }
    ++seen;
  }
  EXPECT_EQ(seen, 5);
}

TEST(FrontMatterTest, SeedFormatSamplesAllHaveTitlesOrEmptyTitles) {
  const fs::path dir = fs::path(NW_SHARED_DIR) / "corpus" / "negatives" / "seed-format-samples";
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  int posts = 0, with_front_matter = 0, with_date = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".md") continue;
    ++posts;
    const std::string text = ReadFile(entry.path());
    const Document d = SplitFrontMatter(text);
    if (!d.front_matter) continue;
    ++with_front_matter;
    if (d.front_matter->date) ++with_date;
    // The body never starts with the YAML that was split off.
    EXPECT_EQ(d.body.find("\ntitle:"), std::string::npos) << entry.path();
  }
  std::printf("seed-format-samples: %d posts, %d with front matter, %d with a parsed date\n", posts,
              with_front_matter, with_date);
  ASSERT_GT(posts, 0);
  EXPECT_EQ(with_front_matter, posts);
}

}  // namespace
}  // namespace newswatch
