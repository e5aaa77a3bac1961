// End to end: the real newswatchd polls a json list API and an html-list government column
// served by a loopback HTTP server, fetches the list's article pages, and publishes the
// relevant articles on a real ZeroMQ socket the test subscribes to. Also: the production
// configuration passes `newswatchd --check`.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <zmq.hpp>

#include "daemon/publish/event_codec.h"
#include "daemon/store/state_store.h"
#include "tests/e2e/child_process.h"
#include "tests/e2e/daemon_once.h"
#include "tests/support/http_server.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::ChildProcess;

// Written for this test; the stories are invented.
constexpr const char* kRollApi = R"(try{jsonp_cb({"result":{"status":{"code":0},"data":[
{"title":"嘉兴市印发元宇宙产业发展行动计划","url":"http://example.invalid/roll/jiaxing-plan.shtml",
 "ctime":"1712710800","intro":"嘉兴市经济和信息化局印发《嘉兴市元宇宙产业发展行动计划（2024—2026年）》，提出到2026年元宇宙相关产业规模达到300亿元，培育5家以上元宇宙龙头企业，打造30个元宇宙示范应用场景，对重点项目给予最高200万元补贴。"},
{"title":"本周末全市天气晴好","url":"http://example.invalid/roll/weather.shtml",
 "ctime":"1712714400","intro":"气象台预计本周末以晴为主，最高气温二十六度，适宜户外活动。"}
]}});}catch(e){};)";

constexpr const char* kListPage = R"(<html><head><meta charset="utf-8"><title>通知公告</title></head>
<body><div class="nav"><a href="/">首页</a></div>
<ul class="list">
<li><a href="./202404/t20240412_1.html" title="关于印发《测试区促进元宇宙产业高质量发展的若干措施》的通知">关于印发《测试区促进元宇宙产业高质量...</a><span>2024-04-12</span></li>
<li><a href="/xxgk/202404/t20240411_2.html">测试区开展春季消防安全检查</a><span>2024-04-11</span></li>
</ul></body></html>)";

std::string Page(const std::string& title, const std::string& time, const std::string& body) {
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title +
         "</title></head><body><div class=\"top\"><a href=\"/\">首页</a></div>"
         "<div class=\"article\"><h1>" + title + "</h1><div class=\"info\">发布时间：" + time +
         " 来源：测试区科学技术委员会</div><div class=\"content\">" + body +
         "</div></div><div class=\"foot\">版权所有 联系我们</div></body></html>";
}

class SourcesE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("newswatch-sources-e2e-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    server_.Serve("/api/roll/get", kRollApi, "application/javascript");
    server_.Serve("/xxgk/tzgg/index.html", kListPage, "text/html; charset=utf-8");
    server_.Serve(
        "/xxgk/tzgg/202404/t20240412_1.html",
        Page("关于印发《测试区促进元宇宙产业高质量发展的若干措施》的通知", "2024-04-12 16:45",
             "<p>各有关单位：为加快推动元宇宙产业高质量发展，区科学技术委员会会同区发展和改革委员会"
             "制定了《测试区促进元宇宙产业高质量发展的若干措施》，现印发给你们，请认真贯彻执行。</p>"
             "<p>一、对元宇宙企业关键技术研发投入给予最高300万元支持。</p>"
             "<p>二、对新认定的元宇宙示范应用场景给予最高100万元奖励，到2026年打造20个以上示范场景。</p>"
             "<p>三、支持建设元宇宙公共服务平台，对平台建设投入给予30%补贴。本措施自印发之日起施行。</p>"),
        "text/html; charset=utf-8");
    server_.Serve(
        "/xxgk/202404/t20240411_2.html",
        Page("测试区开展春季消防安全检查", "2024-04-11 09:00",
             "<p>近日，区消防救援支队联合各街道对辖区商场、学校和居民小区开展春季消防安全检查，"
             "共检查单位一百二十家，督促整改隐患三十余处，进一步提升了辖区火灾防控水平。</p>"
             "<p>检查组要求各单位落实消防安全主体责任，畅通疏散通道，定期组织应急演练。</p>"),
        "text/html; charset=utf-8");
    config_ = dir_ / "newswatch.yaml";
    std::ofstream(config_) << testing::TestConfigHead("sources-e2e", dir_ / "state")
                           << "  - id: roll-api\n"
                           << "    type: json\n"
                           << "    url: " << server_.Url("/api/roll/get?pageid=153&page=1") << "\n"
                           << "    item_path: result.data\n"
                           << "    time_path: ctime\n"
                           << "    summary_path: intro\n"
                           << "    allow_private: true\n"  // article pages are on loopback
                           << "  - id: district-list\n"
                           << "    type: html-list\n"
                           << "    url: " << server_.Url("/xxgk/tzgg/index.html") << "\n"
                           << "    item_xpath: //ul[@class='list']/li\n"
                           << "    date_xpath: span\n"
                           << "    allow_private: true\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<v1::Event> RunOnce(int* exit_code, std::string* output) {
    testing::OnceRun run = testing::RunDaemonOnce(config_, dir_ / "state" / "newswatch.db");
    *exit_code = run.exit_code;
    *output = run.output;
    return run.articles;
  }

  fs::path dir_;
  fs::path config_;
  TestHttpServer server_;
};

