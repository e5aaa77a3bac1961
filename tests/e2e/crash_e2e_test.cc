// Crash safety end to end: the real newswatchd polls a feed that grows while
// it runs, and is killed with SIGKILL at event-driven points (right after
// start-up, right after the Nth feed request, or after the subscriber got k
// more events) and restarted on the same state folder, again and again. A
// newswatch::Subscriber with a persisted cursor, itself restarted now and
// then, collects every event across all runs. At the end every item the feed
// ever offered was delivered, no article id was delivered twice, and no story
// was announced as a first report twice; reposts (the same real text on
// another URL, with a site frame) join their story. A lost item is reported
// with the write the kill hit (see DescribeLoss and README "Delivery guarantees").
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <zmq.hpp>

#include "daemon/core/hash.h"
#include "daemon/store/sqlite_handle.h"
#include "subscriber/subscriber.h"
#include "tests/e2e/child_process.h"
#include "tests/e2e/daemon_once.h"
#include "tests/support/http_server.h"
#include "tests/support/read_file.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::ChildProcess;

using ::newswatch::testing::ReadFile;

struct FeedItem {
  std::string url;
  std::string title;
  std::string text;
  int repost_of = -1;  // index of the item this reposts
  int listed = 0;      // 200 responses that listed it
  size_t last_listed_request = 0;
};

// The feed: real texts from the shared labelled set, one new item per
// request, every third new item a framed repost of an earlier one on another
// URL. Lists the newest kWindow items, honours If-None-Match.
class GrowingFeed {
 public:
  static constexpr size_t kWindow = 25;

  explicit GrowingFeed(TestHttpServer& server) : server_(server) {
    const fs::path items = fs::path(NW_SHARED_DIR) / "corpus/relevance/items";
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(items)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      std::string text = ReadFile(f);
      // Front matter or not, the first non-empty line after it stands for the title.
      if (text.starts_with("---")) {
        const size_t end = text.find("\n---", 3);
        if (end != std::string::npos) text = text.substr(end + 4);
      }
      std::istringstream in(text);
      std::string title, line, body;
      while (std::getline(in, line)) {
        if (title.empty()) {
          if (line.find_first_not_of(" \t\r") != std::string::npos) title = line;
          continue;
        }
        body += line + "\n";
      }
      if (title.empty() || body.size() < 300) continue;
      texts_.push_back({title.substr(0, 200), body});
    }
    server_.server().Get("/feed.xml", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu_);
      if (growing_) Grow();
      ++requests_;
      const std::string etag = "\"v" + std::to_string(items_.size()) + "\"";
      if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
      }
      const size_t first = items_.size() > kWindow ? items_.size() - kWindow : 0;
      for (size_t i = first; i < items_.size(); ++i) {
        ++items_[i].listed;
        items_[i].last_listed_request = requests_;
      }
      res.set_header("ETag", etag);
      res.set_content(Xml(), "application/octet-stream");
    });
  }

  void StopGrowing() {
    std::lock_guard lock(mu_);
    growing_ = false;
  }
  std::vector<FeedItem> items() const {
    std::lock_guard lock(mu_);
    return items_;
  }
  size_t text_count() const { return texts_.size(); }

 private:
  void Grow() {
    const size_t n = items_.size();
    FeedItem item;
    item.url = server_.Url("/a/" + std::to_string(n) + ".html");
    if (n % 3 == 2) {
      item.repost_of = static_cast<int>(n - 1);
      const FeedItem& src = items_[n - 1];
      item.title = src.title + "_转载";
      item.text = "来源:某某新闻网 2024-05-01\n原标题:" + src.title + "\n" + src.text +
                  "\n责任编辑:李四\n分享到:微信 微博\n";
    } else if (next_text_ < texts_.size()) {
      item.title = texts_[next_text_].first;
      item.text = texts_[next_text_].second;
      ++next_text_;
    } else {
      return;  // out of material: the feed stops growing
    }
    items_.push_back(std::move(item));
  }

  std::string Xml() const {
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
        "<title>crash</title><link>http://example.invalid/</link>\n";
    const size_t first = items_.size() > kWindow ? items_.size() - kWindow : 0;
    for (size_t i = first; i < items_.size(); ++i) {
      xml += "<item><title>" + testing::XmlEscape(items_[i].title) + "</title><link>" +
             items_[i].url + "</link><guid>" + items_[i].url + "</guid><description>" +
             testing::XmlEscape(items_[i].text) + "</description></item>\n";
    }
    return xml + "</channel></rss>\n";
  }

  TestHttpServer& server_;
  std::vector<std::pair<std::string, std::string>> texts_;
  mutable std::mutex mu_;
  bool growing_ = true;
  size_t next_text_ = 0;
  size_t requests_ = 0;
  std::vector<FeedItem> items_;
};

