// The html-list source against a loopback server: XPath items, relative links, titles and
// dates from the list, a GBK page, pagination, article pages, and XPath errors at load.
#include <gtest/gtest.h>
#include <iconv.h>

#include <algorithm>
#include <map>

#include "tests/sources/source_test_util.h"
#include "tests/support/http_server.h"

namespace newswatch {
namespace {

using testing::ArticlePage;
using testing::MakeSource;
using testing::RunPoll;

// Encodes UTF-8 text into `charset` with glibc iconv (test-side, independent of the decoder).
std::string Encode(const std::string& utf8, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &dst, &dst_left), static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - dst_left);
  return out;
}

// An invented district list column: truncated link text with the whole title in @title, a
// relative link, a root-relative link, a date in a <span>.
std::string ListPage(const std::string& charset, int page, const std::string& extra_items = "") {
  const std::string p = std::to_string(page);
  return "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=" + charset +
         "\"><title>政务公开 第" + p + "页</title></head><body>"
         "<div class=\"menu\"><a href=\"/index.html\">首页</a></div>"
         "<ul class=\"list\">"
         "<li><a href=\"./202404/t" + p + "01.html\" title=\"关于印发《测试区促进元宇宙产业发展的若干措施》的通知\">"
         "关于印发《测试区促进元宇宙产业发展...</a><span class=\"date\">2024-04-1" + p + "</span></li>"
         "<li><a href=\"/xxgk/202404/t" + p + "02.html\">测试区召开数字经济工作推进会</a>"
         "<span class=\"date\">[2024/04/0" + p + "]</span></li>" + extra_items +
         "</ul><div class=\"pager\"><a href=\"index_2.html\">下一页</a></div></body></html>";
}

class HtmlListSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int page = 1; page <= 3; ++page) {
      const std::string p = std::to_string(page);
      server_.Serve("/xxgk/202404/t" + p + "01.html",
                    ArticlePage("关于印发《测试区促进元宇宙产业发展的若干措施》的通知",
                                "2024-04-1" + p + " 15:30", "措施正文" + p),
                    "text/html; charset=utf-8");
      server_.Serve("/xxgk/202404/t" + p + "02.html",
                    ArticlePage("测试区召开数字经济工作推进会", "2024年4月" + p + "日",
                                "会议正文" + p),
                    "text/html; charset=utf-8");
    }
  }
  std::unique_ptr<Source> Make(const std::string& extra) {
    // The article pages are on loopback, which only `allow_private` permits.
    auto s = MakeSource("  - id: district\n    type: html-list\n    url: " +
                        server_.Url("/xxgk/index.html") + "\n    allow_private: true\n" + extra);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  static std::map<std::string, const Article*> ByPath(const std::vector<Article>& articles) {
    std::map<std::string, const Article*> out;
    for (const Article& a : articles) out[a.url.substr(a.url.find("/xxgk/"))] = &a;
    return out;
  }
  TestHttpServer server_;
  std::unique_ptr<CurlFetcher> fetcher_ = testing::MakeTestFetcher();
};

TEST_F(HtmlListSourceTest, ResolvesLinksAndFetchesArticlePages) {
  server_.Serve("/xxgk/index.html", ListPage("utf-8", 1), "text/html; charset=utf-8");
  auto source = Make("    item_xpath: //ul[@class='list']/li\n");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.finished);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  EXPECT_EQ(out.items_seen, 2u);
  EXPECT_EQ(out.items_without_date, 0u);
  EXPECT_EQ(out.items_without_title, 0u);
  ASSERT_EQ(out.articles.size(), 2u);
  auto by = ByPath(out.articles);
  ASSERT_TRUE(by.count("/xxgk/202404/t101.html")) << out.articles[0].url;
  const Article& plan = *by["/xxgk/202404/t101.html"];
  EXPECT_EQ(plan.url, server_.Url("/xxgk/202404/t101.html"));  // ./ against /xxgk/index.html
  EXPECT_EQ(plan.title, "关于印发《测试区促进元宇宙产业发展的若干措施》的通知");
  EXPECT_NE(plan.body_text.find("措施正文1"), std::string::npos) << plan.body_text;
  ASSERT_TRUE(plan.published);
  EXPECT_EQ(plan.published->ToRfc3339(), "2024-04-11T15:30:00+08:00");  // the page's time
  EXPECT_EQ(plan.source_id, "district");
  ASSERT_TRUE(by.count("/xxgk/202404/t102.html"));
  EXPECT_NE(by["/xxgk/202404/t102.html"]->body_text.find("会议正文1"), std::string::npos);
}

