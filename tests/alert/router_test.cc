#include "alert/router.h"

#include <gtest/gtest.h>

#include "alert/route_config.h"
#include "tests/alert/fake_clock.h"

namespace newswatch::alert {
namespace {

// 2023-11-14T10:00:00+08:00, a working morning in Shanghai.
constexpr int64_t kMorning = 1699927200;

AlertConfig Config(const std::string& routes, const std::string& extra = "") {
  std::string yaml = R"(publishers: [tcp://127.0.0.1:5601]
receivers:
  - {name: all, type: file, path: /tmp/x}
  - {name: sh, type: file, path: /tmp/y}
  - {name: plans, type: file, path: /tmp/z}
)" + extra + routes;
  auto c = ParseAlertConfig(yaml, "test.yaml");
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? std::move(*c) : AlertConfig{};
}

const std::string kTree = R"(route:
  receiver: all
  group_by: [province, document_kind]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 24h
  routes:
    - match: {region: ["31"]}
      receiver: sh
      continue: true
    - match: {document_kind: [action-plan, measures], min_level: medium}
      receiver: plans
)";

std::vector<std::string> Receivers(const std::vector<Notification>& ns) {
  std::vector<std::string> out;
  for (const Notification& n : ns) out.push_back(n.receiver);
  return out;
}

TEST(RouterTest, ContinueLetsOneEventMatchSeveralRoutes) {
  FakeClock clock(kMorning);
  AlertConfig c = Config(kTree);
  Router router(c.root, c.quiet_hours, clock);
  EXPECT_EQ(router.Ingest(Article("s1", "sina", "310110")).routes, 2);  // sh + plans
  EXPECT_EQ(router.Ingest(Article("s2", "sina", "440300")).routes, 1);  // plans only
  EXPECT_EQ(router.Ingest(Article("s3", "sina", "440300", "news-report")).routes, 1);  // root
  clock.Advance(30);
  auto ns = router.Flush();
  std::multiset<std::string> got;
  for (const auto& r : Receivers(ns)) got.insert(r);
  EXPECT_EQ(got, (std::multiset<std::string>{"sh", "plans", "plans", "all"}));
}

TEST(RouterTest, GroupWaitCollectsStoriesOfOneGroupIntoOneMessage) {
  FakeClock clock(kMorning);
  AlertConfig c = Config(kTree);
  Router router(c.root, c.quiet_hours, clock);
  router.Ingest(Article("s1", "sina", "440300"));
  clock.Advance(10);
  router.Ingest(Article("s2", "people", "440106"));  // same province 44, same kind
  router.Ingest(Article("s3", "people", "110000"));  // other province: other group
  EXPECT_TRUE(router.Flush().empty()) << "group_wait has not passed";
  EXPECT_EQ(*router.NextDue(), kMorning + 30);
  clock.Advance(20);
  auto ns = router.Flush();
  ASSERT_EQ(ns.size(), 1u) << "only the group started at t=0 is due";
  EXPECT_EQ(ns[0].stories.size(), 2u);
  EXPECT_EQ(ns[0].group_labels[0], (std::pair<std::string, std::string>{"province", "440000"}));
  clock.Advance(10);
  ns = router.Flush();
  ASSERT_EQ(ns.size(), 1u);
  EXPECT_EQ(ns[0].stories[0].event.story_id, "s3");
}

TEST(RouterTest, RepostsOfOneStoryBecomeOneEntryWithOtherOutlets) {
  FakeClock clock(kMorning);
  AlertConfig c = Config(kTree);
  Router router(c.root, c.quiet_hours, clock);
  router.Ingest(Article("s1", "gov-site", "440300"));
  AlertEvent repost = Article("s1", "sina", "440300");
  repost.first_report = false;
  router.Ingest(repost);
  repost.source_id = "people";
  router.Ingest(repost);
  router.Ingest(repost);  // the same outlet twice is listed once
  clock.Advance(30);
  auto ns = router.Flush();
  ASSERT_EQ(ns.size(), 1u);
  ASSERT_EQ(ns[0].stories.size(), 1u);
  EXPECT_EQ(ns[0].stories[0].event.source_id, "gov-site");
  EXPECT_EQ(ns[0].stories[0].other_outlets, (std::vector<std::string>{"sina", "people"}));
}

