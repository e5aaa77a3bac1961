// End to end for operations: `newswatch status` on a real state database,
// newswatchd's systemd notifications and metrics endpoint, the systemd units
// (systemd-analyze verify), and `cmake --install` into a temporary DESTDIR.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <zmq.hpp>

#include "daemon/core/clock.h"
#include "daemon/publish/event_codec.h"
#include "daemon/store/state_store.h"
#include "tests/e2e/child_process.h"
#include "tests/e2e/daemon_once.h"
#include "tests/service/notify_socket.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::NotifySocket;
using testing::WaitForPublishEndpoint;

constexpr int64_t kNow = 1'760'000'000;

class PinnedClock final : public Clock {
 public:
  TimePoint Now() const override { return TimePoint(std::chrono::seconds(now)); }
  std::chrono::steady_clock::time_point Steady() const override {
    return std::chrono::steady_clock::now();
  }
  int64_t now = kNow;
};

class OpsE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("newswatch-ops-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs a program to completion; returns its exit code and output.
  static std::pair<int, std::string> RunToExit(std::vector<std::string> argv,
                                               std::vector<std::string> env = {},
                                               std::chrono::milliseconds bound = 60s) {
    ChildProcess child(std::move(argv), std::move(env));
    auto code = child.WaitForExit(bound);
    return {code.value_or(-1), child.output()};
  }

  fs::path dir_;
};

// Journals an article from `source` at `when` through the real store.
void JournalArticle(const fs::path& db, const std::string& source, const std::string& url,
                    int64_t when) {
  PinnedClock clock;
  clock.now = when;
  auto store = StateStore::Open(db, clock);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  Article a;
  a.id = url;
  a.source_id = source;
  a.url = url;
  a.title = "元宇宙产业发展行动计划";
  ArticleKey key{a.id, "", source, url, a.title};
  auto entry = (*store)->AppendEvent("article.metaverse-policy.310000", &key, [&](uint64_t seq) {
    v1::Event e;
    e.set_sequence(seq);
    *e.mutable_article() = ToProto(a);
    return e.SerializeAsString();
  });
  ASSERT_TRUE(entry.ok() && entry->has_value());
}

TEST_F(OpsE2eTest, StatusPrintsEverySourceFromARealStateDatabase) {
  const fs::path state = dir_ / "state";
  const fs::path db = state / "newswatch.db";
  {
    auto store = StateStore::Open(db);
    ASSERT_TRUE(store.ok());
    SourceFetchState ok;
    ok.source_id = "gov-sh";
    ok.health = "ok";
    ok.last_success_unix = kNow - 180;
    ok.last_attempt_unix = kNow - 180;
    ok.next_poll_unix = kNow + 420;
    ASSERT_TRUE((*store)->Save(ok).ok());
    SourceFetchState failing;
    failing.source_id = "people-it";
    failing.health = "failing";
    failing.consecutive_failures = 3;
    failing.last_error = "network: Could not connect to server";
    failing.last_success_unix = kNow - 3 * 86400;
    failing.next_poll_unix = kNow - 5;
    ASSERT_TRUE((*store)->Save(failing).ok());
    SourceFetchState removed;
    removed.source_id = "old-source";
    removed.last_success_unix = kNow - 40 * 86400;
    ASSERT_TRUE((*store)->Save(removed).ok());
  }
  // Two articles inside the last day from gov-sh, one older, one from people-it inside.
  JournalArticle(db, "gov-sh", "http://a.example/old", kNow - 2 * 86400);
  JournalArticle(db, "people-it", "http://b.example/1", kNow - 20 * 3600);
  JournalArticle(db, "gov-sh", "http://a.example/1", kNow - 3600);
  JournalArticle(db, "gov-sh", "http://a.example/2", kNow - 60);

  const fs::path config = dir_ / "newswatch.yaml";
  std::ofstream(config) << "daemon:\n  state_dir: state\nprofiles:\n  - " << NW_SOURCE_DIR
                        << "/config/topics/metaverse-policy.yaml\nsources:\n"
                        << "  - {id: gov-sh, type: feed, url: 'http://127.0.0.1:9/a.xml'}\n"
                        << "  - {id: people-it, type: feed, url: 'http://127.0.0.1:9/b.xml'}\n"
                        << "  - {id: brand-new, type: feed, url: 'http://127.0.0.1:9/c.xml'}\n"
                        << "  - {id: paused, type: feed, url: 'http://127.0.0.1:9/d.xml',"
                        << " enabled: false}\n";
  auto [code, out] = RunToExit({NW_BINARY_DIR "/daemon/app/newswatch", "status", "--config",
                                config.string(), "--now", std::to_string(kNow)});
  ASSERT_EQ(code, 0) << out;
  std::vector<std::string> lines;
  std::istringstream in(out);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  ASSERT_EQ(lines.size(), 6u) << out;
  EXPECT_TRUE(std::regex_search(
      lines[0], std::regex("^SOURCE +STATE +LAST SUCCESS +NEXT POLL +24H +LAST ERROR$")))
      << lines[0];
  // Configured sources in configuration order, then state the configuration no longer names.
  EXPECT_TRUE(std::regex_search(
      lines[1], std::regex(R"(^gov-sh +ok +\S+ \S+ \(3m ago\) +\S+ \S+ \(in 7m\) +2$)")))
      << lines[1];
  EXPECT_TRUE(std::regex_search(
      lines[2],
      std::regex(
          R"(^people-it +failing \(3x\) +.*\(3d ago\) +due +1 +network: Could not connect to server$)")))
      << lines[2];
  EXPECT_TRUE(
      std::regex_search(lines[3], std::regex(R"(^brand-new +never polled +never +never +0$)")))
      << lines[3];
  EXPECT_TRUE(std::regex_search(lines[4], std::regex(R"(^paused +disabled +never +never +0$)")))
      << lines[4];
  EXPECT_TRUE(
      std::regex_search(lines[5], std::regex(R"(^old-source +not configured +.*\(40d ago\))")))
      << lines[5];

  // --state alone lists what the database holds.
  auto [code2, out2] = RunToExit({NW_BINARY_DIR "/daemon/app/newswatch", "status", "--state",
                                  state.string(), "--now", std::to_string(kNow)});
  ASSERT_EQ(code2, 0) << out2;
  EXPECT_NE(out2.find("old-source"), std::string::npos);
  EXPECT_EQ(out2.find("brand-new"), std::string::npos);
}

