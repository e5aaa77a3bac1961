// The lean `newswatch` binary as a script calls it: parse-feed and extract print the same JSON
// the library's FeedToJson / ExtractedToJson describe (one line, or indented with --pretty),
// fail naming the file, and every other subcommand is handed to the full tool.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "daemon/extract/article_extractor.h"
#include "daemon/extract/extracted_json.h"
#include "daemon/feed/feed_json.h"
#include "daemon/feed/feed_parser.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
const std::string kCli = NW_BINARY_DIR "/daemon/app/newswatch";

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout and stderr together when `merge`
};

CliRun RunCli(const std::string& args, bool merge = false) {
  CliRun r;
  const std::string cmd = kCli + " " + args + (merge ? " 2>&1" : " 2>/dev/null");
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[65536];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string WriteTemp(const std::string& name, const std::string& content) {
  const fs::path path = fs::path(::testing::TempDir()) / name;
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

constexpr char kFeed[] = R"x(<?xml version="1.0" encoding="UTF-8"?>
<rss version="0.92"><channel><title>频道 "引号"</title><link>http://news.example/</link>
<item><title>第一条</title><link>/a/1.html</link><description>&lt;p onclick="x()"&gt;摘要&lt;/p&gt;</description>
<category>政策</category><enclosure url="http://news.example/a.mp3" type="audio/mpeg" length="42"/></item>
<item><title>第二条</title><pubDate>Wed, 01 Mar 2023 08:00:00 +0800</pubDate></item>
</channel></rss>)x";

TEST(TextCommandsTest, ParseFeedPrintsTheFeedJsonOnOneLine) {
  const std::string file = WriteTemp("feed.xml", kFeed);
  const CliRun r = RunCli("parse-feed --base-url http://news.example/rss.xml '" + file + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  ASSERT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  FeedParseOptions options;
  options.base_url = "http://news.example/rss.xml";
  options.sanitize_html = true;
  const Result<ParsedFeed> feed = ParseFeed(kFeed, options);
  ASSERT_TRUE(feed.ok());
  EXPECT_EQ(nlohmann::json::parse(r.out), FeedToJson(*feed));
  EXPECT_EQ(nlohmann::json::parse(r.out)["format"], "rss0.92");
  EXPECT_EQ(nlohmann::json::parse(r.out)["entries"][0]["safe_summary"], "<p>摘要</p>");
}

// A pipe cannot be mapped: it is read as it comes, with the same result.
TEST(TextCommandsTest, ParseFeedReadsAPipe) {
  const std::string file = WriteTemp("feed-pipe.xml", kFeed);
  const CliRun piped = RunCli("parse-feed /dev/stdin < '" + file + "'");
  const CliRun mapped = RunCli("parse-feed '" + file + "'");
  ASSERT_EQ(piped.exit_code, 0);
  EXPECT_EQ(piped.out, mapped.out);
}

TEST(TextCommandsTest, PrettyOutputIsTheSameValueIndented) {
  const std::string file = WriteTemp("feed-pretty.xml", kFeed);
  const CliRun compact = RunCli("parse-feed '" + file + "'");
  const CliRun pretty = RunCli("parse-feed --pretty '" + file + "'");
  ASSERT_EQ(pretty.exit_code, 0);
  EXPECT_GT(std::count(pretty.out.begin(), pretty.out.end(), '\n'), 10);
  EXPECT_EQ(nlohmann::json::parse(pretty.out), nlohmann::json::parse(compact.out));
  EXPECT_EQ(pretty.out.substr(0, 14), "{\n  \"format\": ");
}

TEST(TextCommandsTest, ExtractPrintsTheArticleJson) {
  const std::string page =
      "<html><head><title>标题_网站</title></head><body><h1>标题</h1>"
      "<div class=\"info\">2023-03-01 08:00 来源：某报</div><div class=\"article\">"
      "<p>第一段正文，内容足够长，用于测试抽取的结果是否与库函数一致。</p>"
      "<p>第二段正文，同样是一句完整的话。</p></div></body></html>";
  const std::string file = WriteTemp("page.html", page);
  const CliRun r = RunCli("extract --url http://news.example/a.html '" + file + "'");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  ExtractOptions options;
  options.url = "http://news.example/a.html";
  auto article = ExtractArticle(page, options);
  ASSERT_TRUE(article.ok());
  EXPECT_EQ(nlohmann::json::parse(r.out), ExtractedToJson(*article));
}

TEST(TextCommandsTest, MissingAndUnusableFilesFailNamingTheFile) {
  CliRun r = RunCli("parse-feed /nonexistent/feed.xml", true);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("/nonexistent/feed.xml"), std::string::npos) << r.out;
  const std::string html = WriteTemp("not-a-feed.xml", "<html><body>hello</body></html>");
  r = RunCli("parse-feed '" + html + "'", true);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("not a usable feed"), std::string::npos) << r.out;
  r = RunCli("extract /nonexistent/page.html", true);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("/nonexistent/page.html"), std::string::npos) << r.out;
}

// Everything but the text subcommands runs in the full tool, with the same arguments.
TEST(TextCommandsTest, OtherSubcommandsAreHandedToTheFullTool) {
  CliRun r = RunCli("--help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* sub : {"check", "tail", "status", "parse-feed", "extract"}) {
    EXPECT_NE(r.out.find(sub), std::string::npos) << sub << " in:\n" << r.out;
  }
  r = RunCli("no-such-subcommand", true);
  EXPECT_EQ(r.exit_code, 2) << r.out;
}

}  // namespace
}  // namespace newswatch
