// The json source against a loopback server: paths, epoch / millisecond / string times,
// pagination, JSONP, malformed responses, configuration errors and full text.
#include <gtest/gtest.h>
#include <httplib.h>

#include "tests/sources/source_test_util.h"
#include "tests/support/http_server.h"

namespace newswatch {
namespace {

using testing::MakeSource;
using testing::RunPoll;

// Invented stories, in the shape of Sina's roll API (result.data[] with title, url, ctime, intro).
std::string RollPage(int page, int items) {
  std::string data;
  for (int i = 0; i < items; ++i) {
    const int n = page * 10 + i;
    if (!data.empty()) data += ",";
    data += R"({"title":"第)" + std::to_string(n) + R"(条 测试新闻","url":"https://news.example.invalid/a/)" +
            std::to_string(n) + R"(.shtml","ctime":")" + std::to_string(1712710800 + n * 60) +
            R"(","intro":"摘要)" + std::to_string(n) + R"("})";
  }
  return R"({"result":{"status":{"code":0,"msg":"succ"},"data":[)" + data + "]}}";
}

class JsonSourceTest : public ::testing::Test {
 protected:
  std::unique_ptr<Source> Make(const std::string& extra, const std::string& path = "/roll") {
    // Full-text pages are on loopback, which only `allow_private` permits.
    auto s = MakeSource("  - id: roll\n    type: json\n    url: " + server_.Url(path) +
                        "\n    allow_private: true\n" + extra);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  TestHttpServer server_;
  std::unique_ptr<CurlFetcher> fetcher_ = testing::MakeTestFetcher();
};

TEST_F(JsonSourceTest, PathsPickTitleUrlTimeAndSummary) {
  server_.Serve("/roll", R"({"result":{"data":[
    {"title":"某市印发元宇宙产业发展行动计划","url":"https://news.example.invalid/a/1.shtml",
     "ctime":"1712710800","intro":"<b>某市</b>印发行动计划。","author":"记者甲"},
    {"title":"  第二条\n新闻 ","url":"/a/2.shtml","ctime":1712714400000,"intro":"摘要二"},
    {"title":"第三条","url":"https://news.example.invalid/a/3.shtml",
     "ctime":"2024-04-10 11:30","intro":"摘要三"},
    {"title":"没有链接的条目","ctime":1712710800}
  ]}})", "application/json");
  auto source = Make("    item_path: result.data\n    time_path: ctime\n"
                     "    summary_path: intro\n    author_path: author\n");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.finished);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  ASSERT_EQ(out.articles.size(), 3u);
  EXPECT_EQ(out.items_seen, 4u);
  EXPECT_EQ(out.items_without_date, 0u);
  ASSERT_EQ(out.item_errors.size(), 1u);
  EXPECT_NE(out.item_errors[0].find("没有链接的条目"), std::string::npos);

  const Article& a = out.articles[0];
  EXPECT_EQ(a.title, "某市印发元宇宙产业发展行动计划");
  EXPECT_EQ(a.url, "https://news.example.invalid/a/1.shtml");
  EXPECT_EQ(a.source_id, "roll");
  EXPECT_EQ(a.summary, "某市印发行动计划。");
  EXPECT_EQ(a.author, "记者甲");
  ASSERT_TRUE(a.published);
  EXPECT_EQ(a.published->ToRfc3339(), "2024-04-10T09:00:00+08:00");  // epoch seconds as a string

  EXPECT_EQ(out.articles[1].title, "第二条 新闻");
  EXPECT_EQ(out.articles[1].url, server_.Url("/a/2.shtml"));  // relative to the API URL
  ASSERT_TRUE(out.articles[1].published);
  EXPECT_EQ(out.articles[1].published->ToRfc3339(), "2024-04-10T10:00:00+08:00");  // ms
  ASSERT_TRUE(out.articles[2].published);
  EXPECT_EQ(out.articles[2].published->ToRfc3339(), "2024-04-10T11:30:00+08:00");  // text
}

