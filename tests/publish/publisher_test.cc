#include "daemon/publish/publisher.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <zmq.hpp>

namespace newswatch {
namespace {

using std::chrono::milliseconds;

// Every receive is bounded; a missing event fails the test instead of hanging it.
constexpr milliseconds kReceiveBound{5000};

struct Received {
  std::string topic;
  v1::Event event;
};

class PublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("nw_publisher_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  PublisherOptions Options() const {
    PublisherOptions o;
    o.endpoint = "tcp://127.0.0.1:*";
    o.replay_endpoint = "tcp://127.0.0.1:*";
    o.publisher_id = "test-pub";
    o.state_db = dir_ / "state.db";
    o.heartbeat_interval = milliseconds(60000);
    o.startup_grace = milliseconds(5000);
    o.linger = milliseconds(1000);
    return o;
  }

  std::unique_ptr<Publisher> StartOrDie(const PublisherOptions& o) {
    auto p = Publisher::Start(o, SystemClock::Instance());
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    return p.ok() ? std::move(p).value() : nullptr;
  }

  zmq::socket_t Subscribe(const std::string& endpoint,
                          std::initializer_list<const char*> prefixes) {
    zmq::socket_t sub(context_, zmq::socket_type::sub);
    sub.set(zmq::sockopt::rcvtimeo, static_cast<int>(kReceiveBound.count()));
    sub.set(zmq::sockopt::linger, 0);
    for (const char* p : prefixes) sub.set(zmq::sockopt::subscribe, p);
    sub.connect(endpoint);
    return sub;
  }

  static std::optional<Received> Receive(zmq::socket_t& sub) {
    zmq::message_t topic, body;
    if (!sub.recv(topic)) return std::nullopt;
    EXPECT_TRUE(topic.more()) << "events are two frames";
    if (!sub.recv(body)) return std::nullopt;
    EXPECT_FALSE(body.more());
    auto event = ParseEvent(body.to_string_view());
    EXPECT_TRUE(event.ok());
    if (!event.ok()) return std::nullopt;
    return Received{topic.to_string(), std::move(event).value()};
  }

  static Article MakeArticle(const std::string& id, const std::string& region,
                             const std::string& hash = "") {
    Article a;
    a.id = id;
    a.source_id = "src";
    a.canonical_url = "https://example.cn/" + id;
    a.url = a.canonical_url;
    a.title = "标题 " + id;
    a.content_hash = hash.empty() ? "hash-" + id : hash;
    a.relevance.profile = "metaverse";
    a.facts.primary_region = Region{region, "", RegionLevel::kUnknown, 1};
    return a;
  }

  std::filesystem::path dir_;
  zmq::context_t context_{1};
};

TEST_F(PublisherTest, DeliversArticleAsTopicAndEventFrames) {
  auto pub = StartOrDie(Options());
  ASSERT_NE(pub, nullptr);
  EXPECT_NE(pub->endpoint().find("tcp://127.0.0.1:"), std::string::npos);
  EXPECT_EQ(pub->endpoint().find('*'), std::string::npos);
  auto sub = Subscribe(pub->endpoint(), {"article."});
  // Published at once: the slow-joiner hold keeps it until the subscription lands.
  pub->Publish(OutgoingEvent::ForArticle(MakeArticle("a1", "310110")));
  auto got = Receive(sub);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->topic, "article.metaverse.310110");
  EXPECT_EQ(got->event.topic(), got->topic);
  EXPECT_EQ(got->event.sequence(), 1u);
  EXPECT_EQ(got->event.publisher_id(), "test-pub");
  EXPECT_GT(got->event.emitted_at().unix_seconds(), 1600000000);
  ASSERT_TRUE(got->event.has_article());
  EXPECT_EQ(got->event.article().title(), "标题 a1");
  ASSERT_TRUE(pub->Flush(kReceiveBound).ok());
  const PublisherCounters c = pub->counters();
  EXPECT_EQ(c.published, 1u);
  EXPECT_EQ(c.last_sequence, 1u);
}

TEST_F(PublisherTest, TopicPrefixFilteringDeliversOnlyMatchingEvents) {
  auto pub = StartOrDie(Options());
  auto sub = Subscribe(pub->endpoint(), {"article.metaverse.31"});
  pub->Publish(OutgoingEvent::ForArticle(MakeArticle("sh", "310000")));
  pub->Publish(OutgoingEvent::ForArticle(MakeArticle("bj", "110000")));
  pub->Publish(OutgoingEvent::ForSourceStatus(
      SourceHealthChange{"src", SourceHealth::kFailing, SourceHealth::kOk, "timeout", 1, {}}));
  pub->Publish(OutgoingEvent::ForArticle(MakeArticle("yp", "310110")));
  auto first = Receive(sub);
  auto second = Receive(sub);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->event.article().id(), "sh");
  EXPECT_EQ(first->event.sequence(), 1u);
  EXPECT_EQ(second->event.article().id(), "yp");
  EXPECT_EQ(second->event.sequence(), 4u) << "skipped sequences belong to other topics";
}