TEST_F(OpsE2eTest, StatusWithoutStateNamesThePathAndCreatesNothing) {
  const fs::path state = dir_ / "nothing-here";
  auto [code, out] =
      RunToExit({NW_BINARY_DIR "/daemon/app/newswatch", "status", "--state", state.string()});
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find((state / "newswatch.db").string()), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(state));
}

TEST_F(OpsE2eTest, StatusAfterARealDaemonRunShowsTheDemoSources) {
  auto [code, out] = RunToExit(
      {NW_BINARY_DIR "/daemon/app/newswatchd", "--config", NW_SOURCE_DIR "/config/demo.yaml",
       "--once", "--state", (dir_ / "s").string(), "--publish", "tcp://127.0.0.1:*", "--replay",
       "tcp://127.0.0.1:*", "--metrics", "127.0.0.1:0"},
      {}, 120s);
  ASSERT_EQ(code, 0) << out;
  auto [scode, status] =
      RunToExit({NW_BINARY_DIR "/daemon/app/newswatch", "status", "--config",
                 NW_SOURCE_DIR "/config/demo.yaml", "--state", (dir_ / "s").string()});
  ASSERT_EQ(scode, 0) << status;
  // Every demo source polled once and succeeded; some policy articles were published today.
  std::istringstream in(status);
  std::string line;
  std::getline(in, line);
  int rows = 0, published = 0;
  for (; std::getline(in, line); ++rows) {
    EXPECT_TRUE(std::regex_search(line, std::regex(R"(^\S+ +ok +)"))) << line;
    std::smatch m;
    if (std::regex_search(line, m, std::regex(R"( (\d+)$)"))) published += std::stoi(m[1]);
  }
  EXPECT_GE(rows, 2) << status;
  EXPECT_GE(published, 1) << status;
}

TEST_F(OpsE2eTest, NewswatchdNotifiesReadyAndWatchdogAndServesMetrics) {
  NotifySocket notify;
  ChildProcess daemon(
      {NW_BINARY_DIR "/daemon/app/newswatchd", "--config", NW_SOURCE_DIR "/config/demo.yaml",
       "--state", (dir_ / "s").string(), "--publish", "tcp://127.0.0.1:*", "--replay",
       "tcp://127.0.0.1:*", "--metrics", "127.0.0.1:0"},
      {"NOTIFY_SOCKET=" + notify.path(), "WATCHDOG_USEC=1000000"});
  // The metrics address is logged before the publish endpoint; subscribe at once, within the
  // demo's startup grace, so the demo's articles reach this subscriber.
  auto line = daemon.WaitForLine("/metrics", 30s);
  ASSERT_TRUE(line) << daemon.output();
  auto endpoint = WaitForPublishEndpoint(daemon, 30s);
  ASSERT_TRUE(endpoint) << daemon.output();
  zmq::context_t ctx;
  zmq::socket_t sub(ctx, zmq::socket_type::sub);
  sub.set(zmq::sockopt::subscribe, "article.");
  sub.connect(*endpoint);

  auto ready = notify.WaitFor("READY=1", 30s);
  ASSERT_TRUE(ready) << "no READY=1; got:\n"
                     << notify.received() << "\noutput:\n"
                     << daemon.output();
  auto watchdog = notify.WaitFor("WATCHDOG=1", 10s);
  ASSERT_TRUE(watchdog) << "no WATCHDOG=1; got:\n" << notify.received();

  std::smatch m;
  ASSERT_TRUE(std::regex_search(*line, m, std::regex(R"(127\.0\.0\.1:(\d+))"))) << *line;
  httplib::Client client("127.0.0.1", std::stoi(m[1]));
  client.set_read_timeout(5);
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("# TYPE newswatch_fetch_requests_total counter"), std::string::npos)
      << metrics->body;
  auto readyz = client.Get("/readyz");
  ASSERT_TRUE(readyz);
  EXPECT_EQ(readyz->status, 200);

  // Once an article has been published, the processing-time histogram has counted it (the
  // runner observes an article before handing it to the publisher).
  zmq::pollitem_t item{sub.handle(), 0, ZMQ_POLLIN, 0};
  zmq::poll(&item, 1, 30s);
  ASSERT_TRUE(item.revents & ZMQ_POLLIN) << "no article event; output:\n" << daemon.output();
  auto after = client.Get("/metrics");
  ASSERT_TRUE(after);
  std::smatch count;
  ASSERT_TRUE(std::regex_search(after->body, count,
                                std::regex(R"(newswatch_pipeline_processing_seconds_count (\d+))")))
      << after->body;
  EXPECT_GE(std::stoi(count[1]), 1);

  daemon.Signal(SIGTERM);
  EXPECT_TRUE(notify.WaitFor("STOPPING=1", 10s)) << notify.received();
  EXPECT_EQ(daemon.WaitForExit(30s), 0) << daemon.output();
}