TEST(RouterTest, StorySentOnceUntilRepeatIntervalPasses) {
  FakeClock clock(kMorning);
  AlertConfig c = Config(kTree);
  Router router(c.root, c.quiet_hours, clock);
  router.Ingest(Article("s1", "gov", "440300"));
  clock.Advance(30);
  ASSERT_EQ(router.Flush().size(), 1u);
  // A repost an hour later is not a new message.
  clock.Advance(3600);
  IngestOutcome late = router.Ingest(Article("s1", "sina", "440300"));
  EXPECT_EQ(late.suppressed, 1);
  clock.Advance(600);
  EXPECT_TRUE(router.Flush().empty());
  // After repeat_interval, it is sent again, marked as a repeat.
  clock.Advance(86400);
  router.Ingest(Article("s1", "xinhua", "440300"));
  clock.Advance(30);
  auto ns = router.Flush();
  ASSERT_EQ(ns.size(), 1u);
  EXPECT_TRUE(ns[0].repeat);
}

TEST(RouterTest, GroupIntervalSpacesFollowUpMessagesOfAGroup) {
  FakeClock clock(kMorning);
  AlertConfig c = Config(kTree);
  Router router(c.root, c.quiet_hours, clock);
  router.Ingest(Article("s1", "gov", "440300"));
  clock.Advance(30);
  ASSERT_EQ(router.Flush().size(), 1u);
  clock.Advance(60);
  router.Ingest(Article("s2", "gov", "440300"));
  clock.Advance(60);
  EXPECT_TRUE(router.Flush().empty()) << "group_interval (5m) since the last message not over";
  EXPECT_EQ(*router.NextDue(), kMorning + 30 + 300);
  clock.Set(kMorning + 30 + 300);
  auto ns = router.Flush();
  ASSERT_EQ(ns.size(), 1u);
  EXPECT_EQ(ns[0].stories[0].event.story_id, "s2");
}

TEST(RouterTest, SilencesDropMatchingEventsOnlyWhileActive) {
  FakeClock clock(kMorning);
  AlertConfig c = Config(kTree);
  Router router(c.root, c.quiet_hours, clock);
  Silence s;
  s.id = "s-1";
  s.matcher = *Matcher::FromFields({{"region", {"31"}}});
  s.starts_at = kMorning;
  s.ends_at = kMorning + 3600;
  router.SetSilences({s});
  EXPECT_TRUE(router.Ingest(Article("a", "gov", "310110")).silenced);
  EXPECT_FALSE(router.Ingest(Article("b", "gov", "440300")).silenced);
  clock.Advance(3600);
  EXPECT_FALSE(router.Ingest(Article("c", "gov", "310110")).silenced) << "silence expired";
}

TEST(RouterTest, QuietHoursHoldMessagesAndSendOneDigestWhenTheyEnd) {
  // 23:00 in Shanghai = 15:00 UTC.
  const int64_t night = 1699974000;  // 2023-11-14T15:00:00Z
  FakeClock clock(night);
  AlertConfig c = Config(kTree, "quiet_hours: {timezone: Asia/Shanghai, start: \"22:00\", end: \"07:30\"}\n");
  Router router(c.root, c.quiet_hours, clock);
  router.Ingest(Article("n1", "gov", "440300", "news-report"));
  clock.Advance(3600);
  router.Ingest(Article("n2", "gov", "110000", "news-report"));
  clock.Advance(3600);
  EXPECT_TRUE(router.Flush().empty());
  EXPECT_EQ(router.pending_stories(), 2u);
  // 07:29 local: still quiet.
  clock.Set(night + (8 * 60 + 29) * 60);
  EXPECT_TRUE(router.Flush().empty());
  clock.Set(night + (8 * 60 + 30) * 60);  // 07:30 local
  auto ns = router.Flush();
  ASSERT_EQ(ns.size(), 1u);
  EXPECT_TRUE(ns[0].digest);
  EXPECT_EQ(ns[0].receiver, "all");
  EXPECT_EQ(ns[0].stories.size(), 2u);
  EXPECT_EQ(router.pending_stories(), 0u);
}

