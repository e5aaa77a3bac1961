// End to end: `newswatch probe` against a loopback site, for a configured source and for a
// source given on the command line; a broken selector is reported as such.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/e2e/child_process.h"
#include "tests/e2e/daemon_once.h"
#include "tests/support/http_server.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::ChildProcess;

constexpr const char* kCli = NW_BINARY_DIR "/daemon/app/newswatch";

class ProbeE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("newswatch-probe-e2e-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    server_.Serve("/xxgk/index.html",
                  "<html><head><meta charset=\"utf-8\"></head><body><ul class=\"list\">"
                  "<li><a href=\"./202404/t20240410_1.html\" title=\"测试区元宇宙产业若干措施\">"
                  "测试区元宇宙…</a><span>2024-04-10</span></li>"
                  "<li><a href=\"./202404/t20240409_2.html\">测试区春季消防检查</a>"
                  "<span>2024-04-09</span></li></ul></body></html>",
                  "text/html; charset=utf-8");
    server_.Serve("/xxgk/202404/t20240410_1.html",
                  "<html><head><meta charset=\"utf-8\"><title>测试区元宇宙产业若干措施</title>"
                  "</head><body><div class=\"nav\">首页</div><div id=\"zoom\"><p>为加快元宇宙产业"
                  "发展，制定本措施。【正文标记】对企业研发投入给予最高300万元支持，对示范场景给予"
                  "最高100万元奖励。</p></div><div class=\"foot\">版权所有</div></body></html>",
                  "text/html; charset=utf-8");
    std::ofstream(dir_ / "newswatch.yaml")
        << testing::TestConfigHead("probe-e2e", dir_ / "state") << "  - id: district\n"
        << "    type: html-list\n    enabled: false\n"
        << "    url: " << server_.Url("/xxgk/index.html") << "\n"
        << "    item_xpath: //ul[@class='list']/li\n    date_xpath: span\n"
        << "    body_xpath: \"//*[@id='zoom']\"\n    allow_private: true\n"
        << "  - id: stale\n    type: html-list\n"
        << "    url: " << server_.Url("/xxgk/index.html") << "\n"
        << "    item_xpath: //div[@class='redesigned']/li\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::pair<int, std::string> Probe(std::vector<std::string> args) {
    args.insert(args.begin(), {kCli, "probe"});
    ChildProcess cli(args);
    auto code = cli.WaitForExit(60s);
    return {code.value_or(-1), cli.output()};
  }

  fs::path dir_;
  TestHttpServer server_;
};

TEST_F(ProbeE2eTest, ShowsEachStepOfAConfiguredSource) {
  auto [code, out] = Probe({"district", "--config", (dir_ / "newswatch.yaml").string()});
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("source district (html-list)"), std::string::npos) << out;
  EXPECT_NE(out.find("disabled in the configuration"), std::string::npos) << out;
  EXPECT_NE(out.find("GET " + server_.Url("/xxgk/index.html")), std::string::npos) << out;
  EXPECT_NE(out.find("HTTP 200"), std::string::npos) << out;
  EXPECT_NE(out.find("charset utf-8"), std::string::npos) << out;
  EXPECT_NE(out.find("2. items: 2 in the list, 2 with a usable link, 0 without a date"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("2024-04-10T00:00:00+08:00  测试区元宇宙产业若干措施"), std::string::npos)
      << out;
  EXPECT_NE(out.find(server_.Url("/xxgk/202404/t20240409_2.html")), std::string::npos) << out;
  EXPECT_NE(out.find("from the source's body selector"), std::string::npos) << out;
  EXPECT_NE(out.find("【正文标记】"), std::string::npos) << out;
  EXPECT_NE(out.find("4. health\n  ok"), std::string::npos) << out;
  // The list once, the first item's page once; the second item's page is not fetched.
  EXPECT_EQ(server_.RequestCount("/xxgk/index.html"), 1u);
  EXPECT_EQ(server_.RequestCount("/xxgk/202404/t20240410_1.html"), 1u);
  EXPECT_EQ(server_.RequestCount("/xxgk/202404/t20240409_2.html"), 0u);
}

TEST_F(ProbeE2eTest, ReportsASelectorThatMatchesNothing) {
  auto [code, out] = Probe({"stale", "--config", (dir_ / "newswatch.yaml").string()});
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("2. items: 0 in the list"), std::string::npos) << out;
  EXPECT_NE(out.find("broken if it stays so: the list yielded no items"), std::string::npos) << out;
}

TEST_F(ProbeE2eTest, ProbesASourceGivenOnTheCommandLine) {
  server_.Serve(
      "/api/list",
      R"({"data":{"list":[{"title":"测试区元宇宙产业若干措施","url":"/xxgk/202404/t20240410_1.html","display_date":1712710800000}]}})",
      "application/json");
  auto [code, out] = Probe({"--type", "json", "--url", server_.Url("/api/list"), "--set",
                            "item_path=data.list", "--set", "time_path=display_date", "--set",
                            "allow_private=true", "--config", (dir_ / "newswatch.yaml").string()});
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("2024-04-10T09:00:00+08:00  测试区元宇宙产业若干措施"), std::string::npos)
      << out;
  EXPECT_NE(out.find("from the extractor (no body selector configured)"), std::string::npos) << out;

  auto [bad, bad_out] =
      Probe({"--type", "json", "--url", server_.Url("/api/list"), "--set", "item_pth=data.list"});
  EXPECT_EQ(bad, 2) << bad_out;
  EXPECT_NE(bad_out.find("item_pth"), std::string::npos) << bad_out;
}

}  // namespace
}  // namespace newswatch
