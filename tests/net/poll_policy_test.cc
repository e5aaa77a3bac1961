#include "daemon/net/poll_policy.h"

#include <gtest/gtest.h>

#include <set>

namespace newswatch {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

PollInputs Defaults() {
  PollInputs in;
  in.interval = minutes(15);
  in.min_interval = minutes(1);
  in.max_interval = hours(24);
  in.max_backoff = hours(6);
  return in;
}

struct Case {
  const char* name;
  void (*adjust)(PollInputs&);
  seconds expected;
};

TEST(PollPolicyTest, NextPollDelayTable) {
  const Case cases[] = {
      {"configured interval", [](PollInputs&) {}, minutes(15)},
      {"interval below minimum is raised", [](PollInputs& in) { in.interval = seconds(5); },
       minutes(1)},
      {"interval above maximum is lowered", [](PollInputs& in) { in.interval = hours(48); },
       hours(24)},
      {"one failure doubles", [](PollInputs& in) { in.consecutive_failures = 1; }, minutes(30)},
      {"three failures times eight", [](PollInputs& in) { in.consecutive_failures = 3; },
       minutes(120)},
      {"backoff capped", [](PollInputs& in) { in.consecutive_failures = 10; }, hours(6)},
      {"huge failure count does not overflow",
       [](PollInputs& in) { in.consecutive_failures = 1000000; }, hours(6)},
      {"retry-after longer than interval wins",
       [](PollInputs& in) { in.retry_after = hours(2); }, hours(2)},
      {"retry-after shorter than interval is no reason to poll sooner",
       [](PollInputs& in) { in.retry_after = seconds(10); }, minutes(15)},
      {"retry-after capped at max interval",
       [](PollInputs& in) { in.retry_after = hours(100); }, hours(24)},
      {"retry-after on failure beats backoff",
       [](PollInputs& in) {
         in.consecutive_failures = 1;
         in.retry_after = hours(3);
       },
       hours(3)},
      {"cache max-age raises", [](PollInputs& in) { in.max_age = hours(1); }, hours(1)},
      {"expires raises", [](PollInputs& in) { in.expires_in = minutes(40); }, minutes(40)},
      {"rss ttl raises", [](PollInputs& in) { in.feed_ttl = minutes(60); }, minutes(60)},
      {"largest hint wins",
       [](PollInputs& in) {
         in.feed_ttl = minutes(60);
         in.max_age = minutes(90);
         in.expires_in = minutes(30);
       },
       minutes(90)},
      {"zero max-age changes nothing", [](PollInputs& in) { in.max_age = seconds(0); },
       minutes(15)},
      {"adaptive: hourly publisher polled hourly",
       [](PollInputs& in) { in.recent_item_times = {36000, 32400, 28800, 25200, 21600}; },
       hours(1)},
      {"adaptive: busy publisher clamped to minimum",
       [](PollInputs& in) { in.recent_item_times = {1000, 990, 980, 970}; }, minutes(1)},
      {"adaptive: silent publisher clamped to maximum",
       [](PollInputs& in) { in.recent_item_times = {10000000, 5000000, 1000}; }, hours(24)},
      {"adaptive off uses interval",
       [](PollInputs& in) {
         in.adaptive = false;
         in.recent_item_times = {36000, 32400, 28800};
       },
       minutes(15)},
      {"adaptive needs two usable times",
       [](PollInputs& in) { in.recent_item_times = {36000, 0, -5, 36000}; }, minutes(15)},
      {"adaptive then backoff",
       [](PollInputs& in) {
         in.recent_item_times = {10800, 7200, 3600};
         in.consecutive_failures = 2;
       },
       hours(4)},
  };
  for (const Case& c : cases) {
    PollInputs in = Defaults();
    c.adjust(in);
    EXPECT_EQ(NextPollDelay(in).count(), c.expected.count()) << c.name;
  }
}

TEST(PollPolicyTest, MedianGapUsesNewestItemsAndIgnoresOrderAndDuplicates) {
  EXPECT_FALSE(MedianPublicationGap({}).has_value());
  EXPECT_FALSE(MedianPublicationGap({100}).has_value());
  EXPECT_EQ(MedianPublicationGap({300, 100, 200, 200})->count(), 100);
  // Gaps 10, 10, 1000: the median ignores the one outlier.
  EXPECT_EQ(MedianPublicationGap({2000, 1010, 1000, 990})->count(), 10);
  // Even count of gaps: mean of the middle two (10 and 30); zero means "unknown".
  EXPECT_EQ(MedianPublicationGap({100, 90, 0, 60})->count(), 20);
  // Only the newest 20 count: 20 items 1 s apart, then ancient history.
  std::vector<int64_t> times;
  for (int i = 0; i < 20; ++i) times.push_back(1000000 - i);
  for (int i = 0; i < 50; ++i) times.push_back(1000 + i * 7);
  EXPECT_EQ(MedianPublicationGap(times)->count(), 1);
}

TEST(PollPolicyTest, DelayNeverBelowMinimumEvenWithContradictoryLimits) {
  PollInputs in = Defaults();
  in.max_interval = seconds(10);  // below min_interval: the minimum wins
  EXPECT_EQ(NextPollDelay(in), minutes(1));
}

TEST(PollPolicyTest, JitterIsDeterministicBoundedAndSpread) {
  const milliseconds base(60000);
  EXPECT_EQ(Jitter(base, 0.1, 42), Jitter(base, 0.1, 42));
  std::set<int64_t> seen;
  int below = 0, above = 0;
  for (uint64_t seed = 0; seed < 1000; ++seed) {
    milliseconds j = Jitter(base, 0.1, seed);
    EXPECT_GE(j, milliseconds(54000));
    EXPECT_LE(j, milliseconds(66000));
    seen.insert(j.count());
    (j < base ? below : above)++;
  }
  EXPECT_GT(seen.size(), 900u);  // sources spread out instead of firing together
  EXPECT_GT(below, 350);
  EXPECT_GT(above, 350);
}

TEST(PollPolicyTest, JitterEdgeCases) {
  EXPECT_EQ(Jitter(milliseconds(5000), 0.0, 7), milliseconds(5000));
  EXPECT_EQ(Jitter(milliseconds(0), 0.5, 7), milliseconds(0));
  EXPECT_EQ(Jitter(milliseconds(-5), 0.5, 7), milliseconds(0));
  for (uint64_t seed = 0; seed < 100; ++seed) {
    milliseconds j = Jitter(milliseconds(1000), 5.0, seed);  // clamped to 1.0
    EXPECT_GE(j, milliseconds(0));
    EXPECT_LE(j, milliseconds(2000));
  }
}

}  // namespace
}  // namespace newswatch
