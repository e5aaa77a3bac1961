// Faults beyond SIGKILL against the real newswatchd binary (rows of
// docs/hostile-inputs.md): SIGTERM in the middle of a burst, a damaged state
// file and its recovery command, a second daemon on the same state, a state
// file the daemon cannot write, the disk filling up while it runs and space
// coming back, and subscribers that never read or send garbage to the replay
// endpoint. Waiting is on events (log lines, metrics, the journal), bounded.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <zmq.hpp>

#include "daemon/publish/event_codec.h"
#include "daemon/store/sqlite_handle.h"
#include "daemon/store/state_store.h"
#include "tests/e2e/child_process.h"
#include "tests/e2e/daemon_once.h"
#include "tests/support/http_server.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::ChildProcess;

const std::string kDaemon = NW_BINARY_DIR "/daemon/app/newswatchd";
const std::string kCli = NW_BINARY_DIR "/daemon/app/newswatch";

// `n` feed items with distinct invented texts (ids 0..n-1), starting at `first`.
std::string FeedXml(int first, int n) {
  static const char32_t kChars[] =
      U"元宇宙产业发展行动计划数字经济人工智能虚拟现实政策补贴企业项目"
      U"城市区域科技创新平台建设标准规范试点示范应用场景";
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
      "<title>t</title><link>http://example.invalid/</link>\n";
  for (int i = first; i < first + n; ++i) {
    std::mt19937 rng(static_cast<uint32_t>(i) * 7919u + 1);
    std::u32string text;
    for (int k = 0; k < 400; ++k) text += kChars[rng() % (std::size(kChars) - 1)];
    std::string utf8;
    for (char32_t c : text) {  // every character here is 3 bytes in UTF-8
      utf8 += static_cast<char>(0xE0 | (c >> 12));
      utf8 += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      utf8 += static_cast<char>(0x80 | (c & 0x3F));
    }
    xml += "<item><title>第" + std::to_string(i) + "条 " + utf8.substr(0, 60) +
           "</title><link>http://example.invalid/a/" + std::to_string(i) +
           ".html</link><description>" + utf8 + "</description></item>\n";
  }
  return xml + "</channel></rss>\n";
}

class FaultE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("newswatch-fault-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    state_ = dir_ / "state";
    db_ = state_ / "newswatch.db";
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir_);
  }

  fs::path WriteConfig(const std::string& feed_url, const std::string& extra = "") {
    const fs::path config = dir_ / "newswatch.yaml";
    std::ofstream(config) << "daemon:\n"
                          << "  id: fault\n"
                          << "  state_dir: " << state_.string() << "\n"
                          << "  publish: tcp://127.0.0.1:*\n"
                          << "  replay: tcp://127.0.0.1:*\n"
                          << "  metrics: 127.0.0.1:0\n"
                          << "  startup_grace: 0s\n"
                          << "  heartbeat_interval: 1s\n"
                          << "  per_host_gap: 0s\n"
                          << "  publish_all: true\n"
                          << extra << "profiles:\n"
                          << "  - " << NW_SOURCE_DIR << "/config/topics/metaverse-policy.yaml\n"
                          << "sources:\n"
                          << "  - id: burst\n    type: feed\n    full_text: false\n"
                          << "    interval: 1s\n    min_interval: 1s\n"
                          << "    url: " << feed_url << "\n";
    return config;
  }

  // Article events in the journal (read with the daemon running or not).
  size_t JournaledArticles() {
    if (!fs::exists(db_)) return 0;
    auto store = StateStore::Open(db_);
    if (!store.ok()) return 0;
    auto rows = (*store)->ReadJournal(0, "article.", 100000);
    return rows.ok() ? rows->size() : 0;
  }

  // Waits (bounded) until `n` articles are journaled; reading the daemon's output is the
  // bounded wait between looks at the journal. False if the daemon exits first.
  bool WaitForArticles(size_t n, std::chrono::seconds bound, ChildProcess& daemon) {
    const auto deadline = std::chrono::steady_clock::now() + bound;
    while (JournaledArticles() < n && std::chrono::steady_clock::now() < deadline) {
      if (daemon.WaitForExit(50ms).has_value()) return false;
    }
    return JournaledArticles() >= n;
  }

  static int MetricsPort(ChildProcess& daemon) {
    auto line = daemon.WaitForLine("/metrics", 30s);
    std::smatch m;
    if (!line || !std::regex_search(*line, m, std::regex(R"(127\.0\.0\.1:(\d+))"))) return 0;
    return std::stoi(m[1]);
  }

  fs::path dir_, state_, db_;
};