TEST_F(PublisherTest, SourceStatusIsPublishedOnItsTopic) {
  auto pub = StartOrDie(Options());
  auto sub = Subscribe(pub->endpoint(), {"status."});
  pub->Publish(OutgoingEvent::ForSourceStatus(
      SourceHealthChange{"gov-bj", SourceHealth::kBroken, SourceHealth::kOk, "no items", 0, {}}));
  auto got = Receive(sub);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->topic, "status.gov-bj");
  ASSERT_TRUE(got->event.has_source_status());
  EXPECT_EQ(got->event.source_status().state(), v1::HEALTH_BROKEN);
}

TEST_F(PublisherTest, SequenceContinuesAcrossRestartOnTheSameStateFile) {
  {
    auto pub = StartOrDie(Options());
    auto sub = Subscribe(pub->endpoint(), {""});
    pub->Publish(OutgoingEvent::ForArticle(MakeArticle("a", "310000")));
    pub->Publish(OutgoingEvent::ForArticle(MakeArticle("b", "310000")));
    auto a = Receive(sub);
    auto b = Receive(sub);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(b->event.sequence(), 2u);
  }
  auto pub = StartOrDie(Options());
  EXPECT_EQ(pub->counters().last_sequence, 2u);
  auto sub = Subscribe(pub->endpoint(), {""});
  pub->Publish(OutgoingEvent::ForArticle(MakeArticle("c", "310000")));
  auto c = Receive(sub);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->event.sequence(), 3u);
  EXPECT_EQ(c->event.article().id(), "c");
}

TEST_F(PublisherTest, DuplicateArticleIsPublishedOnce) {
  auto pub = StartOrDie(Options());
  auto sub = Subscribe(pub->endpoint(), {"article."});
  pub->Publish(OutgoingEvent::ForArticle(MakeArticle("a", "310000")));
  pub->Publish(OutgoingEvent::ForArticle(MakeArticle("a", "310000")));                 // same id
  pub->Publish(OutgoingEvent::ForArticle(MakeArticle("repost", "110000", "hash-a")));  // same text
  pub->Publish(OutgoingEvent::ForArticle(MakeArticle("b", "310000")));
  auto first = Receive(sub);
  auto second = Receive(sub);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->event.article().id(), "a");
  EXPECT_EQ(second->event.article().id(), "b");
  EXPECT_EQ(second->event.sequence(), 2u) << "duplicates consume no sequence";
  ASSERT_TRUE(pub->Flush(kReceiveBound).ok());
  const PublisherCounters c = pub->counters();
  EXPECT_EQ(c.published, 2u);
  EXPECT_EQ(c.duplicates, 2u);
  EXPECT_EQ(c.enqueued, 4u);
}

TEST_F(PublisherTest, SubscriberConnectedBeforeBindGetsTheFirstEvent) {
  PublisherOptions o = Options();
  o.endpoint = "ipc://" + (dir_ / "pub.sock").string();
  auto sub = Subscribe(o.endpoint, {""});  // connects to nothing yet; ZeroMQ retries
  auto pub = StartOrDie(o);
  ASSERT_NE(pub, nullptr);
  pub->Publish(OutgoingEvent::ForArticle(MakeArticle("first", "310000")));
  auto got = Receive(sub);
  ASSERT_TRUE(got.has_value()) << "the first event was lost to the slow joiner";
  EXPECT_EQ(got->event.article().id(), "first");
  EXPECT_EQ(got->event.sequence(), 1u);
}

TEST_F(PublisherTest, HeartbeatArrivesWithTheLastSequence) {
  PublisherOptions o = Options();
  o.heartbeat_interval = milliseconds(100);
  auto pub = StartOrDie(o);
  auto sub = Subscribe(pub->endpoint(), {"heartbeat", "article."});
  pub->Publish(OutgoingEvent::ForArticle(MakeArticle("a", "310000")));
  std::optional<Received> hb;
  uint64_t article_seq = 0;
  for (int i = 0; i < 10 && !hb; ++i) {
    auto got = Receive(sub);
    ASSERT_TRUE(got.has_value());
    if (got->event.has_article()) article_seq = got->event.sequence();
    if (got->event.has_heartbeat() && article_seq != 0) hb = std::move(got);
  }
  ASSERT_TRUE(hb.has_value());
  EXPECT_EQ(hb->topic, "heartbeat");
  EXPECT_EQ(hb->event.heartbeat().last_sequence(), hb->event.sequence() - 1)
      << "heartbeats consume a sequence number, so gaps stay detectable";
  EXPECT_GT(hb->event.sequence(), article_seq);
  EXPECT_EQ(hb->event.heartbeat().interval_seconds(), 1u);
  EXPECT_GT(hb->event.heartbeat().started_at().unix_seconds(), 0);
  EXPECT_GE(pub->counters().heartbeats, 1u);
}

