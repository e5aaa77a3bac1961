// The newswatch-alert executable on the gap-free subscriber, against a real
// Publisher (daemon/publish) with a real state DB and replay endpoint, and a
// real webhook server. Shows that the cursor kept in the outbox, held behind
// events still waiting in group_wait, makes a SIGKILL lose nothing and repeat
// nothing, and that a gap in the live stream is filled from the journal.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "alert/outbox.h"
#include "daemon/publish/publisher.h"
#include "tests/alert/loopback.h"

namespace newswatch::alert {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kBound{20000};

struct Story {
  std::string article_id;
  uint64_t sequence = 0;
};

// Every story carried by the requests to `path`, in arrival order. A request
// repeating a delivery id is skipped, as receivers are told to: the message
// in flight when the router is killed is sent again after the restart.
std::vector<Story> StoriesAt(const HttpRecorder& server, const std::string& path) {
  std::vector<Story> out;
  std::set<std::string> deliveries;
  for (const RecordedRequest& r : server.requests()) {
    if (r.path != path || !deliveries.insert(r.headers.at("X-Newswatch-Delivery")).second) continue;
    auto body = nlohmann::json::parse(r.body);
    for (const auto& s : body.at("stories")) {
      out.push_back({s.at("event").at("article").at("id").get<std::string>(),
                     s.at("event").at("sequence").get<uint64_t>()});
    }
  }
  return out;
}

std::map<std::string, int> CountById(const std::vector<Story>& stories) {
  std::map<std::string, int> n;
  for (const Story& s : stories) ++n[s.article_id];
  return n;
}

Article MakeArticle(const std::string& id) {
  Article a;
  a.id = id;
  a.canonical_url = "https://www.example.gov.cn/" + id;
  a.content_hash = "hash-" + id;
  a.title = "关于加快元宇宙产业发展的行动方案 " + id;
  a.relevance.profile = "metaverse-policy";
  a.facts.primary_region = Region{"310110", "杨浦区", RegionLevel::kUnknown, 1};
  a.story.story_id = id;
  return a;
}

class RouterReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("nw-alert-replay-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    Kill();
    publisher_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<Publisher> StartPublisher(const std::string& endpoint, const std::string& replay,
                                            milliseconds grace = milliseconds(2000)) {
    PublisherOptions o;
    o.endpoint = endpoint;
    o.replay_endpoint = replay;
    o.state_db = dir_ / "state.db";
    o.heartbeat_interval = milliseconds(200);  // an idle router notices a gap quickly
    o.startup_grace = grace;
    o.linger = milliseconds(200);
    auto p = Publisher::Start(o, SystemClock::Instance());
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? std::move(p).value() : nullptr;
  }

  void Publish(Publisher& p, const std::vector<std::string>& ids) {
    for (const std::string& id : ids) p.Publish(OutgoingEvent::ForArticle(MakeArticle(id)));
    ASSERT_TRUE(p.Flush(kBound).ok());
  }

  // Two routes: `witness` takes every event at once (group_wait 0s) and
  // `continue`s, so its requests show what the router has taken; `hook`
  // groups everything for `hook_wait`.
  void WriteConfig(const std::string& hook_wait) {
    std::ofstream(dir_ / "alert.yaml")
        << "publishers:\n"
        << "  - {name: main, endpoint: '" << endpoint_ << "', replay: '" << replay_ << "'}\n"
        << "outbox: " << (dir_ / "outbox.db").string() << "\n"
        << "receivers:\n"
        << "  - {name: hook, type: webhook, url: '" << server_.Url("/hook") << "'}\n"
        << "  - {name: witness, type: webhook, url: '" << server_.Url("/witness") << "'}\n"
        << "route:\n"
        << "  receiver: hook\n"
        << "  routes:\n"
        << "    - {receiver: witness, continue: true, group_wait: 0s, group_interval: 1s}\n"
        << "    - {receiver: hook, group_wait: " << hook_wait << ", group_interval: 1s}\n";
  }

  void StartRouter() {
    const std::string exe = std::string(NW_BINARY_DIR) + "/alert/newswatch-alert";
    const std::string config = (dir_ / "alert.yaml").string();
    pid_ = ::fork();
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) {
      ::execl(exe.c_str(), exe.c_str(), "--config", config.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }

  void Kill() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }

  std::optional<uint64_t> StoredCursor() {
    auto o = Outbox::Open((dir_ / "outbox.db").string());
    if (!o.ok()) return std::nullopt;
    auto c = o->Cursor("main");
    return c.ok() ? *c : std::nullopt;
  }

  // Waits (bounded) until `done` holds, looking every 20 ms.
  template <typename Condition>
  bool WaitFor(Condition done) {
    const auto deadline = std::chrono::steady_clock::now() + kBound;
    while (!done()) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      ::poll(nullptr, 0, 20);
    }
    return true;
  }