class CrashE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("newswatch-crash-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void WriteConfig(const std::string& feed_url, int pub_port, int replay_port) {
    config_ = dir_ / "newswatch.yaml";
    std::ofstream(config_) << "daemon:\n"
                           << "  id: crash\n"
                           << "  state_dir: " << (dir_ / "state").string() << "\n"
                           << "  publish: tcp://127.0.0.1:" << pub_port << "\n"
                           << "  metrics: 127.0.0.1:0\n"
                           << "  replay: tcp://127.0.0.1:" << replay_port << "\n"
                           << "  publish_all: true\n"
                           << "  startup_grace: 1s\n"
                           << "  heartbeat_interval: 1s\n"
                           << "  per_host_gap: 0s\n"
                           << "  workers: 2\n"
                           << "profiles:\n"
                           << "  - " << NW_SOURCE_DIR << "/config/topics/metaverse-policy.yaml\n"
                           << "sources:\n"
                           << "  - id: growing\n"
                           << "    type: feed\n"
                           << "    url: " << feed_url << "\n"
                           << "    full_text: false\n"
                           << "    interval: 1s\n"
                           << "    min_interval: 1s\n";
  }

  std::unique_ptr<ChildProcess> StartDaemon() {
    auto d = std::make_unique<ChildProcess>(std::vector<std::string>{
        NW_BINARY_DIR "/daemon/app/newswatchd", "--config", config_.string()});
    EXPECT_TRUE(d->WaitForLine("publishing on ", 20s).has_value()) << d->output();
    return d;
  }

  fs::path dir_;
  fs::path config_;
};

struct Collected {
  std::map<std::string, int> article_deliveries;   // article id -> times delivered
  std::map<std::string, int> story_first_reports;  // story id -> first reports delivered
  std::map<std::string, std::string> story_of;     // url -> story id
  size_t articles = 0;
};

void Collect(const v1::Event& e, Collected& c) {
  if (!e.has_article()) return;
  ++c.articles;
  const v1::Article& a = e.article();
  ++c.article_deliveries[a.id()];
  c.story_of[a.url()] = a.story().story_id();
  if (!a.story().story_id().empty() && a.story().first_report()) {
    ++c.story_first_reports[a.story().story_id()];
  }
}