TEST_F(JsonSourceTest, FetchesPagesThroughThePageParameter) {
  std::vector<std::string> pages_asked;
  std::mutex mu;
  server_.server().Get("/roll", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string page = req.get_param_value("page");
    {
      std::lock_guard lock(mu);
      pages_asked.push_back(page + "/" + req.get_param_value("num"));
    }
    res.set_content(RollPage(std::stoi(page), 2), "application/json");
  });
  auto source = Make("    item_path: result.data[]\n    time_path: ctime\n"
                     "    page_param: page\n    pages: 3\n",
                     "/roll?pageid=153&page=1&num=50");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.finished);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  EXPECT_EQ(out.articles.size(), 6u);
  EXPECT_EQ(out.items_seen, 6u);
  std::lock_guard lock(mu);
  EXPECT_EQ(pages_asked, (std::vector<std::string>{"1/50", "2/50", "3/50"}));
  EXPECT_EQ(out.articles[5].title, "第31条 测试新闻");
}

TEST_F(JsonSourceTest, AnEmptyPageEndsPagination) {
  server_.server().Get("/list", [&](const httplib::Request& req, httplib::Response& res) {
    const int page = std::stoi(req.get_param_value("p"));
    res.set_content(RollPage(page, page < 2 ? 3 : 0), "application/json");
  });
  auto source = Make("    item_path: result.data\n    page_param: p\n    first_page: 0\n"
                     "    pages: 10\n", "/list");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  EXPECT_EQ(out.articles.size(), 6u);      // pages 0 and 1
  EXPECT_EQ(server_.RequestCount("/list"), 3u);  // page 2 was empty: no page 3
  EXPECT_EQ(out.items_without_date, 6u);   // no time_path
}

TEST_F(JsonSourceTest, JsonpWrappersAreTolerated) {
  for (const char* body :
       {"jQuery1830_17({\"result\":{\"data\":[{\"title\":\"甲(一)\",\"url\":\"/x\"}]}});",
        "/**/ cb({\"result\":{\"data\":[{\"title\":\"甲(一)\",\"url\":\"/x\"}]}})",
        "try{cb({\"result\":{\"data\":[{\"title\":\"甲(一)\",\"url\":\"/x\"}]}});}catch(e){};"}) {
    server_.Serve("/jsonp", body, "application/javascript");
    auto source = Make("    item_path: result.data\n", "/jsonp");
    ASSERT_TRUE(source);
    auto out = RunPoll(*source, *fetcher_);
    ASSERT_TRUE(out.error.ok()) << body << ": " << out.error.ToString();
    ASSERT_EQ(out.articles.size(), 1u) << body;
    EXPECT_EQ(out.articles[0].title, "甲(一)");
  }
}

TEST_F(JsonSourceTest, MalformedJsonFailsThePollNamingSourceAndUrl) {
  server_.Serve("/broken", R"({"result":{"data":[{"title":"半截)", "application/json");
  auto source = Make("    item_path: result.data\n", "/broken");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_FALSE(out.error.ok());
  EXPECT_EQ(out.error.kind(), ErrorKind::kParse);
  EXPECT_NE(out.error.message().find("'roll'"), std::string::npos) << out.error.message();
  EXPECT_NE(out.error.message().find(server_.Url("/broken")), std::string::npos);
  EXPECT_TRUE(out.articles.empty());
}

TEST_F(JsonSourceTest, MissingItemPathFailsThePoll) {
  server_.Serve("/moved", R"({"result":{"list":[{"title":"甲","url":"/a"}]}})",
                "application/json");
  auto source = Make("    item_path: result.data\n", "/moved");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_FALSE(out.error.ok());
  EXPECT_NE(out.error.message().find("item_path 'result.data' is not in the response"),
            std::string::npos)
      << out.error.message();

  server_.Serve("/moved", R"({"result":{"data":{"title":"甲"}}})", "application/json");
  out = RunPoll(*source, *fetcher_);
  ASSERT_FALSE(out.error.ok());
  EXPECT_NE(out.error.message().find("is not a list"), std::string::npos);
}