TEST_F(PublisherTest, EndpointInUseIsUnavailableNamingIt) {
  PublisherOptions o = Options();
  o.startup_grace = milliseconds(0);  // nobody subscribes; don't hold on Stop
  auto first = StartOrDie(o);
  o.endpoint = first->endpoint();
  o.state_db = dir_ / "other.db";
  auto second = Publisher::Start(o, SystemClock::Instance());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().kind(), ErrorKind::kUnavailable);
  EXPECT_NE(second.status().message().find(first->endpoint()), std::string::npos)
      << second.status().message();
}

TEST_F(PublisherTest, FlushTimesOutWhileEventsAreHeldForASubscriber) {
  PublisherOptions o = Options();
  o.startup_grace = milliseconds(1000);  // nobody subscribes
  auto pub = StartOrDie(o);
  pub->Publish(OutgoingEvent::ForArticle(MakeArticle("a", "310000")));
  const Status s = pub->Flush(milliseconds(50));
  EXPECT_EQ(s.kind(), ErrorKind::kTimeout) << s.ToString();
}

TEST_F(PublisherTest, StopSendsEverythingQueuedToAConnectedSubscriber) {
  PublisherOptions o = Options();
  auto pub = StartOrDie(o);
  auto sub = Subscribe(pub->endpoint(), {""});
  constexpr int kCount = 50;
  for (int i = 0; i < kCount; ++i) {
    pub->Publish(OutgoingEvent::ForArticle(MakeArticle("a" + std::to_string(i), "310000")));
  }
  pub->Stop();  // like `newswatchd --once`
  EXPECT_EQ(pub->counters().published, static_cast<uint64_t>(kCount));
  for (int i = 0; i < kCount; ++i) {
    auto got = Receive(sub);
    ASSERT_TRUE(got.has_value()) << "lost event " << i;
    EXPECT_EQ(got->event.sequence(), static_cast<uint64_t>(i + 1));
  }
  pub->Publish(OutgoingEvent::ForArticle(MakeArticle("late", "310000")));
  EXPECT_EQ(pub->counters().rejected, 1u);
}

// Sends one replay request on a DEALER and collects the answer up to END.
std::vector<std::vector<std::string>> AskReplay(zmq::socket_t& dealer, const std::string& after,
                                                const std::string& prefix) {
  dealer.send(zmq::str_buffer("REPLAY"), zmq::send_flags::sndmore);
  dealer.send(zmq::buffer(after), zmq::send_flags::sndmore);
  dealer.send(zmq::buffer(prefix));
  std::vector<std::vector<std::string>> replies;
  for (;;) {
    std::vector<std::string> frames;
    zmq::message_t m;
    do {
      if (!dealer.recv(m)) return replies;  // timed out
      frames.push_back(m.to_string());
    } while (m.more());
    replies.push_back(frames);
    if (frames[0] == "END" || frames[0] == "ERROR") return replies;
  }
}

TEST_F(PublisherTest, ReplayServesTheJournalInPagesThenEnd) {
  PublisherOptions o = Options();
  o.replay_batch = 2;
  auto pub = StartOrDie(o);
  auto sub = Subscribe(pub->endpoint(), {""});
  for (const char* id : {"a", "b", "c"}) {
    pub->Publish(OutgoingEvent::ForArticle(MakeArticle(id, "310000")));
  }
  pub->Publish(OutgoingEvent::ForSourceStatus(SourceHealthChange{"s", SourceHealth::kOk}));
  ASSERT_TRUE(pub->Flush(kReceiveBound).ok());
  ASSERT_FALSE(pub->replay_endpoint().empty());

  zmq::socket_t dealer(context_, zmq::socket_type::dealer);
  dealer.set(zmq::sockopt::rcvtimeo, static_cast<int>(kReceiveBound.count()));
  dealer.set(zmq::sockopt::linger, 0);
  dealer.connect(pub->replay_endpoint());

  auto page1 = AskReplay(dealer, "0", "article.");
  ASSERT_EQ(page1.size(), 3u);
  EXPECT_EQ(page1[0][0], "article.metaverse.310000");
  auto e1 = ParseEvent(page1[0][1]);
  ASSERT_TRUE(e1.ok());
  EXPECT_EQ(e1->sequence(), 1u);
  EXPECT_EQ(page1[2], (std::vector<std::string>{"END", "2"})) << "a full page ends at its last";

  auto page2 = AskReplay(dealer, "2", "article.");
  ASSERT_EQ(page2.size(), 2u);
  EXPECT_EQ(ParseEvent(page2[0][1])->article().id(), "c");
  EXPECT_EQ(page2[1], (std::vector<std::string>{"END", "4"}))
      << "complete through the last sequence";

  auto status = AskReplay(dealer, "0", "status.");
  ASSERT_EQ(status.size(), 2u);
  EXPECT_EQ(ParseEvent(status[0][1])->sequence(), 4u);

  auto bad = AskReplay(dealer, "-1x", "");
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0][0], "ERROR");
  EXPECT_GE(pub->counters().replay_requests, 3u);
}