TEST_F(OpsE2eTest, UnitsPassSystemdAnalyzeVerify) {
  // deploy/install-deps.sh installs the `systemd` package that provides it.
  ASSERT_TRUE(fs::exists("/usr/bin/systemd-analyze"));
  // verify checks that ExecStart programs exist; point them at the built binaries.
  std::vector<std::string> argv = {"/usr/bin/systemd-analyze", "verify", "--man=no"};
  for (const char* unit : {"newswatchd.service", "newswatch-alert.service"}) {
    std::ifstream in(fs::path(NW_SOURCE_DIR) / "deploy" / unit);
    ASSERT_TRUE(in) << unit;
    std::stringstream text;
    text << in.rdbuf();
    std::string s = std::regex_replace(text.str(), std::regex("/usr/bin/newswatchd"),
                                       NW_BINARY_DIR "/daemon/app/newswatchd");
    s = std::regex_replace(s, std::regex("/usr/bin/newswatch-alert"),
                           NW_BINARY_DIR "/alert/newswatch-alert");
    EXPECT_NE(s.find("Type="), std::string::npos);
    std::ofstream(dir_ / unit) << s;
    argv.push_back((dir_ / unit).string());
  }
  auto [code, out] = RunToExit(argv);
  EXPECT_EQ(code, 0) << out;
  EXPECT_EQ(out, "") << "systemd-analyze verify complained";
}

TEST_F(OpsE2eTest, CmakeInstallPutsFilesInTheirFhsPlaces) {
  const fs::path dest = dir_ / "root";
  auto [code, out] =
      RunToExit({NW_CMAKE_COMMAND, "--install", NW_BINARY_DIR}, {"DESTDIR=" + dest.string()}, 120s);
  ASSERT_EQ(code, 0) << out;
  auto in_root = [&](const std::string& absolute) {
    return dest / fs::path(absolute).relative_path();
  };
  const std::string prefix = NW_INSTALL_PREFIX;
  const std::string etc = NW_INSTALL_SYSCONFDIR "/newswatch";
  for (const std::string& f :
       {prefix + "/bin/newswatchd", prefix + "/bin/newswatch", prefix + "/bin/newswatch-alert",
        etc + "/newswatch.yaml", etc + "/alert.yaml", etc + "/topics/metaverse-policy.yaml",
        prefix + "/share/newswatch/scripts/nw_minimal.py",
        prefix + "/share/newswatch/python/newswatch_subscriber.py",
        prefix + "/share/newswatch/python/newswatch/v1/event_pb2.py",
        prefix + "/share/doc/newswatch/README.md"}) {
    EXPECT_TRUE(fs::exists(in_root(f))) << f << " not installed; output:\n" << out;
  }
  // Units: /lib/systemd/system for the /usr prefix (Debian), else under the prefix.
  const std::string units =
      prefix == "/usr" ? std::string("/lib/systemd/system") : prefix + "/lib/systemd/system";
  for (const char* unit : {"/newswatchd.service", "/newswatch-alert.service"}) {
    EXPECT_TRUE(fs::exists(in_root(units + unit))) << units + unit << " not installed:\n" << out;
  }
  const auto perms = fs::status(in_root(prefix + "/bin/newswatchd")).permissions();
  EXPECT_NE(perms & fs::perms::others_exec, fs::perms::none);
  // The installed configuration is valid as shipped.
  auto [ccode, cout] = RunToExit({in_root(prefix + "/bin/newswatchd").string(), "--config",
                                  in_root(etc + "/newswatch.yaml").string(), "--check"});
  EXPECT_EQ(ccode, 0) << cout;
}

}  // namespace
}  // namespace newswatch
