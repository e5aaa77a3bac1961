#include "daemon/net/http_headers.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

using std::chrono::seconds;

TEST(HttpHeadersTest, ParsesAllThreeHttpDateForms) {
  EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"), 784111777);
  EXPECT_EQ(ParseHttpDate("Sun Nov  6 08:49:37 1994"), 784111777);
  EXPECT_EQ(ParseHttpDate("  Sun, 06 Nov 1994 08:49:37 GMT  "), 784111777);
}

TEST(HttpHeadersTest, RejectsNonDates) {
  EXPECT_FALSE(ParseHttpDate(""));
  EXPECT_FALSE(ParseHttpDate("0"));
  EXPECT_FALSE(ParseHttpDate("120"));
  EXPECT_FALSE(ParseHttpDate("not a date at all"));
}

TEST(HttpHeadersTest, RetryAfterSecondsAndDates) {
  EXPECT_EQ(ParseRetryAfter("120", 0), seconds(120));
  EXPECT_EQ(ParseRetryAfter(" 0 ", 0), seconds(0));
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 90), seconds(90));
  // A date in the past means "now", not a negative delay.
  EXPECT_EQ(ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 + 90), seconds(0));
}

TEST(HttpHeadersTest, RetryAfterHostileValues) {
  EXPECT_FALSE(ParseRetryAfter("-5", 0));
  EXPECT_FALSE(ParseRetryAfter("1.5", 0));
  EXPECT_FALSE(ParseRetryAfter("soon", 0));
  EXPECT_FALSE(ParseRetryAfter("", 0));
  // Absurd numbers saturate instead of overflowing.
  auto huge = ParseRetryAfter("99999999999999999999999999", 0);
  ASSERT_TRUE(huge);
  EXPECT_EQ(*huge, seconds(int64_t{10} * 365 * 24 * 3600));
}

TEST(HttpHeadersTest, CacheControlMaxAge) {
  EXPECT_EQ(ParseCacheControlMaxAge("max-age=600"), seconds(600));
  EXPECT_EQ(ParseCacheControlMaxAge("public, Max-Age = 60 , must-revalidate"), seconds(60));
  EXPECT_EQ(ParseCacheControlMaxAge("max-age=\"30\""), seconds(30));
  EXPECT_EQ(ParseCacheControlMaxAge("s-maxage=5, max-age=10"), seconds(10));
  EXPECT_FALSE(ParseCacheControlMaxAge("no-cache"));
  EXPECT_FALSE(ParseCacheControlMaxAge("max-age=-1"));
  EXPECT_FALSE(ParseCacheControlMaxAge("max-age="));
  EXPECT_FALSE(ParseCacheControlMaxAge("max-age=abc"));
  EXPECT_FALSE(ParseCacheControlMaxAge(""));
  EXPECT_FALSE(ParseCacheControlMaxAge(",,,="));
}

}  // namespace
}  // namespace newswatch