// What the state file says about a lost item: which of the durable writes
// happened, so a failure names the window the kill hit.
std::string DescribeLoss(const fs::path& state_db, const FeedItem& item, uint64_t cursor,
                         uint64_t replay_failures, int subscriber_restarts) {
  auto db = SqliteDb::Open(state_db);
  if (!db.ok()) return "cannot open the state file: " + db.status().ToString();
  auto lookup = [&](const char* sql, const std::string& key) -> std::optional<int64_t> {
    auto st = db->Prepare(sql);
    if (!st.ok()) return std::nullopt;
    st->BindText(1, key);
    if (st->Step() != SQLITE_ROW) return std::nullopt;
    return st->ColumnInt64(0);
  };
  const std::string id = ArticleIdForUrl(item.url);
  const auto sequence = lookup("SELECT sequence FROM seen WHERE canonical_url = ?1", item.url);
  const auto indexed = lookup("SELECT created_unix FROM story_doc WHERE article_id = ?1", id);
  std::ostringstream why;
  if (sequence) {
    why << "seen and journaled as sequence " << *sequence
        << ", never delivered: the subscriber's cursor passed it (cursor " << cursor << ", "
        << replay_failures << " failed replays, " << subscriber_restarts << " subscriber restarts)";
  } else if (indexed) {
    why << "story-indexed but never journaled: accepted by the pipeline, lost before the "
           "journal and not fetched again after restart (listed in "
        << item.listed << " feed responses, last at request " << item.last_listed_request << ")";
  } else if (item.listed > 0) {
    why << "listed in " << item.listed << " feed responses (last at request "
        << item.last_listed_request
        << ") but neither indexed nor journaled: fetched, never processed, and not fetched "
           "again after restart";
  } else {
    why << "never listed in a 200 response: a 304 (validators saved ahead of the journal) "
           "hid it";
  }
  return why.str();
}

void RunKillLoop(const fs::path& state_db, TestHttpServer& server, GrowingFeed& feed, int restarts,
                 const fs::path& cursor_file,
                 const std::function<std::unique_ptr<ChildProcess>()>& start,
                 const std::string& pub, const std::string& replay, uint32_t seed) {
  std::mt19937 rng(seed);
  auto make_subscriber = [&](uint64_t from) {
    SubscriberOptions so;
    so.endpoint = pub;
    so.replay_endpoint = replay;
    so.topics = {"article."};
    so.from_sequence = from;
    so.replay_timeout = 1000ms;
    auto s = Subscriber::Create(so);
    EXPECT_TRUE(s.ok());
    return std::move(s).value();
  };
  auto save_cursor = [&](uint64_t c) { std::ofstream(cursor_file) << c; };
  auto load_cursor = [&]() {
    uint64_t c = 0;
    std::ifstream(cursor_file) >> c;
    return c;
  };
  auto subscriber = make_subscriber(0);
  uint64_t replay_failures = 0;  // of the subscribers replaced so far
  int subscriber_restarts = 0;
  Collected collected;
  auto pump = [&](std::chrono::milliseconds wait) {
    if (auto e = subscriber->Next(wait)) {
      Collect(*e, collected);
      save_cursor(subscriber->cursor());
      return true;
    }
    save_cursor(subscriber->cursor());
    return false;
  };

  int kills_at_start = 0, kills_after_fetch = 0, kills_after_events = 0;
  for (int run = 0; run < restarts; ++run) {
    auto daemon = start();
    switch (rng() % 3) {
      case 0:  // Right after start-up: WAL recovery, held events, the first poll under way.
        ++kills_at_start;
        pump(0ms);
        break;
      case 1: {  // Right after a feed response: its items are in the pipeline or the publisher.
        ++kills_after_fetch;
        const size_t target = server.RequestCount("/feed.xml") + 1 + rng() % 2;
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (server.RequestCount("/feed.xml") < target &&
               std::chrono::steady_clock::now() < deadline) {
          pump(50ms);
        }
        ASSERT_TRUE(server.WaitForRequests("/feed.xml", target, 5s));
        break;
      }
      default: {  // After the subscriber got more events: journaled, sent, some in flight.
        ++kills_after_events;
        const size_t target = collected.articles + 1 + rng() % 2;
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (collected.articles < target && std::chrono::steady_clock::now() < deadline) {
          pump(100ms);
        }
      }
    }
    daemon->Signal(SIGKILL);
    ASSERT_TRUE(daemon->WaitForExit(10s).has_value());
    if (rng() % 2 == 0) {  // the client restarts too
      replay_failures += subscriber->counters().replay_failures;
      ++subscriber_restarts;
      subscriber = make_subscriber(load_cursor());
    }
  }

  // Final run: the feed stops growing; everything it offered must arrive.
  feed.StopGrowing();
  auto daemon = start();
  const std::vector<FeedItem> offered = feed.items();
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  auto all_delivered = [&] {
    for (const FeedItem& i : offered) {
      if (!collected.story_of.contains(i.url)) return false;
    }
    return true;
  };
  while (!all_delivered() && std::chrono::steady_clock::now() < deadline) pump(200ms);
  daemon->Signal(SIGTERM);
  EXPECT_TRUE(daemon->WaitForExit(20s).has_value());

  ASSERT_GE(offered.size(), 6u) << "the feed barely grew";
  size_t delivered = 0, reposts_joined = 0, reposts = 0;
  replay_failures += subscriber->counters().replay_failures;
  for (const FeedItem& i : offered) {
    if (!collected.story_of.contains(i.url)) {
      ADD_FAILURE() << "lost: " << i.url << " (" << i.title << "): "
                    << DescribeLoss(state_db, i, subscriber->cursor(), replay_failures,
                                    subscriber_restarts);
      continue;
    }
    ++delivered;
    if (i.repost_of >= 0) {
      ++reposts;
      const std::string& original = offered[static_cast<size_t>(i.repost_of)].url;
      if (collected.story_of.contains(original) &&
          collected.story_of[original] == collected.story_of[i.url]) {
        ++reposts_joined;
      }
    }
  }
  for (const auto& [id, n] : collected.article_deliveries) {
    EXPECT_EQ(n, 1) << "article " << id << " delivered " << n << " times";
  }
  for (const auto& [story, n] : collected.story_first_reports) {
    EXPECT_EQ(n, 1) << "story " << story << " announced as new " << n << " times";
  }
  EXPECT_EQ(reposts_joined, reposts);
  std::printf(
      "crash loop: %d SIGKILLs (%d at start-up, %d after a fetch, %d after events), %d "
      "subscriber restarts, %zu items offered, %zu delivered, %zu/%zu reposts joined their "
      "story, %zu stories\n",
      restarts, kills_at_start, kills_after_fetch, kills_after_events, subscriber_restarts,
      offered.size(), delivered, reposts_joined, reposts, collected.story_first_reports.size());
}

