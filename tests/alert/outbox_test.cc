#include "alert/outbox.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "alert/delivery.h"
#include "alert/receivers/registry.h"
#include "alert/route_config.h"
#include "tests/alert/fake_clock.h"
#include "tests/alert/loopback.h"

namespace newswatch::alert {
namespace {

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("nw-alert-outbox-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "outbox.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Outbox Open() {
    auto o = Outbox::Open(path_);
    EXPECT_TRUE(o.ok()) << o.status().ToString();
    return std::move(*o);
  }

  static std::unique_ptr<Receiver> Build(const std::string& receiver_yaml) {
    std::string yaml = "publishers: [tcp://127.0.0.1:1]\nallow_inline_secrets: true\nreceivers:\n" +
                       receiver_yaml + "route: {receiver: r}\n";
    auto c = ParseAlertConfig(yaml, "test.yaml");
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    auto r = MakeReceiver(c->receivers[0]);
    return std::move(r).value();
  }

  static OutboxEntry Entry(const std::string& key, const std::string& receiver = "r") {
    return {receiver, "route", key, "{\"k\":\"" + key + "\"}", {"story-" + key}};
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(OutboxTest, CursorsAreStoredWithTheirMessagesOrNotAtAll) {
  {
    Outbox o = Open();
    EXPECT_EQ(*o.Cursor("main"), std::nullopt);
    EXPECT_EQ(*o.Enqueue({Entry("a")}, 100, {{"main", 7}, {"bj", 3}}), 1);
    EXPECT_EQ(*o.Enqueue({}, 101, {{"main", 9}}), 0) << "a cursor alone: nothing to send";
  }
  Outbox o = Open();
  EXPECT_EQ(*o.Cursor("main"), 9u);
  EXPECT_EQ(*o.Cursor("bj"), 3u);
  // Make the cursor write fail inside the transaction: the message enqueued
  // with it must not survive either, nor must the other cursor move.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  SqliteDb db(raw);
  ASSERT_EQ(sqlite3_exec(db.get(),
                         "CREATE TRIGGER refuse BEFORE INSERT ON cursors WHEN NEW.publisher = "
                         "'refused' BEGIN SELECT RAISE(ABORT, 'refused'); END",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  auto r = o.Enqueue({Entry("b")}, 102, {{"main", 12}, {"refused", 1}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(o.Counts()->pending, 1) << "b rolled back with the cursor";
  EXPECT_EQ(*o.Cursor("main"), 9u);
  EXPECT_EQ(o.LastNotified("route", "r", "story-b"), std::nullopt);
  EXPECT_EQ(*o.Enqueue({Entry("b")}, 103, {{"main", 12}}), 1) << "and the next try works";
  EXPECT_EQ(*o.Cursor("main"), 12u);
}

TEST_F(OutboxTest, EnqueueIsIdempotentAcrossReopen) {
  {
    Outbox o = Open();
    EXPECT_EQ(*o.Enqueue({Entry("a"), Entry("b")}, 100), 2);
    EXPECT_EQ(*o.Enqueue({Entry("a")}, 101), 0);
  }
  Outbox o = Open();
  EXPECT_EQ(*o.Enqueue({Entry("a"), Entry("c")}, 102), 1);
  EXPECT_EQ(o.Counts()->pending, 3);
  EXPECT_EQ(o.LastNotified("route", "r", "story-a"), 100) << "a duplicate does not move it";
  EXPECT_FALSE(o.LastNotified("route", "other", "story-a"));
}

TEST_F(OutboxTest, ReceiverReturning500Then200GetsTheMessageOnce) {
  HttpRecorder server;
  server.QueueReply(500, "oops");
  FakeClock clock(1000);
  {
    Outbox o = Open();
    ASSERT_EQ(*o.Enqueue({Entry("m1")}, clock.unix()), 1);
  }
  DeliveryWorker w("r", Build("  - {name: r, type: webhook, url: '" + server.Url("/h") + "'}\n"),
                   Open(), DeliveryPolicy{}, clock);
  auto first = w.RunOnce();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->retried, 1);
  EXPECT_EQ(w.RunOnce()->delivered, 0) << "backoff: not due yet";
  clock.Advance(w.BackoffSeconds(1));
  EXPECT_EQ(w.RunOnce()->delivered, 1);
  clock.Advance(3600);
  EXPECT_EQ(w.RunOnce()->delivered, 0) << "a delivered message is never sent again";
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].headers.at("X-Newswatch-Delivery"), "m1");
  EXPECT_EQ(reqs[1].headers.at("X-Newswatch-Delivery"), "m1");
  EXPECT_EQ(Open().Counts()->sent, 1);
}

TEST_F(OutboxTest, BackoffDoublesUpToTheCapAndGivesUpAfterMaxAttempts) {
  HttpRecorder server(std::pair<int, std::string>{503, "down"});
  FakeClock clock(1000);
  Open().Enqueue({Entry("m")}, clock.unix()).ok();
  DeliveryPolicy policy;
  policy.max_attempts = 4;
  DeliveryWorker w("r", Build("  - {name: r, type: webhook, url: '" + server.Url("/h") + "'}\n"),
                   Open(), policy, clock);
  EXPECT_EQ(w.BackoffSeconds(1), 5);
  EXPECT_EQ(w.BackoffSeconds(2), 10);
  EXPECT_EQ(w.BackoffSeconds(3), 20);
  EXPECT_EQ(w.BackoffSeconds(30), 1800);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(w.RunOnce()->retried, 1);
    clock.Advance(w.BackoffSeconds(i + 1));
  }
  EXPECT_EQ(w.RunOnce()->failed, 1);
  EXPECT_EQ(Open().Counts()->failed, 1);
  EXPECT_EQ(server.requests().size(), 4u);
}

TEST_F(OutboxTest, PermanentErrorIsNotRetried) {
  HttpRecorder server(std::pair<int, std::string>{404, "no such hook"});
  FakeClock clock(1000);
  Open().Enqueue({Entry("m")}, clock.unix()).ok();
  DeliveryWorker w("r", Build("  - {name: r, type: webhook, url: '" + server.Url("/h") + "'}\n"),
                   Open(), DeliveryPolicy{}, clock);
  EXPECT_EQ(w.RunOnce()->failed, 1);
  clock.Advance(86400);
  w.RunOnce().ok();
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(OutboxTest, WeComRateLimitOfTwentyPerMinuteIsRespected) {
  HttpRecorder server;
  FakeClock clock(1000);
  std::vector<OutboxEntry> entries;
  for (int i = 0; i < 25; ++i) entries.push_back(Entry("m" + std::to_string(i)));
  Open().Enqueue(entries, clock.unix()).ok();
  DeliveryPolicy policy;
  policy.max_per_minute = 20;
  DeliveryWorker w("r", Build("  - {name: r, type: wecom, url: '" + server.Url("/w") + "'}\n"),
                   Open(), policy, clock);
  auto first = w.RunOnce();
  EXPECT_EQ(first->delivered, 20);
  EXPECT_TRUE(first->rate_limited);
  clock.Advance(30);
  auto second = w.RunOnce();
  EXPECT_EQ(second->delivered, 0);
  EXPECT_TRUE(second->rate_limited);
  clock.Advance(30);
  EXPECT_EQ(w.RunOnce()->delivered, 5);
  EXPECT_EQ(server.requests().size(), 25u);
}

TEST_F(OutboxTest, FailingReceiverDoesNotBlockTheOthers) {
  HttpRecorder good;
  HttpRecorder bad(std::pair<int, std::string>{500, "down"});
  FakeClock clock(1000);
  Open().Enqueue({Entry("g1", "good"), Entry("b1", "bad"), Entry("g2", "good")}, clock.unix()).ok();
  DeliveryWorker gw("good", Build("  - {name: r, type: webhook, url: '" + good.Url("/h") + "'}\n"),
                    Open(), DeliveryPolicy{}, clock);
  DeliveryWorker bw("bad", Build("  - {name: r, type: webhook, url: '" + bad.Url("/h") + "'}\n"),
                    Open(), DeliveryPolicy{}, clock);
  // Real threads, as in the daemon: the good worker finishes while the bad one retries.
  bw.Start(std::chrono::milliseconds(50));
  gw.Start(std::chrono::milliseconds(50));
  ASSERT_TRUE(good.WaitForRequests(2));
  ASSERT_TRUE(bad.WaitForRequests(1));
  gw.Stop();
  bw.Stop();
  EXPECT_EQ(good.requests().size(), 2u);
  auto counts = Open().Counts();
  EXPECT_EQ(counts->sent, 2);
  EXPECT_EQ(counts->pending, 1);
}

}  // namespace
}  // namespace newswatch::alert