class SteppedClock final : public Clock {
 public:
  TimePoint Now() const override { return TimePoint(std::chrono::seconds(1700000000 + offset_s_.load())); }
  std::chrono::steady_clock::time_point Steady() const override {
    return std::chrono::steady_clock::now() + std::chrono::seconds(offset_s_.load());
  }
  void Advance(std::chrono::seconds by) { offset_s_ += by.count(); }

 private:
  std::atomic<int64_t> offset_s_{0};
};

// Figures: events/s with one transaction (one fsync) per event against the
// default batches. Printed; the batched rate must be well above.
TEST_F(PublisherTest, BatchedJournalWritesRaiseThroughput) {
  auto rate = [this](size_t max_batch, int count, const std::string& db) {
    PublisherOptions o = Options();
    o.state_db = dir_ / db;
    o.startup_grace = milliseconds(0);
    o.max_batch = max_batch;
    auto pub = StartOrDie(o);
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < count; ++i) {
      pub->Publish(OutgoingEvent::ForArticle(MakeArticle("r" + std::to_string(i), "310000")));
    }
    EXPECT_TRUE(pub->Flush(milliseconds(60000)).ok());
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(pub->counters().published, static_cast<uint64_t>(count));
    return count / s;
  };
  const double one = rate(1, 200, "one.db");
  const double batched = rate(256, 3000, "batched.db");
  std::printf("journal throughput: %.0f events/s one per transaction, %.0f events/s batched\n", one,
              batched);
  EXPECT_GT(batched, 3 * one);
}

TEST_F(PublisherTest, RetentionPrunesTheJournalOnTheClock) {
  SteppedClock clock;
  PublisherOptions o = Options();
  o.startup_grace = milliseconds(0);
  o.retention.max_age_days = 30;
  o.prune_interval = std::chrono::hours(1);
  auto started = Publisher::Start(o, clock);
  ASSERT_TRUE(started.ok());
  auto& pub = *started;
  pub->Publish(OutgoingEvent::ForArticle(MakeArticle("old", "310000")));
  ASSERT_TRUE(pub->Flush(kReceiveBound).ok());
  const uint64_t prunes_before = pub->counters().prunes;
  clock.Advance(std::chrono::hours(24 * 31));
  pub->Publish(OutgoingEvent::ForArticle(MakeArticle("new", "310000")));
  ASSERT_TRUE(pub->Flush(kReceiveBound).ok());
  EXPECT_EQ(pub->counters().prunes, prunes_before + 1);
  auto store = StateStore::Open(o.state_db, clock);
  ASSERT_TRUE(store.ok());
  auto journal = (*store)->ReadJournal(0, "article.", 100);
  ASSERT_TRUE(journal.ok());
  ASSERT_EQ(journal->size(), 1u);  // "old" went, "new" stays
  auto event = ParseEvent(journal->front().payload);
  ASSERT_TRUE(event.ok());
  EXPECT_EQ(event->article().id(), "new");
}

TEST_F(PublisherTest, FirstReportIsDecidedWhenJournaled) {
  auto pub = StartOrDie(Options());
  auto sub = Subscribe(pub->endpoint(), {"article."});
  Article repost = MakeArticle("repost", "310000");
  repost.story = StoryInfo{"orig", false, "orig", 0.8};  // the pipeline matched "orig"
  Article orig = MakeArticle("orig", "310000");
  orig.story = StoryInfo{"orig", true, "orig", 1.0};
  pub->Publish(OutgoingEvent::ForArticle(repost));  // journaled first: the story's first report
  pub->Publish(OutgoingEvent::ForArticle(orig));
  auto a = Receive(sub);
  auto b = Receive(sub);
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(a->event.article().story().first_report());
  EXPECT_EQ(a->event.article().story().first_article_id(), "repost");
  EXPECT_FALSE(b->event.article().story().first_report());
  EXPECT_EQ(b->event.article().story().story_id(), "orig");
  EXPECT_EQ(b->event.article().story().first_article_id(), "repost");
}

}  // namespace
}  // namespace newswatch