#ifndef NW_CRASH_SOAK
// In the normal suite: 30 kills, a fixed seed.
TEST_F(CrashE2eTest, KillLoopOf30LosesNothing) {
  TestHttpServer server;
  GrowingFeed feed(server);
  ASSERT_GT(feed.text_count(), 20u) << "shared corpus missing under " << NW_SHARED_DIR;
  const int pub = testing::FreeLoopbackPort(), replay = testing::FreeLoopbackPort();
  WriteConfig(server.Url("/feed.xml"), pub, replay);
  RunKillLoop(
      dir_ / "state/newswatch.db", server, feed, 30, dir_ / "cursor",
      [this] { return StartDaemon(); }, "tcp://127.0.0.1:" + std::to_string(pub),
      "tcp://127.0.0.1:" + std::to_string(replay), 20240501);
}

#else  // the soak build (LABELS soak): more kills, a seed that changes per run
TEST_F(CrashE2eTest, SoakKillLoopLosesNothingAndAnnouncesNoStoryTwice) {
  TestHttpServer server;
  GrowingFeed feed(server);
  ASSERT_GT(feed.text_count(), 20u);
  const int pub = testing::FreeLoopbackPort(), replay = testing::FreeLoopbackPort();
  WriteConfig(server.Url("/feed.xml"), pub, replay);
  RunKillLoop(
      dir_ / "state/newswatch.db", server, feed, 30, dir_ / "cursor",
      [this] { return StartDaemon(); }, "tcp://127.0.0.1:" + std::to_string(pub),
      "tcp://127.0.0.1:" + std::to_string(replay), static_cast<uint32_t>(::getpid()));
}
#endif

}  // namespace
}  // namespace newswatch
