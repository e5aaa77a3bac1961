// newswatch tail with --from / --replay / --first-reports-only against a real
// newswatchd: events published before tail started come from the journal,
// --from skips what the cursor covers, and --first-reports-only drops the
// repost of a story. Uses real texts from the shared labelled set.
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <zmq.hpp>

#include "tests/e2e/child_process.h"
#include "tests/e2e/daemon_once.h"
#include "tests/support/http_server.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::ChildProcess;

const std::string kCli = NW_BINARY_DIR "/daemon/app/newswatch";

std::string Body(const std::string& id) {
  std::ifstream in(fs::path(NW_SHARED_DIR) / "corpus/relevance/items" / (id + ".txt"));
  std::stringstream ss;
  ss << in.rdbuf();
  return testing::XmlEscape(ss.str());
}

std::vector<std::string> Lines(const std::string& out) {
  std::vector<std::string> lines;
  std::istringstream in(out);
  std::string l;
  while (std::getline(in, l)) {
    if (l.starts_with("{")) lines.push_back(l);
  }
  return lines;
}

TEST(TailE2eTest, FromReplayAndFirstReportsOnly) {
  const fs::path dir = fs::temp_directory_path() / ("newswatch-tail-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  TestHttpServer server;
  const std::string a = Body("012"), b = Body("015");
  ASSERT_GT(a.size(), 300u) << "shared corpus missing";
  const std::string feed =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>t</title>"
      "<link>http://example.invalid/</link>"
      "<item><title>A</title><link>" + server.Url("/a") + "</link><description>" + a +
      "</description></item>"
      "<item><title>B</title><link>" + server.Url("/b") + "</link><description>" + b +
      "</description></item>"
      "<item><title>A2</title><link>" + server.Url("/a-repost") + "</link><description>来源:某站\n" +
      a + "\n责任编辑:某人</description></item></channel></rss>";
  server.Serve("/feed.xml", feed, "application/octet-stream");
  const int pub = testing::FreeLoopbackPort(), replay = testing::FreeLoopbackPort();
  const fs::path config = dir / "n.yaml";
  std::ofstream(config) << "daemon:\n  state_dir: " << (dir / "state").string()
                        << "\n  publish: tcp://127.0.0.1:" << pub
                        << "\n  replay: tcp://127.0.0.1:" << replay
                        // One worker: the original (first in the feed) is then indexed before
                        // its repost. With several workers either may become the first report.
                        << "\n  publish_all: true\n  startup_grace: 0s\n  per_host_gap: 0s\n"
                        << "  workers: 1\n  metrics: 127.0.0.1:0\n"
                        << "profiles:\n  - " << NW_SOURCE_DIR
                        << "/config/topics/metaverse-policy.yaml\nsources:\n  - id: f\n    type: feed\n"
                        << "    full_text: false\n    url: " << server.Url("/feed.xml") << "\n";
  ChildProcess daemon({NW_BINARY_DIR "/daemon/app/newswatchd", "--config", config.string()});
  ASSERT_TRUE(daemon.WaitForLine("publishing on ", 20s)) << daemon.output();
  const std::string ep = "tcp://127.0.0.1:" + std::to_string(pub);
  const std::string rep = "tcp://127.0.0.1:" + std::to_string(replay);

  // Everything from the start: the three articles, in sequence order, from the journal or live.
  ChildProcess all({kCli, "tail", ep, "--replay", rep, "--from", "0", "--topic", "article.",
                    "--count", "3", "--timeout", "20"});
  ASSERT_EQ(all.WaitForExit(30s), 0) << all.output();
  const auto lines = Lines(all.output());
  ASSERT_EQ(lines.size(), 3u) << all.output();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(lines[0], m, std::regex("\"sequence\":\"([0-9]+)\"")));
  const std::string first_seq = m[1];

  // Started later, with the daemon's events long sent: the journal supplies them.
  ChildProcess firsts({kCli, "tail", ep, "--replay", rep, "--from", "0", "--topic", "article.",
                       "--first-reports-only", "--count", "3", "--timeout", "3"});
  EXPECT_EQ(firsts.WaitForExit(30s), 1);  // only two first reports exist: times out after 2
  const auto first_lines = Lines(firsts.output());
  EXPECT_EQ(first_lines.size(), 2u) << firsts.output();
  for (const std::string& l : first_lines) EXPECT_EQ(l.find("a-repost"), std::string::npos) << l;

  // --from the first article's sequence: the first is skipped.
  ChildProcess after({kCli, "tail", ep, "--replay", rep, "--from", first_seq, "--topic", "article.",
                      "--count", "2", "--timeout", "20"});
  ASSERT_EQ(after.WaitForExit(30s), 0) << after.output();
  const auto after_lines = Lines(after.output());
  ASSERT_EQ(after_lines.size(), 2u);
  EXPECT_EQ(after_lines[0], lines[1]);
  EXPECT_EQ(after_lines[1], lines[2]);
  daemon.Signal(SIGTERM);
  EXPECT_TRUE(daemon.WaitForExit(20s).has_value());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace newswatch