// SIGTERM while a burst of 300 articles is in the pipeline: the daemon drains
// it, journals every one, saves the validators and exits 0; a restart gets a
// 304 and publishes nothing twice.
TEST_F(FaultE2eTest, SigtermDuringABurstJournalsEverythingAccepted) {
  constexpr int kItems = 300;
  TestHttpServer server;
  const std::string xml = FeedXml(0, kItems);
  server.server().Get("/feed.xml", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("If-None-Match") == "\"burst-1\"") {
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"burst-1\"");
    res.set_content(xml, "application/rss+xml");
  });
  const fs::path config = WriteConfig(server.Url("/feed.xml"));
  ChildProcess daemon({kDaemon, "--config", config.string()});
  const int port = MetricsPort(daemon);
  ASSERT_GT(port, 0) << daemon.output();
  // The fetch is recorded just before its articles are handed to the pipeline, on the same
  // thread that reads the stop request: once it shows, all 300 are accepted.
  httplib::Client client("127.0.0.1", port);
  const std::string fetched = "newswatch_fetch_requests_total{source=\"burst\"} 1";
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  bool seen = false;
  while (!seen && std::chrono::steady_clock::now() < deadline) {
    auto res = client.Get("/metrics");
    seen = res && res->body.find(fetched) != std::string::npos;
  }
  ASSERT_TRUE(seen) << daemon.output();
  const size_t before_stop = JournaledArticles();
  daemon.Signal(SIGTERM);
  const auto code = daemon.WaitForExit(60s);
  ASSERT_TRUE(code.has_value()) << daemon.output();
  EXPECT_EQ(*code, 0) << daemon.output();
  EXPECT_EQ(JournaledArticles(), static_cast<size_t>(kItems)) << daemon.output();
  std::printf("SIGTERM with %zu of %d articles journaled; %zu at exit\n", before_stop, kItems,
              JournaledArticles());
  {
    auto store = StateStore::Open(db_);
    ASSERT_TRUE(store.ok());
    auto saved = (*store)->Load("burst");
    ASSERT_TRUE(saved.ok() && saved->has_value());
    EXPECT_EQ((*saved)->etag, "\"burst-1\"") << "validators not checkpointed at exit";
  }
  auto again = testing::RunDaemonOnce(config, db_);
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_TRUE(again.articles.empty());
  EXPECT_EQ(JournaledArticles(), static_cast<size_t>(kItems));
}

// Fills a state file through a real daemon run, then damages it with `damage`;
// the daemon must refuse to start naming the file and `newswatch recover`, and
// the recovery must keep what it can and let the daemon start again.
void DamagedStateFileCase(FaultE2eTest* t, const fs::path& db, const fs::path& config,
                          const std::function<void()>& damage, bool expect_rows) {
  (void)t;
  damage();
  ChildProcess refused({kDaemon, "--config", config.string(), "--once"});
  const auto code = refused.WaitForExit(60s);
  ASSERT_TRUE(code.has_value()) << refused.output();
  EXPECT_EQ(*code, 4) << refused.output();
  EXPECT_NE(refused.output().find(db.string()), std::string::npos) << refused.output();
  EXPECT_NE(refused.output().find("damaged"), std::string::npos) << refused.output();
  EXPECT_NE(refused.output().find("newswatch recover --state " + db.parent_path().string()),
            std::string::npos)
      << refused.output();

  ChildProcess recover({kCli, "recover", "--state", db.parent_path().string()});
  const auto rc = recover.WaitForExit(60s);
  ASSERT_TRUE(rc.has_value()) << recover.output();
  EXPECT_EQ(*rc, 0) << recover.output();
  EXPECT_NE(recover.output().find("is ready"), std::string::npos) << recover.output();
  std::printf("%s", recover.output().c_str());
  bool kept_damaged = false;
  for (const auto& e : fs::directory_iterator(db.parent_path())) {
    kept_damaged |= e.path().filename().string().starts_with("newswatch.db.damaged-");
  }
  EXPECT_TRUE(kept_damaged) << "the damaged file was not kept";
  if (expect_rows) {
    std::smatch m;
    const std::string out = recover.output();
    ASSERT_TRUE(std::regex_search(out, m, std::regex(R"(journal: (\d+) rows kept)"))) << out;
    EXPECT_GT(std::stoi(m[1]), 0) << out;
  }
  auto store = StateStore::Open(db);
  ASSERT_TRUE(store.ok());
  EXPECT_GE((*store)->LastSequence(), 1u);

  ChildProcess restarted({kDaemon, "--config", config.string(), "--once"});
  const auto again = restarted.WaitForExit(60s);
  ASSERT_TRUE(again.has_value()) << restarted.output();
  EXPECT_EQ(*again, 0) << restarted.output();
}