  bool WaitForStories(const std::string& path, size_t n) {
    return WaitFor([&] { return StoriesAt(server_, path).size() >= n; });
  }

  std::filesystem::path dir_;
  HttpRecorder server_;
  std::unique_ptr<Publisher> publisher_;
  std::string endpoint_;
  std::string replay_;
  pid_t pid_ = -1;
};

TEST_F(RouterReplayTest, KilledWithEventsInGroupWaitRestartDeliversEachEventOnce) {
  publisher_ = StartPublisher("tcp://127.0.0.1:*", "tcp://127.0.0.1:*");
  ASSERT_TRUE(publisher_);
  endpoint_ = publisher_->endpoint();
  replay_ = publisher_->replay_endpoint();
  WriteConfig("1h");
  StartRouter();
  // A fresh router starts after the publisher's newest event and says so in
  // the outbox before it takes anything.
  ASSERT_TRUE(WaitFor([&] { return StoredCursor().has_value(); })) << "router never started";

  Publish(*publisher_, {"a1", "a2"});
  ASSERT_TRUE(WaitForStories("/witness", 2));
  // a1 and a2 were taken (the witness got them) but wait an hour on `hook`:
  // the cursor must stay before them.
  uint64_t first_pending = UINT64_MAX;
  for (const Story& s : StoriesAt(server_, "/witness"))
    first_pending = std::min(first_pending, s.sequence);
  ASSERT_TRUE(StoredCursor().has_value());
  EXPECT_LT(*StoredCursor(), first_pending);
  EXPECT_TRUE(StoriesAt(server_, "/hook").empty());
  Kill();

  // Published while the router is down: only replay can bring these.
  Publish(*publisher_, {"a3", "a4"});
  // The operator shortens group_wait meanwhile, so this test need not wait an hour.
  WriteConfig("0s");
  StartRouter();
  ASSERT_TRUE(WaitForStories("/hook", 4)) << StoriesAt(server_, "/hook").size();
  ASSERT_TRUE(WaitForStories("/witness", 4));
  // A last event after the replayed ones: once it is through, anything
  // handled twice would have been sent before it.
  Publish(*publisher_, {"a5"});
  ASSERT_TRUE(WaitForStories("/hook", 5));
  ASSERT_TRUE(WaitForStories("/witness", 5));
  const std::vector<Story> hook = StoriesAt(server_, "/hook");
  const std::vector<Story> witness = StoriesAt(server_, "/witness");
  Kill();

  const std::map<std::string, int> once = {{"a1", 1}, {"a2", 1}, {"a3", 1}, {"a4", 1}, {"a5", 1}};
  EXPECT_EQ(CountById(hook), once);
  EXPECT_EQ(CountById(witness), once) << "a1 and a2 were replayed but not re-sent to witness";
  uint64_t last = 0;
  for (const Story& s : hook) last = std::max(last, s.sequence);
  ASSERT_TRUE(StoredCursor().has_value());
  EXPECT_GE(*StoredCursor(), last) << "nothing is pending: the cursor is past every event";
}

TEST_F(RouterReplayTest, EventsSentWhileTheSubscriptionWasDownAreFilledFromTheJournal) {
  publisher_ = StartPublisher("tcp://127.0.0.1:*", "tcp://127.0.0.1:*");
  ASSERT_TRUE(publisher_);
  endpoint_ = publisher_->endpoint();
  replay_ = publisher_->replay_endpoint();
  WriteConfig("0s");
  StartRouter();
  ASSERT_TRUE(WaitFor([&] { return StoredCursor().has_value(); })) << "router never started";
  Publish(*publisher_, {"b1"});
  ASSERT_TRUE(WaitForStories("/hook", 1));

  // The publisher goes away; while the router's sockets try to reconnect, a
  // publisher on the same journal but other endpoints sends b2 and b3 to
  // nobody. The router (still running) can only learn of them from the gap.
  publisher_.reset();
  {
    auto elsewhere = StartPublisher("tcp://127.0.0.1:*", "tcp://127.0.0.1:*", milliseconds(0));
    ASSERT_TRUE(elsewhere);
    Publish(*elsewhere, {"b2", "b3"});
  }
  publisher_ = StartPublisher(endpoint_, replay_);
  ASSERT_TRUE(publisher_) << "the original ports were taken meanwhile";
  Publish(*publisher_, {"b4"});
  ASSERT_TRUE(WaitForStories("/hook", 4)) << StoriesAt(server_, "/hook").size();
  const std::vector<Story> hook = StoriesAt(server_, "/hook");
  Kill();

  EXPECT_EQ(CountById(hook),
            (std::map<std::string, int>{{"b1", 1}, {"b2", 1}, {"b3", 1}, {"b4", 1}}));
  // Within the router's output, events keep the publisher's order.
  for (size_t i = 1; i < hook.size(); ++i) EXPECT_LT(hook[i - 1].sequence, hook[i].sequence);
}

}  // namespace
}  // namespace newswatch::alert
