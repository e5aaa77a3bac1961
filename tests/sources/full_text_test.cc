// Full text for feed entries: entries with a short summary get their page fetched and
// extracted; long entries, attachments and known pages are not fetched; the feed's title and
// time stay.
#include "daemon/sources/full_text.h"

#include <gtest/gtest.h>

#include "tests/sources/source_test_util.h"
#include "tests/support/http_server.h"

namespace newswatch {
namespace {

using testing::ArticlePage;
using testing::MakeSource;
using testing::RunPoll;

std::string LongSummary() {
  std::string s;
  for (int i = 0; i < 30; ++i) s += "这是一段足够长的摘要文字。";  // 13 characters each
  return s;
}

std::string Feed(const std::string& base) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>测试</title>
<item><title>某市发布元宇宙产业行动方案</title><link>)" + base + R"(/a/short.html</link>
<pubDate>Wed, 10 Apr 2024 09:00:00 +0800</pubDate><description>一句话简讯。</description></item>
<item><title>长摘要条目</title><link>)" + base + R"(/a/long.html</link>
<description>)" + LongSummary() + R"(</description></item>
<item><title>附件条目</title><link>)" + base + R"(/files/plan.pdf</link>
<description>附件。</description></item>
<item><title>没有日期的条目</title><link>)" + base + R"(/a/undated.html</link>
<description>简讯。</description></item>
</channel></rss>)";
}

class FeedFullTextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.Serve("/feed.xml", Feed(server_.Url("")), "application/rss+xml");
    server_.Serve("/a/short.html", ArticlePage("页面标题", "2024-04-11 08:00", "全文标记"),
                  "text/html; charset=utf-8");
    server_.Serve("/a/undated.html", ArticlePage("无日期条目的页面", "2024-04-12 10:20", "标记二"),
                  "text/html; charset=utf-8");
    server_.Serve("/a/long.html", ArticlePage("长", "2024-04-11", "不应抓取"), "text/html");
  }
  std::unique_ptr<Source> Make(bool full_text) {
    auto s = MakeSource("  - id: feed\n    type: feed\n    url: " + server_.Url("/feed.xml") +
                        "\n    full_text: " + (full_text ? "true" : "false") +
                        "\n    allow_private: true\n");  // the article pages are on loopback
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  const Article* Find(const std::vector<Article>& articles, const std::string& path) {
    for (const Article& a : articles) {
      if (a.url == server_.Url(path)) return &a;
    }
    return nullptr;
  }
  TestHttpServer server_;
  std::unique_ptr<CurlFetcher> fetcher_ = testing::MakeTestFetcher();
};

TEST_F(FeedFullTextTest, ShortEntriesGetTheirPageAndKeepFeedMetadata) {
  auto source = Make(true);
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.finished);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  ASSERT_EQ(out.articles.size(), 4u);
  EXPECT_TRUE(out.item_errors.empty());

  const Article* a = Find(out.articles, "/a/short.html");
  ASSERT_TRUE(a);
  EXPECT_NE(a->body_text.find("全文标记"), std::string::npos);
  EXPECT_EQ(a->title, "某市发布元宇宙产业行动方案");
  EXPECT_EQ(a->published->ToRfc3339(), "2024-04-10T09:00:00+08:00");

  const Article* undated = Find(out.articles, "/a/undated.html");
  ASSERT_TRUE(undated);
  ASSERT_TRUE(undated->published);  // the page's time fills the gap
  EXPECT_EQ(undated->published->ToRfc3339(), "2024-04-12T10:20:00+08:00");

  EXPECT_EQ(server_.RequestCount("/a/long.html"), 0u);
  EXPECT_EQ(server_.RequestCount("/files/plan.pdf"), 0u);
  ASSERT_TRUE(Find(out.articles, "/files/plan.pdf"));
  EXPECT_EQ(out.fetches, 3u);  // the feed and two pages

  auto again = RunPoll(*source, *fetcher_);
  EXPECT_EQ(server_.RequestCount("/a/short.html"), 1u);
  EXPECT_EQ(again.articles.size(), 2u);  // the long entry and the attachment, as any feed poll
}

TEST_F(FeedFullTextTest, SwitchedOffFetchesNoPages) {
  auto source = Make(false);
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.error.ok());
  EXPECT_EQ(out.articles.size(), 4u);
  EXPECT_EQ(out.fetches, 1u);
  EXPECT_EQ(server_.RequestCount("/a/short.html"), 0u);
}

TEST(FullTextFetcherTest, CountsCharactersNotBytes) {
  Article a;
  a.summary = std::string(199, 'x');
  EXPECT_EQ(ItemTextChars(a), 199u);
  a.summary = "元宇宙";
  EXPECT_EQ(ItemTextChars(a), 3u);
  a.body_html = "<p>元宇宙产业</p>";
  EXPECT_EQ(ItemTextChars(a), 5u);
}

}  // namespace
}  // namespace newswatch