// A state file with a journal large enough to span many pages.
void FillState(const fs::path& config, const fs::path& db, size_t articles) {
  auto run = testing::RunDaemonOnce(config, db);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  ASSERT_EQ(run.articles.size(), articles);
}

TEST_F(FaultE2eTest, TruncatedStateFileRefusesToStartAndRecoverKeepsTheRest) {
  TestHttpServer server;
  server.Serve("/feed.xml", FeedXml(0, 200), "application/rss+xml");
  const fs::path config = WriteConfig(server.Url("/feed.xml"));
  FillState(config, db_, 200);
  // A copy cut short (a full disk during a backup, a partial restore): the last third is gone.
  DamagedStateFileCase(
      this, db_, config,
      [&] {
        fs::remove(fs::path(db_.string() + "-wal"));
        fs::remove(fs::path(db_.string() + "-shm"));
        fs::resize_file(db_, fs::file_size(db_) * 2 / 3 / 4096 * 4096);
      },
      true);
}

TEST_F(FaultE2eTest, TornPageInTheStateFileRefusesToStartAndRecoverKeepsTheRest) {
  TestHttpServer server;
  server.Serve("/feed.xml", FeedXml(0, 200), "application/rss+xml");
  const fs::path config = WriteConfig(server.Url("/feed.xml"));
  FillState(config, db_, 200);
  // A torn write: the first half of a table's leaf page in the middle of the file (its header
  // and cell pointers) is garbage. (A torn overflow page, inside one event's payload, is not
  // something PRAGMA quick_check can see; see docs/hostile-inputs.md.)
  DamagedStateFileCase(
      this, db_, config,
      [&] {
        const uintmax_t pages = fs::file_size(db_) / 4096;
        ASSERT_GT(pages, 8u);
        std::fstream f(db_, std::ios::in | std::ios::out | std::ios::binary);
        uintmax_t page = pages / 2;
        for (; page < pages; ++page) {  // 0x0d: the flag byte of a table b-tree leaf page
          f.seekg(static_cast<std::streamoff>(page * 4096));
          if (f.get() == 0x0d) break;
        }
        ASSERT_LT(page, pages) << "no table leaf page in the second half";
        f.seekp(static_cast<std::streamoff>(page * 4096));
        std::mt19937 rng(7);
        for (int i = 0; i < 2048; ++i) f.put(static_cast<char>(rng()));
      },
      true);
}

TEST_F(FaultE2eTest, SecondDaemonOnTheSameStateIsRefusedNamingTheFirst) {
  TestHttpServer server;
  server.Serve("/feed.xml", FeedXml(0, 3), "application/rss+xml");
  const fs::path config = WriteConfig(server.Url("/feed.xml"));
  ChildProcess first({kDaemon, "--config", config.string()});
  ASSERT_TRUE(first.WaitForLine("publishing on ", 30s).has_value()) << first.output();
  ChildProcess second({kDaemon, "--config", config.string(), "--once"});
  const auto code = second.WaitForExit(30s);
  ASSERT_TRUE(code.has_value()) << second.output();
  EXPECT_EQ(*code, 4) << second.output();
  EXPECT_NE(second.output().find("in use by another newswatchd (pid " +
                                 std::to_string(first.pid()) + ")"),
            std::string::npos)
      << second.output();
  EXPECT_FALSE(first.WaitForExit(100ms).has_value()) << "the first daemon was disturbed";
  first.Signal(SIGTERM);
  EXPECT_EQ(first.WaitForExit(30s), 0);
}

