// SIGHUP reloads newswatchd's configuration: a source added to the file is
// polled and its article published on the same socket; a broken file is
// rejected with its reason and the daemon keeps running.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <zmq.hpp>

#include "daemon/publish/event_codec.h"
#include "tests/e2e/child_process.h"
#include "tests/support/http_server.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::ChildProcess;

// Written for this test; the stories are invented.
std::string Feed(const std::string& title, const std::string& slug) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>t</title>"
         "<item><title>" + title + "</title><link>http://example.invalid/" + slug +
         "</link><description>" + title +
         "。市经济和信息化局印发元宇宙产业发展行动方案，提出到2026年元宇宙产业规模达到300亿元，"
         "对元宇宙示范项目给予最高200万元补贴。</description></item></channel></rss>";
}

class ReloadE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("newswatch-reload-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    server_.Serve("/a.xml", Feed("无锡市印发元宇宙产业发展行动方案", "a"), "application/octet-stream");
    server_.Serve("/b.xml", Feed("常州市出台元宇宙产业发展行动方案", "b"), "application/octet-stream");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void WriteConfig(const std::vector<std::string>& feeds) {
    std::ofstream out(dir_ / "newswatch.yaml");
    out << "daemon:\n  id: reload\n  state_dir: " << (dir_ / "state").string()
        << "\n  publish: tcp://127.0.0.1:*\n  replay: tcp://127.0.0.1:*\n  startup_grace: 20s\n"
        << "  metrics: 127.0.0.1:0\n"
        << "  per_host_gap: 0s\nprofiles:\n  - " << NW_SOURCE_DIR
        << "/config/topics/metaverse-policy.yaml\nsources:\n";
    for (const std::string& f : feeds) {
      out << "  - id: feed-" << f << "\n    type: feed\n    interval: 1h\n    url: "
          << server_.Url("/" + f + ".xml") << "\n";
    }
  }

  // The next article event's title, or "" on timeout.
  static std::string NextArticleTitle(zmq::socket_t& sub) {
    for (;;) {
      zmq::pollitem_t item{sub.handle(), 0, ZMQ_POLLIN, 0};
      zmq::poll(&item, 1, 30s);
      if (!(item.revents & ZMQ_POLLIN)) return "";
      zmq::message_t topic, payload;
      if (!sub.recv(topic) || !sub.recv(payload)) return "";
      auto event = ParseEvent(payload.to_string_view());
      if (event.ok() && event->has_article()) return event->article().title();
    }
  }

  fs::path dir_;
  TestHttpServer server_;
};

TEST_F(ReloadE2eTest, SighupAddsSourcesAndRejectsABrokenFile) {
  WriteConfig({"a"});
  ChildProcess daemon({NW_BINARY_DIR "/daemon/app/newswatchd", "--config",
                       (dir_ / "newswatch.yaml").string()});
  auto line = daemon.WaitForLine("publishing on ", 30s);
  ASSERT_TRUE(line.has_value()) << daemon.output();
  std::smatch m;
  const std::string text = *line;
  ASSERT_TRUE(std::regex_search(text, m, std::regex("tcp://[0-9.]+:[0-9]+")));
  zmq::context_t ctx;
  zmq::socket_t sub(ctx, zmq::socket_type::sub);
  sub.set(zmq::sockopt::subscribe, "article.");
  sub.connect(m.str());
  EXPECT_EQ(NextArticleTitle(sub), "无锡市印发元宇宙产业发展行动方案") << daemon.output();

  WriteConfig({"a", "b"});
  daemon.Signal(SIGHUP);
  ASSERT_TRUE(daemon.WaitForLine("1 added", 30s).has_value()) << daemon.output();
  EXPECT_EQ(NextArticleTitle(sub), "常州市出台元宇宙产业发展行动方案") << daemon.output();
  EXPECT_EQ(server_.RequestCount("/a.xml"), 1u);  // unchanged source not re-polled

  std::ofstream(dir_ / "newswatch.yaml", std::ios::app) << "  - id: broken\n    type: nosuchtype\n";
  daemon.Signal(SIGHUP);
  auto rejected = daemon.WaitForLine("reload rejected", 30s);
  ASSERT_TRUE(rejected.has_value()) << daemon.output();
  EXPECT_NE(rejected->find("newswatch.yaml:"), std::string::npos) << *rejected;
  EXPECT_NE(rejected->find("nosuchtype"), std::string::npos) << *rejected;

  // Both outcomes are counted for operators.
  // The daemon printed its metrics address before "publishing on".
  std::smatch port;
  const std::string out = daemon.output();
  ASSERT_TRUE(std::regex_search(out, port, std::regex(R"(metrics on http://127\.0\.0\.1:(\d+))")))
      << out;
  httplib::Client client("127.0.0.1", std::stoi(port[1]));
  auto scraped = client.Get("/metrics");
  ASSERT_TRUE(scraped);
  EXPECT_NE(scraped->body.find("newswatch_config_reloads_total{result=\"applied\"} 1"),
            std::string::npos)
      << scraped->body;
  EXPECT_NE(scraped->body.find("newswatch_config_reloads_total{result=\"rejected\"} 1"),
            std::string::npos)
      << scraped->body;

  daemon.Signal(SIGTERM);
  auto code = daemon.WaitForExit(30s);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << daemon.output();
}

}  // namespace
}  // namespace newswatch
