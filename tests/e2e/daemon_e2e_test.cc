// End to end: the real newswatchd binary polls a feed from a loopback HTTP
// server and publishes on a real ZeroMQ socket that the test subscribes to.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
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

// Written for this test; the story is invented.
std::string FeedXml(bool with_second_policy) {
  std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>测试源</title><link>http://example.invalid/</link>
<item><title>宁波市印发元宇宙产业发展行动计划</title>
<link>http://example.invalid/a/ningbo-plan.html?utm_source=rss#top</link>
<pubDate>Wed, 10 Apr 2024 09:00:00 +0800</pubDate>
<description><![CDATA[<p>宁波市经济和信息化局印发《宁波市元宇宙产业发展行动计划（2024—2026年）》，提出到2026年元宇宙相关产业规模达到600亿元，培育10家以上元宇宙龙头企业，打造50个元宇宙示范应用场景，对重点项目给予最高500万元补贴。</p>]]></description></item>
<item><title>本市今日最高气温二十五度</title>
<link>http://example.invalid/a/weather.html</link>
<pubDate>Wed, 10 Apr 2024 07:00:00 +0800</pubDate>
<description>气象台预计今天多云转晴，最高气温二十五度，适宜出行。</description></item>
)";
  if (with_second_policy) {
    xml += R"(<item><title>合肥高新区出台支持元宇宙产业发展若干政策</title>
<link>http://example.invalid/a/hefei-measures.html</link>
<pubDate>Thu, 11 Apr 2024 10:00:00 +0800</pubDate>
<description><![CDATA[<p>合肥高新区管委会印发《关于支持元宇宙产业发展的若干政策》，对元宇宙企业研发投入给予最高300万元支持，对新认定的元宇宙示范场景给予奖励。</p>]]></description></item>
)";
  }
  return xml + "</channel></rss>\n";
}

class DaemonE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("newswatch-e2e-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    server_.server().Get("/feed.xml", [this](const httplib::Request& req, httplib::Response& res) {
      if (honour_etag_ && req.get_header_value("If-None-Match") == "\"v1\"") {
        ++not_modified_;
        res.status = 304;
        return;
      }
      res.set_header("ETag", "\"v1\"");
      res.set_content(FeedXml(second_policy_), "application/rss+xml; charset=utf-8");
    });
    config_ = dir_ / "newswatch.yaml";
    std::ofstream(config_) << testing::TestConfigHead("e2e", dir_ / "state")
                           << "  - id: loop-feed\n"
                           << "    type: feed\n"
                           << "    url: " << server_.Url("/feed.xml") << "\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<v1::Event> RunOnce(int* exit_code) {
    testing::OnceRun run = testing::RunDaemonOnce(config_, dir_ / "state" / "newswatch.db");
    *exit_code = run.exit_code;
    last_output_ = run.output;
    return run.articles;
  }

  std::vector<JournalEntry> Journal() {
    auto store = StateStore::Open(dir_ / "state" / "newswatch.db");
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    auto rows = (*store)->ReadJournal(0, "article.", 1000);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? *rows : std::vector<JournalEntry>{};
  }

  fs::path dir_;
  fs::path config_;
  std::string last_output_;  // what the last RunOnce's daemon printed
  TestHttpServer server_;
  std::atomic<bool> honour_etag_{true};
  std::atomic<bool> second_policy_{false};
  std::atomic<int> not_modified_{0};
};

TEST_F(DaemonE2eTest, RelevantArticleArrivesIrrelevantDoesNotAndNothingRepeats) {
  // First run: the policy article is published with its fields; the weather
  // report is not.
  int code = -1;
  std::vector<v1::Event> first = RunOnce(&code);
  EXPECT_EQ(code, 0);
  ASSERT_EQ(first.size(), 1u);
  const v1::Article& a = first[0].article();
  EXPECT_EQ(a.title(), "宁波市印发元宇宙产业发展行动计划");
  EXPECT_EQ(a.canonical_url(), "http://example.invalid/a/ningbo-plan.html");
  EXPECT_EQ(a.source_id(), "loop-feed");
  EXPECT_EQ(a.id().size(), 32u);
  EXPECT_EQ(a.published().rfc3339(), "2024-04-10T09:00:00+08:00");
  EXPECT_EQ(a.relevance().verdict(), v1::VERDICT_RELEVANT);
  EXPECT_EQ(a.relevance().profile(), "metaverse-policy");
  EXPECT_FALSE(a.relevance().matches().empty());
  EXPECT_NE(a.body().find("600亿元"), std::string::npos);
  EXPECT_FALSE(a.content_hash().empty());
  EXPECT_EQ(first[0].publisher_id(), "e2e");
  EXPECT_GT(first[0].sequence(), 0u);
  EXPECT_EQ(first[0].topic().rfind("article.metaverse-policy.", 0), 0u);
  ASSERT_EQ(Journal().size(), 1u);

  // Second run, feed unchanged: conditional GET gets 304, nothing published.
  std::vector<v1::Event> second = RunOnce(&code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(not_modified_.load(), 1);
  EXPECT_TRUE(second.empty());
  EXPECT_EQ(Journal().size(), 1u);

  // Third run: the server forgets its ETag and adds a new policy article. The
  // restarted daemon publishes only the new one.
  honour_etag_ = false;
  second_policy_ = true;
  std::vector<v1::Event> third = RunOnce(&code);
  EXPECT_EQ(code, 0);
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(third[0].article().title(), "合肥高新区出台支持元宇宙产业发展若干政策");
  EXPECT_GT(third[0].sequence(), first[0].sequence());
  EXPECT_EQ(Journal().size(), 2u);
}

TEST_F(DaemonE2eTest, FailingSourceIsReportedAndDaemonKeepsGoing) {
  std::ofstream(config_, std::ios::app) << "  - id: missing-feed\n"
                                        << "    type: feed\n"
                                        << "    url: " << server_.Url("/nowhere.xml")
                                        << "?access_token=topsecret42\n";
  int code = -1;
  std::vector<v1::Event> events = RunOnce(&code);
  EXPECT_EQ(code, 5);  // kExitSourcesFailed: one source failed, the other published
  ASSERT_EQ(events.size(), 1u);
  auto store = StateStore::Open(dir_ / "state" / "newswatch.db");
  ASSERT_TRUE(store.ok());
  auto status = (*store)->ReadJournal(0, "status.missing-feed", 10);
  ASSERT_TRUE(status.ok());
  ASSERT_EQ(status->size(), 1u);
  auto event = ParseEvent(status->front().payload);
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->source_status().state(), v1::HEALTH_FAILING);
  EXPECT_NE(event->source_status().reason().find("404"), std::string::npos);
  // A token in the source's URL reaches neither the published reason nor the log.
  EXPECT_EQ(event->source_status().reason().find("topsecret42"), std::string::npos)
      << event->source_status().reason();
  EXPECT_NE(last_output_.find("missing-feed"), std::string::npos) << last_output_;
  EXPECT_EQ(last_output_.find("topsecret42"), std::string::npos) << last_output_;
}

}  // namespace
}  // namespace newswatch
