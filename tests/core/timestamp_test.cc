#include "daemon/core/timestamp.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

TEST(TimestampTest, KeepsTheSourceOffset) {
  auto t = ParseRfc3339("2023-02-07T08:10:00+08:00");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->unix_seconds, 1675728600);
  EXPECT_EQ(t->utc_offset_minutes, 480);
  EXPECT_EQ(t->ToRfc3339(), "2023-02-07T08:10:00+08:00");
  EXPECT_EQ(t->ToRfc3339Utc(), "2023-02-07T00:10:00Z");
}

TEST(TimestampTest, ParsesZuluFractionsAndDateOnly) {
  EXPECT_EQ(ParseRfc3339("2004-01-01T19:48:21.123Z")->ToRfc3339(), "2004-01-01T19:48:21Z");
  EXPECT_EQ(ParseRfc3339("2004-01-01")->ToRfc3339Utc(), "2004-01-01T00:00:00Z");
  EXPECT_EQ(ParseRfc3339("1969-12-31T23:59:59Z")->unix_seconds, -1);
}

TEST(TimestampTest, RejectsMalformedText) {
  EXPECT_FALSE(ParseRfc3339("").has_value());
  EXPECT_FALSE(ParseRfc3339("2023-13-01").has_value());
  EXPECT_FALSE(ParseRfc3339("2023-02-07T25:00:00Z").has_value());
  EXPECT_FALSE(ParseRfc3339("2023-02-07 garbage").has_value());
}

}  // namespace
}  // namespace newswatch