// The state file belongs to someone else (0644, another owner): the daemon, run as nobody,
// cannot write it and must say so at start instead of failing on the first event.
TEST_F(FaultE2eTest, ReadOnlyStateFileRefusesToStartNamingIt) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to run the daemon as another user";
  TestHttpServer server;
  server.Serve("/feed.xml", FeedXml(0, 3), "application/rss+xml");
  const fs::path config = WriteConfig(server.Url("/feed.xml"));
  FillState(config, db_, 3);
  fs::remove(state_ / "newswatchd.lock");
  // nobody owns the folder (so it could create the -wal and lock files) but not the file.
  ASSERT_EQ(::chown(state_.c_str(), 65534, 65534), 0);
  fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
  ChildProcess daemon({"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                       kDaemon, "--config", config.string(), "--once"});
  const auto code = daemon.WaitForExit(60s);
  ASSERT_TRUE(code.has_value()) << daemon.output();
  EXPECT_EQ(*code, 4) << daemon.output();
  EXPECT_NE(daemon.output().find(db_.string()), std::string::npos) << daemon.output();
  EXPECT_NE(daemon.output().find("read-only"), std::string::npos) << daemon.output();
}

// The disk fills up while the daemon runs (RLIMIT_FSIZE lowered to 0 on the running process:
// every write to a file fails as on a full disk), a new article arrives, the journal write
// fails; then space comes back. The article must be published: its feed's validators were not
// saved, so the next poll is a full fetch rather than a 304 that would hide it for good.
TEST_F(FaultE2eTest, DiskFullWhileRunningLosesNothingOnceSpaceReturns) {
  TestHttpServer server;
  std::mutex mu;
  int version = 1;
  server.server().Get("/feed.xml", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    const std::string etag = "\"v" + std::to_string(version) + "\"";
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return;
    }
    res.set_header("ETag", etag);
    res.set_content(FeedXml(0, version), "application/rss+xml");
  });
  const fs::path config = WriteConfig(server.Url("/feed.xml"));
  ChildProcess daemon(
      {"/bin/sh", "-c", "trap '' XFSZ; exec \"$0\" \"$@\"", kDaemon, "--config", config.string()});
  ASSERT_TRUE(daemon.WaitForLine("publishing on ", 30s).has_value()) << daemon.output();
  ASSERT_TRUE(WaitForArticles(1, 30s, daemon)) << daemon.output();

  auto prlimit = [&](const std::string& fsize) {
    ChildProcess p({"/usr/bin/prlimit", "--pid", std::to_string(daemon.pid()), "--fsize=" + fsize});
    return p.WaitForExit(10s);
  };
  ASSERT_EQ(prlimit("0:unlimited"), 0);
  size_t served_v2_at = 0;
  {
    std::lock_guard lock(mu);
    version = 2;  // a second article appears while the disk is full
    served_v2_at = server.RequestCount("/feed.xml") + 1;
  }
  // The poll that brings it, and one more: by then its journal write failed and the engine
  // decided what to do with the new validators.
  ASSERT_TRUE(server.WaitForRequests("/feed.xml", served_v2_at + 1, 30s)) << daemon.output();
  EXPECT_EQ(JournaledArticles(), 1u);
  ASSERT_EQ(prlimit("unlimited:unlimited"), 0);  // space comes back
  EXPECT_TRUE(WaitForArticles(2, 30s, daemon)) << daemon.output();
  EXPECT_FALSE(daemon.WaitForExit(10ms).has_value()) << "the daemon stopped: " << daemon.output();
  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.WaitForExit(30s), 0) << daemon.output();
  EXPECT_EQ(JournaledArticles(), 2u);
  // Read once the daemon exited: output is collected as it is waited on.
  EXPECT_NE(daemon.output().find("could not be journaled"), std::string::npos) << daemon.output();
}

