// Hostile inputs against the real newswatchd binary (rows of docs/hostile-inputs.md that the
// module tests do not already show end to end): feeds that are empty, binary garbage, HTML or
// behind a failing TLS handshake, served next to a good feed from a loopback HTTP server; a
// publish endpoint already in use; a read-only and a full state directory.
// The daemon journals every event before sending it, so the tests read the journal after the
// daemon exits instead of racing a subscriber; nothing sleeps.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <zmq.hpp>

#include "daemon/publish/event_codec.h"
#include "daemon/store/state_store.h"
#include "tests/e2e/child_process.h"
#include "tests/support/http_server.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::ChildProcess;

// Written for this test; the story is invented.
constexpr const char* kGoodFeed = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>测试源</title><link>http://example.invalid/</link>
<item><title>宁波市印发元宇宙产业发展行动计划</title>
<link>http://example.invalid/a/ningbo-plan.html</link>
<pubDate>Wed, 10 Apr 2024 09:00:00 +0800</pubDate>
<description><![CDATA[<p>宁波市经济和信息化局印发《宁波市元宇宙产业发展行动计划（2024—2026年）》，提出到2026年元宇宙相关产业规模达到600亿元，培育10家以上元宇宙龙头企业，对重点项目给予最高500万元补贴。</p>]]></description></item>
</channel></rss>
)";

constexpr const char* kHtmlPage =
    "<!DOCTYPE html><html><head><title>首页</title></head><body><div class=nav><a href=/>首页</a>"
    "</div><p>欢迎访问本站。</p></body></html>";

class HostileE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("newswatch-hostile-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    state_ = dir_ / "state";
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir_);
  }

  // Writes the configuration with the given sources (YAML list items, already indented).
  fs::path WriteConfig(const std::string& sources, const std::string& publish = "tcp://127.0.0.1:*") {
    const fs::path config = dir_ / "newswatch.yaml";
    std::ofstream(config) << "daemon:\n"
                          << "  id: hostile\n"
                          << "  state_dir: " << state_.string() << "\n"
                          << "  publish: " << publish << "\n"
                          << "  replay: \"\"\n"
                          << "  metrics: \"\"\n"
                          << "  startup_grace: 0s\n"
                          << "  per_host_gap: 0s\n"
                          << "profiles:\n"
                          << "  - " << NW_SOURCE_DIR << "/config/topics/metaverse-policy.yaml\n"
                          << "sources:\n"
                          << sources;
    return config;
  }

  static std::string FeedSource(const std::string& id, const std::string& url) {
    return "  - id: " + id + "\n    type: feed\n    url: " + url + "\n";
  }

  // The journaled events whose topic starts with `prefix`.
  std::vector<v1::Event> Journal(const std::string& prefix) {
    std::vector<v1::Event> events;
    auto store = StateStore::Open(state_ / "newswatch.db");
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return events;
    auto rows = (*store)->ReadJournal(0, prefix, 1000);
    EXPECT_TRUE(rows.ok());
    if (!rows.ok()) return events;
    for (const auto& row : *rows) {
      auto event = ParseEvent(row.payload);
      EXPECT_TRUE(event.ok());
      if (event.ok()) events.push_back(*event);
    }
    return events;
  }

  // The reason of source `id`'s failing status event, or "" when it has none.
  std::string FailureReason(const std::string& id) {
    for (const auto& e : Journal("status." + id)) {
      if (e.source_status().state() == v1::HEALTH_FAILING) return e.source_status().reason();
    }
    return "";
  }

  fs::path dir_;
  fs::path state_;
};