TEST_F(HtmlListSourceTest, ArticleLinksIntoPrivateAddressesAreRefusedByDefault) {
  // The list page itself is the operator's choice; links found in it are not.
  server_.Serve("/xxgk/index.html", ListPage("utf-8", 1), "text/html; charset=utf-8");
  auto made = MakeSource("  - id: district\n    type: html-list\n    url: " +
                         server_.Url("/xxgk/index.html") +
                         "\n    item_xpath: //ul[@class='list']/li\n");
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  auto out = RunPoll(**made, *fetcher_);
  ASSERT_TRUE(out.finished);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  ASSERT_EQ(out.articles.size(), 2u);  // published with the list's titles
  EXPECT_EQ(server_.RequestCount("/xxgk/202404/t101.html"), 0u);
  EXPECT_EQ(server_.RequestCount("/xxgk/202404/t102.html"), 0u);
  ASSERT_EQ(out.item_errors.size(), 2u);
  EXPECT_NE(out.item_errors[0].find("refused"), std::string::npos) << out.item_errors[0];
}

TEST_F(HtmlListSourceTest, ListTitlesAndDatesWithoutArticlePages) {
  server_.Serve("/xxgk/index.html", ListPage("utf-8", 1), "text/html; charset=utf-8");
  auto source = Make("    item_xpath: //ul[@class='list']/li\n"
                     "    title_xpath: a\n"
                     "    date_xpath: span[@class='date']\n"
                     "    fetch_articles: false\n");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  ASSERT_EQ(out.articles.size(), 2u);
  EXPECT_EQ(out.fetches, 1u);  // only the list page
  EXPECT_EQ(out.articles[0].title, "关于印发《测试区促进元宇宙产业发展...");  // the link text
  ASSERT_TRUE(out.articles[0].published);
  EXPECT_EQ(out.articles[0].published->ToRfc3339(), "2024-04-11T00:00:00+08:00");
  ASSERT_TRUE(out.articles[1].published);  // "[2024/04/01]"
  EXPECT_EQ(out.articles[1].published->ToRfc3339(), "2024-04-01T00:00:00+08:00");
}

TEST_F(HtmlListSourceTest, DecodesAGbkListPage) {
  server_.Serve("/xxgk/index.html", Encode(ListPage("gbk", 1), "GBK"), "text/html");
  auto source = Make("    item_xpath: //ul[@class='list']/li\n    fetch_articles: false\n");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  ASSERT_EQ(out.articles.size(), 2u);
  EXPECT_EQ(out.articles[0].title, "关于印发《测试区促进元宇宙产业发展的若干措施》的通知");
  EXPECT_EQ(out.articles[1].title, "测试区召开数字经济工作推进会");
}

TEST_F(HtmlListSourceTest, ReadsTheFirstPagesOfATemplate) {
  server_.Serve("/xxgk/index.html", ListPage("utf-8", 1), "text/html; charset=utf-8");
  server_.Serve("/xxgk/index_2.html", ListPage("utf-8", 2), "text/html; charset=utf-8");
  server_.Serve("/xxgk/index_3.html", ListPage("utf-8", 3), "text/html; charset=utf-8");
  auto source = Make("    item_xpath: //ul[@class='list']/li\n"
                     "    next_pages: index_{page}.html\n    pages: 3\n");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  EXPECT_EQ(out.items_seen, 6u);
  ASSERT_EQ(out.articles.size(), 6u);
  auto by = ByPath(out.articles);
  ASSERT_TRUE(by.count("/xxgk/202404/t302.html"));
  EXPECT_NE(by["/xxgk/202404/t302.html"]->body_text.find("会议正文3"), std::string::npos);
  EXPECT_EQ(server_.RequestCount("/xxgk/index_4.html"), 0u);
}