// A subscriber that connects and never reads, and a client that sends garbage to the replay
// endpoint: the daemon answers the garbage with ERROR, keeps publishing, and a good
// subscriber still gets every event.
TEST_F(FaultE2eTest, StuckSubscriberAndReplayGarbageDoNotStopPublishing) {
  TestHttpServer server;
  std::mutex mu;
  int version = 1;
  server.server().Get("/feed.xml", [&](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(mu);
    res.set_content(FeedXml(0, version), "application/rss+xml");
  });
  const fs::path config = WriteConfig(server.Url("/feed.xml"));
  ChildProcess daemon({kDaemon, "--config", config.string()});
  auto line = daemon.WaitForLine("publishing on ", 30s);
  ASSERT_TRUE(line.has_value()) << daemon.output();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      *line, m, std::regex(R"(publishing on (tcp://[0-9.:]+), replay on (tcp://[0-9.:]+))")));
  const std::string pub = m[1], replay = m[2];

  zmq::context_t ctx;
  zmq::socket_t stuck(ctx, zmq::socket_type::sub);  // subscribes, never reads
  stuck.set(zmq::sockopt::rcvhwm, 1);
  stuck.set(zmq::sockopt::linger, 0);
  stuck.set(zmq::sockopt::subscribe, "");
  stuck.connect(pub);

  zmq::socket_t garbage(ctx, zmq::socket_type::dealer);
  garbage.set(zmq::sockopt::linger, 0);
  garbage.connect(replay);
  std::mt19937 rng(11);
  const std::vector<std::vector<std::string>> requests = {
      {"REPLAY"},
      {"REPLAY", "-1", ""},
      {"REPLAY", "99999999999999999999999", ""},
      {"REPLAY", "99999999999999999999", ""},  // 20 digits, past uint64
      {"REPLAY", "1x", ""},
      {"replay", "0", ""},
      {"REPLAY", "0", "", "extra"},
      {std::string(1 << 20, 'R'), "0", ""},
      {std::string("\0\xff\xfe", 3), std::string("\x80", 1)},
  };
  for (const auto& frames : requests) {
    for (size_t i = 0; i < frames.size(); ++i) {
      garbage.send(zmq::buffer(frames[i]),
                   i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
    }
  }
  size_t errors = 0;
  zmq::pollitem_t item{garbage.handle(), 0, ZMQ_POLLIN, 0};
  while (errors < requests.size() && zmq::poll(&item, 1, 10s) == 1) {
    std::vector<zmq::message_t> reply;
    zmq::message_t part;
    do {
      ASSERT_TRUE(garbage.recv(part));
      reply.push_back(std::move(part));
    } while (reply.back().more());
    if (!reply.empty() && reply[0].to_string() == "ERROR") ++errors;
  }
  EXPECT_EQ(errors, requests.size()) << "every malformed request gets an ERROR answer";

  // Publishing goes on: more articles, and a well-behaved client gets them all by replay.
  {
    std::lock_guard lock(mu);
    version = 40;
  }
  ASSERT_TRUE(WaitForArticles(40, 60s, daemon)) << daemon.output();
  zmq::socket_t good(ctx, zmq::socket_type::dealer);
  good.set(zmq::sockopt::linger, 0);
  good.connect(replay);
  good.send(zmq::str_buffer("REPLAY"), zmq::send_flags::sndmore);
  good.send(zmq::str_buffer("0"), zmq::send_flags::sndmore);
  good.send(zmq::str_buffer("article."));
  size_t articles = 0;
  zmq::pollitem_t good_item{good.handle(), 0, ZMQ_POLLIN, 0};
  for (bool end = false; !end && zmq::poll(&good_item, 1, 10s) == 1;) {
    std::vector<zmq::message_t> reply;
    zmq::message_t part;
    do {
      ASSERT_TRUE(good.recv(part));
      reply.push_back(std::move(part));
    } while (reply.back().more());
    end = reply[0].to_string() == "END";
    articles += reply[0].to_string().starts_with("article.") ? 1 : 0;
  }
  EXPECT_EQ(articles, 40u);
  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.WaitForExit(30s), 0) << daemon.output();
}

// The wall clock stepped back by an hour (NTP) between two runs: the saved fetch state then
// says the last poll happened an hour in the future and the next one is due an hour from now.
// The daemon must poll within the delay chosen at that last poll, not wait out the step; and
// the clock stepping forward by a day makes the poll due at once.
TEST_F(FaultE2eTest, WallClockSteppedBackOrForwardDoesNotHoldPollsBack) {
  TestHttpServer server;
  server.Serve("/feed.xml", FeedXml(0, 2), "application/rss+xml");
  const fs::path config = WriteConfig(server.Url("/feed.xml"));
  const int64_t now = ToUnixSeconds(SystemClock::Instance().Now());
  for (const int64_t step : {int64_t{-3600}, int64_t{86400}}) {
    {
      auto store = StateStore::Open(db_);
      ASSERT_TRUE(store.ok());
      SourceFetchState state;
      state.source_id = "burst";
      state.last_attempt_unix = now - step;  // as the clock read before it stepped by `step`
      state.last_success_unix = now - step;
      state.next_poll_unix = now - step + 2;  // the last poll chose a 2 s delay
      ASSERT_TRUE((*store)->Save(state).ok());
    }
    const size_t before = server.RequestCount("/feed.xml");
    ChildProcess daemon({kDaemon, "--config", config.string()});
    ASSERT_TRUE(daemon.WaitForLine("publishing on ", 30s).has_value()) << daemon.output();
    EXPECT_TRUE(server.WaitForRequests("/feed.xml", before + 1, 15s))
        << "no poll after a clock step of " << step << " s";
    daemon.Signal(SIGTERM);
    EXPECT_EQ(daemon.WaitForExit(30s), 0) << daemon.output();
  }
  EXPECT_EQ(JournaledArticles(), 2u);
}

}  // namespace
}  // namespace newswatch