TEST(RouterTest, DedupKeyIsStableForTheSameStoriesAndDiffersOtherwise) {
  FakeClock clock(kMorning);
  AlertConfig c = Config(kTree);
  Router a(c.root, c.quiet_hours, clock), b(c.root, c.quiet_hours, clock);
  a.Ingest(Article("s1", "gov", "440300"));
  b.Ingest(Article("s1", "sina", "440300"));  // a different outlet of the same story
  clock.Advance(30);
  auto na = a.Flush(), nb = b.Flush();
  ASSERT_EQ(na.size(), 1u);
  ASSERT_EQ(nb.size(), 1u);
  EXPECT_EQ(na[0].dedup_key, nb[0].dedup_key);
  Router d(c.root, c.quiet_hours, clock);
  d.Ingest(Article("s2", "gov", "440300"));
  clock.Advance(30);
  EXPECT_NE(d.Flush()[0].dedup_key, na[0].dedup_key);
}

class MapLedger : public StoryLedger {
 public:
  std::optional<int64_t> LastNotified(const std::string& route, const std::string& receiver,
                                      const std::string& story) const override {
    auto it = seen.find(route + "|" + receiver + "|" + story);
    if (it == seen.end()) return std::nullopt;
    return it->second;
  }
  std::map<std::string, int64_t> seen;
};

TEST(RouterTest, LedgerFromAPreviousRunSuppressesAlreadySentStories) {
  FakeClock clock(kMorning);
  AlertConfig c = Config(kTree);
  MapLedger ledger;
  ledger.seen["route.routes[1]|plans|s1"] = kMorning - 60;
  Router router(c.root, c.quiet_hours, clock, &ledger);
  EXPECT_EQ(router.Ingest(Article("s1", "sina", "440300")).suppressed, 1);
  EXPECT_EQ(router.Ingest(Article("s2", "sina", "440300")).suppressed, 0);
}

TEST(RouterTest, HeartbeatsAndUnknownEventsTakeNoRoute) {
  FakeClock clock(kMorning);
  AlertConfig c = Config(kTree);
  Router router(c.root, c.quiet_hours, clock);
  AlertEvent hb;
  hb.kind = EventKind::kHeartbeat;
  EXPECT_EQ(router.Ingest(hb).routes, 0);
  AlertEvent status;
  status.kind = EventKind::kSourceStatus;
  status.source_id = "sina";
  EXPECT_EQ(router.Ingest(status).routes, 0) << "status events need an explicit kind matcher";
}

TEST(RouterTest, OldestPendingSequenceCoversGroupsRepostsAndQuietHours) {
  FakeClock clock(kMorning);
  AlertConfig c = Config("route: {receiver: all, group_wait: 30s, group_interval: 5m}\n");
  Router router(c.root, c.quiet_hours, clock);
  auto from = [](AlertEvent e, std::string origin, uint64_t seq) {
    e.origin = std::move(origin);
    e.sequence = seq;
    return e;
  };
  EXPECT_TRUE(router.OldestPendingSequence().empty());
  router.Ingest(from(Article("s1", "gov"), "sh", 5));
  router.Ingest(from(Article("s2", "gov"), "sh", 6));
  // A repost from another publisher folds into s1; it is not handled until s1 is sent.
  router.Ingest(from(Article("s1", "sina"), "bj", 40));
  EXPECT_EQ(router.OldestPendingSequence(),
            (std::map<std::string, uint64_t>{{"sh", 5}, {"bj", 40}}));
  clock.Advance(30);
  EXPECT_EQ(router.Flush().size(), 1u);
  EXPECT_TRUE(router.OldestPendingSequence().empty()) << "sent: nothing holds the cursors back";
}

TEST(RouterTest, StoriesHeldForQuietHoursStayPending) {
  FakeClock clock(kMorning);
  AlertConfig c =
      Config("route: {receiver: all, group_wait: 0s}\n",
             "quiet_hours: {timezone: Asia/Shanghai, start: \"09:00\", end: \"11:00\"}\n");
  Router router(c.root, c.quiet_hours, clock);
  AlertEvent e = Article("s1", "gov");
  e.origin = "sh";
  e.sequence = 8;
  router.Ingest(e);
  EXPECT_TRUE(router.Flush().empty()) << "10:00 is inside quiet hours";
  EXPECT_EQ(router.OldestPendingSequence(), (std::map<std::string, uint64_t>{{"sh", 8}}));
  clock.Advance(3600);
  EXPECT_EQ(router.Flush().size(), 1u) << "the digest at 11:00";
  EXPECT_TRUE(router.OldestPendingSequence().empty());
}

}  // namespace
}  // namespace newswatch::alert