TEST_F(SourcesE2eTest, JsonAndListSourcesPublishTheirRelevantArticles) {
  int code = -1;
  std::string output;
  std::vector<v1::Event> events = RunOnce(&code, &output);
  EXPECT_EQ(code, 0) << output;
  ASSERT_EQ(events.size(), 2u) << output;
  std::sort(events.begin(), events.end(), [](const v1::Event& a, const v1::Event& b) {
    return a.article().source_id() < b.article().source_id();
  });

  const v1::Article& list = events[0].article();
  EXPECT_EQ(list.source_id(), "district-list");
  EXPECT_EQ(list.url(), server_.Url("/xxgk/tzgg/202404/t20240412_1.html"));
  EXPECT_EQ(list.title(), "关于印发《测试区促进元宇宙产业高质量发展的若干措施》的通知");
  EXPECT_EQ(list.published().rfc3339(), "2024-04-12T16:45:00+08:00");  // from the page
  EXPECT_NE(list.body().find("最高300万元支持"), std::string::npos) << list.body();
  EXPECT_EQ(list.relevance().verdict(), v1::VERDICT_RELEVANT);

  const v1::Article& roll = events[1].article();
  EXPECT_EQ(roll.source_id(), "roll-api");
  EXPECT_EQ(roll.title(), "嘉兴市印发元宇宙产业发展行动计划");
  EXPECT_EQ(roll.canonical_url(), "http://example.invalid/roll/jiaxing-plan.shtml");
  EXPECT_EQ(roll.published().rfc3339(), "2024-04-10T09:00:00+08:00");
  EXPECT_EQ(roll.relevance().verdict(), v1::VERDICT_RELEVANT);

  // Both article pages were fetched once; the irrelevant one was read and dropped.
  EXPECT_EQ(server_.RequestCount("/xxgk/tzgg/202404/t20240412_1.html"), 1u);
  EXPECT_EQ(server_.RequestCount("/xxgk/202404/t20240411_2.html"), 1u);

  // A second run publishes nothing new.
  std::vector<v1::Event> again = RunOnce(&code, &output);
  EXPECT_EQ(code, 0) << output;
  EXPECT_TRUE(again.empty());
}

TEST_F(SourcesE2eTest, BadXPathStopsStartUpNamingTheLine) {
  std::ifstream existing(config_);
  const size_t lines_before = static_cast<size_t>(
      std::count(std::istreambuf_iterator<char>(existing), std::istreambuf_iterator<char>(), '\n'));
  const std::string xpath_line = "newswatch.yaml:" + std::to_string(lines_before + 4);
  std::ofstream(config_, std::ios::app) << "  - id: broken-list\n"
                                        << "    type: html-list\n"
                                        << "    url: " << server_.Url("/x.html") << "\n"
                                        << "    item_xpath: //ul[@class='list'/li\n";
  ChildProcess daemon({NW_BINARY_DIR "/daemon/app/newswatchd", "--config", config_.string(),
                       "--check"});
  auto code = daemon.WaitForExit(30s);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 3) << daemon.output();
  EXPECT_NE(daemon.output().find(xpath_line), std::string::npos) << daemon.output();
  EXPECT_NE(daemon.output().find("item_xpath"), std::string::npos) << daemon.output();
}

TEST(ProductionConfigTest, PassesCheck) {
  ChildProcess daemon({NW_BINARY_DIR "/daemon/app/newswatchd", "--config",
                       NW_SOURCE_DIR "/config/newswatch.yaml", "--check"});
  auto code = daemon.WaitForExit(60s);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << daemon.output();
}

}  // namespace
}  // namespace newswatch