TEST_F(JsonSourceTest, HttpErrorFailsThePoll) {
  auto source = Make("    item_path: result.data\n", "/nowhere");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_FALSE(out.error.ok());
  EXPECT_EQ(out.error.kind(), ErrorKind::kHttp);
  EXPECT_NE(out.error.message().find("404"), std::string::npos);
}

TEST(JsonSourceConfigTest, BadPathsStopStartUpNamingTheLine) {
  auto s = MakeSource("  - id: roll\n    type: json\n    url: http://x.invalid/api\n"
                      "    item_path: result.data\n    title_path: items[oops]\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().kind(), ErrorKind::kConfig);
  EXPECT_NE(s.status().message().find("test.yaml:6"), std::string::npos) << s.status().message();
  EXPECT_NE(s.status().message().find("title_path"), std::string::npos);

  s = MakeSource("  - id: roll\n    type: json\n    url: http://x.invalid/api\n"
                 "    item_path: result.data\n    pages: 3\n");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("page_param"), std::string::npos);

  s = MakeSource("  - id: roll\n    type: json\n    url: http://x.invalid/api\n");
  ASSERT_FALSE(s.ok());  // item_path is required
  EXPECT_NE(s.status().message().find("item_path"), std::string::npos) << s.status().message();
}

TEST_F(JsonSourceTest, FullTextFetchesShortItemsOnceAndKeepsTheirMetadata) {
  server_.Serve("/full", R"({"data":[
    {"title":"某区出台元宇宙产业扶持政策","url":"/p/1.html","ctime":1712710800,"intro":"简讯。"},
    {"title":"不存在的页面","url":"/p/missing.html","ctime":1712710800,"intro":"简讯二。"}
  ]})", "application/json");
  server_.Serve("/p/1.html",
                testing::ArticlePage("页面上的标题", "2024-04-11 08:00", "正文标记甲"),
                "text/html; charset=utf-8");
  auto source = Make("    item_path: data\n    time_path: ctime\n    summary_path: intro\n"
                     "    full_text: true\n", "/full");
  ASSERT_TRUE(source);
  auto out = RunPoll(*source, *fetcher_);
  ASSERT_TRUE(out.finished);
  ASSERT_TRUE(out.error.ok()) << out.error.ToString();
  ASSERT_EQ(out.articles.size(), 2u);
  const Article* page = nullptr;
  const Article* missing = nullptr;
  for (const Article& a : out.articles) (a.url.find("missing") != std::string::npos ? missing : page) = &a;
  ASSERT_TRUE(page && missing);
  EXPECT_NE(page->body_text.find("正文标记甲"), std::string::npos) << page->body_text;
  EXPECT_EQ(page->title, "某区出台元宇宙产业扶持政策");  // the API's title wins
  EXPECT_EQ(page->published->ToRfc3339(), "2024-04-10T09:00:00+08:00");
  EXPECT_EQ(page->summary, "简讯。");
  EXPECT_EQ(page->original_source, "测试区科学技术委员会");
  // The missing page: published with the API's fields, reported as an item error.
  EXPECT_EQ(missing->summary, "简讯二。");
  ASSERT_EQ(out.item_errors.size(), 1u);
  EXPECT_NE(out.item_errors[0].find("404"), std::string::npos);

  // The next poll of the unchanged list fetches no page again and repeats nothing.
  auto again = RunPoll(*source, *fetcher_);
  EXPECT_TRUE(again.articles.empty());
  EXPECT_EQ(again.items_seen, 2u);
  EXPECT_EQ(server_.RequestCount("/p/1.html"), 1u);
}

}  // namespace
}  // namespace newswatch