TEST_F(HostileE2eTest, BadFeedsFailAloneAndTheGoodFeedIsStillPublished) {
  TestHttpServer server;
  server.Serve("/good.xml", kGoodFeed, "application/rss+xml; charset=utf-8");
  server.Serve("/empty.xml", "", "application/rss+xml");
  std::string garbage(64 * 1024, '\0');
  std::mt19937 random(20240410);
  for (char& c : garbage) c = static_cast<char>(random());
  server.Serve("/garbage.xml", garbage, "application/octet-stream");
  server.Serve("/page.xml", kHtmlPage, "text/html; charset=utf-8");
  // https:// to a plain-HTTP port: the TLS handshake fails.
  const std::string tls_url = "https://127.0.0.1:" + std::to_string(server.port()) + "/good.xml";
  const fs::path config = WriteConfig(FeedSource("good", server.Url("/good.xml")) +
                                      FeedSource("empty", server.Url("/empty.xml")) +
                                      FeedSource("garbage", server.Url("/garbage.xml")) +
                                      FeedSource("html", server.Url("/page.xml")) +
                                      FeedSource("tls", tls_url));
  ChildProcess daemon({NW_BINARY_DIR "/daemon/app/newswatchd", "--config", config.string(), "--once"});
  const auto code = daemon.WaitForExit(60s);
  ASSERT_TRUE(code.has_value()) << daemon.output();
  EXPECT_EQ(*code, 5) << daemon.output();  // some sources failed, the rest was published

  const auto articles = Journal("article.");
  ASSERT_EQ(articles.size(), 1u) << daemon.output();
  EXPECT_EQ(articles[0].article().source_id(), "good");
  for (const std::string id : {"empty", "garbage", "html", "tls"}) {
    const std::string reason = FailureReason(id);
    EXPECT_FALSE(reason.empty()) << id << " has no failing status; output:\n" << daemon.output();
    EXPECT_NE(daemon.output().find(id), std::string::npos) << "the log does not name " << id;
  }
  EXPECT_TRUE(FailureReason("good").empty());
  EXPECT_EQ(daemon.output().find("AddressSanitizer"), std::string::npos);
}

TEST_F(HostileE2eTest, PublishEndpointInUseStopsTheStartNamingIt) {
  zmq::context_t ctx;
  zmq::socket_t squatter(ctx, zmq::socket_type::pub);
  squatter.bind("tcp://127.0.0.1:*");
  const std::string taken = squatter.get(zmq::sockopt::last_endpoint);
  const fs::path config = WriteConfig(FeedSource("good", "http://127.0.0.1:9/feed.xml"), taken);
  ChildProcess daemon({NW_BINARY_DIR "/daemon/app/newswatchd", "--config", config.string(), "--once"});
  const auto code = daemon.WaitForExit(60s);
  ASSERT_TRUE(code.has_value()) << daemon.output();
  EXPECT_EQ(*code, 4) << daemon.output();
  EXPECT_NE(daemon.output().find(taken), std::string::npos) << daemon.output();
}

// Runs newswatchd as a user who cannot write `state_`: as root (whom permissions do not stop)
// through setpriv as nobody, otherwise with the folder made read-only.
TEST_F(HostileE2eTest, ReadOnlyStateDirectoryStopsTheStartNamingIt) {
  fs::create_directories(state_);
  const fs::path config = WriteConfig(FeedSource("good", "http://127.0.0.1:9/feed.xml"));
  std::vector<std::string> argv;
  if (::geteuid() == 0) {
    if (!fs::exists("/usr/bin/setpriv")) GTEST_SKIP() << "root without setpriv";
    // nobody can read the config (0644) and enter the folders (0755) but write nothing.
    fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
    argv = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
  } else {
    fs::permissions(state_, fs::perms::owner_read | fs::perms::owner_exec);
  }
  argv.insert(argv.end(), {NW_BINARY_DIR "/daemon/app/newswatchd", "--config", config.string(),
                           "--once"});
  ChildProcess daemon(argv);
  const auto code = daemon.WaitForExit(60s);
  ASSERT_TRUE(code.has_value()) << daemon.output();
  EXPECT_EQ(*code, 4) << daemon.output();
  EXPECT_NE(daemon.output().find(state_.string()), std::string::npos) << daemon.output();
}

// A full disk, made real for this process only: RLIMIT_FSIZE 0 (with SIGXFSZ ignored, so
// writes fail with EFBIG as they would with ENOSPC) means no file can receive a byte.
TEST_F(HostileE2eTest, FullDiskAtStartStopsTheStartNamingTheStateFile) {
  const fs::path config = WriteConfig(FeedSource("good", "http://127.0.0.1:9/feed.xml"));
  ChildProcess daemon({"/bin/sh", "-c", "trap '' XFSZ; ulimit -f 0; exec \"$0\" \"$@\"",
                       NW_BINARY_DIR "/daemon/app/newswatchd", "--config", config.string(),
                       "--once"});
  const auto code = daemon.WaitForExit(60s);
  ASSERT_TRUE(code.has_value()) << daemon.output();
  EXPECT_EQ(*code, 4) << daemon.output();
  EXPECT_NE(daemon.output().find(state_.string()), std::string::npos) << daemon.output();
}

}  // namespace
}  // namespace newswatch