TEST_F(HtmlListSourceTest, BoundsArticleFetchesAndDoesNotRefetchKnownItems) {
  server_.Serve("/xxgk/index.html", ListPage("utf-8", 1), "text/html; charset=utf-8");
  auto source = Make("    item_xpath: //ul[@class='list']/li\n    max_items: 1\n");
  ASSERT_TRUE(source);
  auto first = RunPoll(*source, *fetcher_);
  ASSERT_EQ(first.articles.size(), 1u);  // the other waits for the next poll
  auto second = RunPoll(*source, *fetcher_);
  ASSERT_EQ(second.articles.size(), 1u);
  EXPECT_NE(first.articles[0].url, second.articles[0].url);
  auto third = RunPoll(*source, *fetcher_);
  EXPECT_TRUE(third.articles.empty());
  EXPECT_EQ(third.items_seen, 2u);
  EXPECT_EQ(server_.RequestCount("/xxgk/202404/t101.html"), 1u);
  EXPECT_EQ(server_.RequestCount("/xxgk/202404/t102.html"), 1u);
}

TEST_F(HtmlListSourceTest, ItemsWithoutLinksAreItemErrorsAndCountedForDrift) {
  server_.Serve("/xxgk/index.html",
                ListPage("utf-8", 1, "<li><span>没有链接的条目</span></li>"
                                     "<li><a href=\"javascript:void(0)\">脚本链接</a></li>"),
                "text/html; charset=utf-8");
  auto source = Make("    item_xpath: //ul[@class='list']/li\n    fetch_articles: false\n");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.error.ok());
  EXPECT_EQ(out.items_seen, 4u);
  EXPECT_EQ(out.articles.size(), 2u);
  EXPECT_EQ(out.item_errors.size(), 2u);
  EXPECT_EQ(out.items_without_title, 1u);
  EXPECT_EQ(out.items_without_date, 2u);
}

TEST_F(HtmlListSourceTest, MissingListPageFailsThePoll) {
  auto source = Make("    item_xpath: //li\n");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_FALSE(out.error.ok());
  EXPECT_NE(out.error.message().find("404"), std::string::npos);
  EXPECT_NE(out.error.message().find("'district'"), std::string::npos);
}

// A real portal list page from the shared corpus (UTF-8 bytes under a GB2312 <meta>), read
// through a file URL with a generic XPath: every <li> holding a link.
TEST(HtmlListSourceCorpusTest, ReadsARealPortalListPage) {
  const std::string path = NW_SHARED_DIR "/corpus/pages/gne/test_list_page/163/1.html";
  auto made = MakeSource("  - id: portal\n    type: html-list\n    url: file://" + path +
                         "\n    item_xpath: //li[a[@href]]\n    fetch_articles: false\n");
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  auto fetcher = testing::MakeTestFetcher();
  auto out = RunPoll(**made, *fetcher);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  ASSERT_GT(out.items_seen, 100u);
  size_t absolute = 0, titled = 0;
  bool found = false;
  for (const Article& a : out.articles) {
    absolute += a.url.rfind("http://", 0) == 0 || a.url.rfind("https://", 0) == 0;
    titled += !a.title.empty();
    found = found || a.title == "这可能是最心狠嘴辣的省份";
  }
  // Every item is an article or an item error (navigation tabs link to "#" or javascript:).
  EXPECT_EQ(out.articles.size() + out.item_errors.size(), out.items_seen);
  EXPECT_GT(out.articles.size(), out.items_seen * 3 / 4);
  EXPECT_GT(absolute, out.articles.size() * 9 / 10);
  EXPECT_GT(titled, out.articles.size() * 9 / 10);
  EXPECT_TRUE(found);
}

TEST(HtmlListSourceConfigTest, BadXPathStopsStartUpNamingTheLine) {
  auto s = MakeSource("  - id: district\n    type: html-list\n    url: http://x.invalid/list\n"
                      "    item_xpath: //ul[@class='list']/li\n"
                      "    date_xpath: span[@class=\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().kind(), ErrorKind::kConfig);
  EXPECT_NE(s.status().message().find("test.yaml:6"), std::string::npos) << s.status().message();
  EXPECT_NE(s.status().message().find("date_xpath"), std::string::npos);

  s = MakeSource("  - id: district\n    type: html-list\n    url: http://x.invalid/list\n"
                 "    item_xpath: //li)\n");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("test.yaml:5"), std::string::npos) << s.status().message();

  s = MakeSource("  - id: district\n    type: html-list\n    url: http://x.invalid/list\n"
                 "    item_xpath: //li\n    pages: 3\n");
  ASSERT_FALSE(s.ok());  // pages without a template
  EXPECT_NE(s.status().message().find("{page}"), std::string::npos);
}

}  // namespace
}  // namespace newswatch
