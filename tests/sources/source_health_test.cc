// SourceHealthTracker: drift (a list that stops yielding items, items that lose dates or
// titles) against the history of good polls; failing and not-modified polls.
#include "daemon/sources/source_health.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 86400;
constexpr int64_t kStart = 1712700000;

PollRecord Poll(int64_t t, uint32_t items, uint32_t no_date = 0, uint32_t no_title = 0) {
  PollRecord p;
  p.time_unix = t;
  p.items_seen = items;
  p.items_without_date = no_date;
  p.items_without_title = no_title;
  return p;
}

// Ten days of hourly polls with 4 dated, titled items each.
SourceHealthTracker Healthy() {
  SourceHealthTracker tracker;
  for (int64_t t = kStart; t < kStart + 10 * kDay; t += kHour) {
    EXPECT_EQ(tracker.Record(Poll(t, 4)).state, HealthState::kOk);
  }
  return tracker;
}

TEST(SourceHealthTest, ListThatStopsYieldingItemsBecomesBrokenAfterThreeLongEmptyPolls) {
  SourceHealthTracker tracker = Healthy();
  const int64_t t = kStart + 10 * kDay;
  EXPECT_EQ(tracker.Record(Poll(t, 0)).state, HealthState::kOk);
  EXPECT_EQ(tracker.Record(Poll(t + kHour, 0)).state, HealthState::kOk);
  HealthVerdict v = tracker.Record(Poll(t + 2 * kHour, 0));
  EXPECT_EQ(v.state, HealthState::kBroken);
  EXPECT_NE(v.reason.find("yielded no items for 3 polls"), std::string::npos) << v.reason;
  EXPECT_NE(v.reason.find("960 items in 240 polls over the last 14 days"), std::string::npos)
      << v.reason;
  // Stays broken while empty; recovers when items come back.
  EXPECT_EQ(tracker.Record(Poll(t + 3 * kHour, 0)).state, HealthState::kBroken);
  EXPECT_EQ(tracker.Record(Poll(t + 4 * kHour, 4)).state, HealthState::kOk);
}

TEST(SourceHealthTest, QuickEmptyPollsAreNotYetBroken) {
  SourceHealthTracker tracker = Healthy();
  const int64_t t = kStart + 10 * kDay;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(tracker.Record(Poll(t + i * 60, 0)).state, HealthState::kOk) << i;
  }
  EXPECT_EQ(tracker.Record(Poll(t + kHour, 0)).state, HealthState::kBroken);
}

TEST(SourceHealthTest, NewSourceWithoutHistoryIsNeverBrokenForEmptiness) {
  SourceHealthTracker tracker;
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(tracker.Record(Poll(kStart + i * kHour, 0)).state, HealthState::kOk);
  }
}

TEST(SourceHealthTest, ItemsSuddenlyLackingDatesOrTitles) {
  struct Case {
    uint32_t items, no_date, no_title;
    HealthState expected;
    const char* reason;
  };
  const Case cases[] = {
      {20, 17, 0, HealthState::kBroken, "85% of items lack dates, was 0%"},
      {20, 0, 20, HealthState::kBroken, "100% of items lack titles, was 0%"},
      {20, 20, 20, HealthState::kBroken, "100% of items lack dates, was 0%; 100% of items lack titles"},
      {20, 9, 0, HealthState::kOk, ""},   // 45%: within the allowed jump
      {2, 2, 2, HealthState::kOk, ""},    // too few items to judge
      {20, 0, 0, HealthState::kOk, ""},
  };
  for (const Case& c : cases) {
    SourceHealthTracker tracker = Healthy();
    HealthVerdict v = tracker.Record(Poll(kStart + 10 * kDay, c.items, c.no_date, c.no_title));
    EXPECT_EQ(v.state, c.expected) << c.reason << " / " << v.reason;
    EXPECT_NE(v.reason.find(c.reason), std::string::npos) << v.reason;
    if (c.expected == HealthState::kOk) {
      EXPECT_TRUE(v.reason.empty()) << v.reason;
    }
  }
}

TEST(SourceHealthTest, SourcesThatNeverHadDatesAreNotBrokenForLackingThem) {
  SourceHealthTracker tracker;
  for (int64_t t = kStart; t < kStart + 3 * kDay; t += kHour) {
    EXPECT_EQ(tracker.Record(Poll(t, 10, 10)).state, HealthState::kOk);
  }
}

TEST(SourceHealthTest, BrokenLayoutStaysBrokenUntilItemsLookAsBefore) {
  SourceHealthTracker tracker = Healthy();
  int64_t t = kStart + 10 * kDay;
  for (int i = 0; i < 30; ++i, t += kHour) {  // broken polls do not become the new normal
    EXPECT_EQ(tracker.Record(Poll(t, 10, 10)).state, HealthState::kBroken) << i;
  }
  EXPECT_EQ(tracker.Record(Poll(t, 10, 0)).state, HealthState::kOk);
}

TEST(SourceHealthTest, FailuresAndNotModified) {
  SourceHealthTracker tracker = Healthy();
  PollRecord failed = Poll(kStart + 10 * kDay, 0);
  failed.failed = true;
  EXPECT_EQ(tracker.Record(failed).state, HealthState::kFailing);
  PollRecord not_modified = Poll(kStart + 10 * kDay + kHour, 0);
  not_modified.not_modified = true;
  EXPECT_EQ(tracker.Record(not_modified).state, HealthState::kOk);
  // Not-modified polls are not empty polls.
  for (int i = 2; i < 10; ++i) {
    not_modified.time_unix = kStart + 10 * kDay + i * kHour;
    EXPECT_EQ(tracker.Record(not_modified).state, HealthState::kOk);
  }
}

TEST(SourceHealthTest, HistoryOlderThanTheWindowIsForgotten) {
  SourceHealthTracker tracker = Healthy();
  // Fifteen days later the ten good days are outside the 14-day window: an empty list then
  // is a quiet source, not a broken one.
  const int64_t t = kStart + 25 * kDay;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(tracker.Record(Poll(t + i * kHour, 0)).state, HealthState::kOk) << i;
  }
}

}  // namespace
}  // namespace newswatch
