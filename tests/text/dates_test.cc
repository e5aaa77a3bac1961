#include "daemon/text/dates.h"

#include <gtest/gtest.h>

#include <string>

namespace newswatch {
namespace {

struct DateCase {
  const char* text;
  int32_t default_offset;
  const char* want_local;  // ToRfc3339() of the result: local time and the offset kept
};

// Every spelling here was seen in real feeds or pages (or is in feedparser's own tests).
constexpr DateCase kAccepted[] = {
    // RFC 3339 / ISO 8601 / W3C-DTF
    {"2003-12-13T18:30:02Z", 0, "2003-12-13T18:30:02Z"},
    {"2003-12-13T18:30:02.25Z", 0, "2003-12-13T18:30:02Z"},
    {"2003-12-13T18:30:02+01:00", 0, "2003-12-13T18:30:02+01:00"},
    {"2003-12-13T18:30:02.25-05:30", 0, "2003-12-13T18:30:02-05:30"},
    {"2003-12-13T18:30:02+0100", 0, "2003-12-13T18:30:02+01:00"},
    {"2003-12-13t18:30:02z", 0, "2003-12-13T18:30:02Z"},
    {"2003-12-13 18:30:02", 480, "2003-12-13T18:30:02+08:00"},
    {"2003-12-13T18:30Z", 0, "2003-12-13T18:30:00Z"},
    {"2003-12-13T18:30", 480, "2003-12-13T18:30:00+08:00"},
    {"2003-12-13", 0, "2003-12-13T00:00:00Z"},
    {"2003-12", 0, "2003-12-01T00:00:00Z"},
    {"2003", 0, "2003-01-01T00:00:00Z"},
    {"20040105T163000Z", 0, "2004-01-05T16:30:00Z"},
    {"2022-02-17 15:38:10 +0800", 0, "2022-02-17T15:38:10+08:00"},
    {"2004-02-28 18:14:55 -0800", 0, "2004-02-28T18:14:55-08:00"},
    {"  2003-12-13T18:30:02Z \n", 0, "2003-12-13T18:30:02Z"},
    {"2024-02-29", 0, "2024-02-29T00:00:00Z"},
    {"2016-12-31T23:59:60Z", 0, "2016-12-31T23:59:59Z"},
    // RFC 822 / 1123 / 850 and asctime
    {"Fri, 08 Jul 2022 02:40:24 GMT", 480, "2022-07-08T02:40:24Z"},
    {"Thu, 01 Jan 2004 19:48:21 GMT", 0, "2004-01-01T19:48:21Z"},
    {"Thu, 01 Jan 2004 19:48:21 +0800", 0, "2004-01-01T19:48:21+08:00"},
    {"Thu, 01 Jan 2004 19:48:21 -0500", 0, "2004-01-01T19:48:21-05:00"},
    {"Thu, 01 Jan 2004 19:48:21 EST", 0, "2004-01-01T19:48:21-05:00"},
    {"Thu, 01 Jan 2004 19:48:21 EDT", 0, "2004-01-01T19:48:21-04:00"},
    {"Thu, 01 Jan 2004 19:48:21 CST", 0, "2004-01-01T19:48:21-06:00"},
    {"Thu, 01 Jan 2004 19:48:21 PDT", 0, "2004-01-01T19:48:21-07:00"},
    {"Thu, 01 Jan 2004 19:48:21 UT", 0, "2004-01-01T19:48:21Z"},
    {"Thu, 01 Jan 2004 19:48:21 UTC", 480, "2004-01-01T19:48:21Z"},
    {"Thu, 01 Jan 2004 19:48:21 Z", 480, "2004-01-01T19:48:21Z"},
    {"Thu, 01 Jan 2004 19:48:21 A", 0, "2004-01-01T19:48:21-01:00"},
    {"Thu, 01 Jan 2004 19:48:21 Y", 0, "2004-01-01T19:48:21+12:00"},
    {"Thu, 01 Jan 2004 19:48:21 GMT+8", 0, "2004-01-01T19:48:21+08:00"},
    {"Thu, 01 Jan 2004 19:48:21 GMT-05:00", 0, "2004-01-01T19:48:21-05:00"},
    {"Thu, 01 Jan 2004 19:48:21 Etc/GMT", 480, "2004-01-01T19:48:21Z"},
    {"01 Jan 2004 19:48:21 GMT", 0, "2004-01-01T19:48:21Z"},            // no weekday
    {"Thu, 1 Jan 2004 19:48:21 GMT", 0, "2004-01-01T19:48:21Z"},        // one-digit day
    {"Thu, 01 Jan 04 19:48:21 GMT", 0, "2004-01-01T19:48:21Z"},         // two-digit year
    {"Thu, 01 Jan 99 19:48:21 GMT", 0, "1999-01-01T19:48:21Z"},
    {"Thu, 01 Jan 2004 19:48 GMT", 0, "2004-01-01T19:48:00Z"},          // no seconds
    {"Mon, 01 Jan 2004 19:48:21 GMT", 0, "2004-01-01T19:48:21Z"},       // wrong weekday
    {"Thursday, 01 January 2004 19:48:21 GMT", 0, "2004-01-01T19:48:21Z"},
    {"Thu,  01   Jan   2004   19:48:21   GMT", 0, "2004-01-01T19:48:21Z"},
    {"Thu, 01 Jan 2004", 0, "2004-01-01T00:00:00Z"},                    // no time
    {"Thu, 01 Jan 2004 19:48:21", 480, "2004-01-01T19:48:21+08:00"},    // no zone
    {"Thu, 01 Jan 2004 19:48:21 XYZT", 0, "2004-01-01T19:48:21Z"},      // unknown zone
    {"Thu, 01 Jan 2004 19:48:21 +0800 (CST)", 0, "2004-01-01T19:48:21+08:00"},
    {"Sunday, 06-Nov-94 08:49:37 GMT", 0, "1994-11-06T08:49:37Z"},      // RFC 850
    {"Sun Nov  6 08:49:37 1994", 0, "1994-11-06T08:49:37Z"},            // asctime
    {"Sun Jan  4 16:29:06 PST 2004", 0, "2004-01-04T16:29:06-08:00"},
    {"Jan 4, 2004 4:29 PM", 480, "2004-01-04T16:29:00+08:00"},
    {"Sept 4, 2004", 0, "2004-09-04T00:00:00Z"},
    // Chinese
    {"2023年2月7日", 480, "2023-02-07T00:00:00+08:00"},
    {"2023年02月07日 08:10", 480, "2023-02-07T08:10:00+08:00"},
    {"2023年2月7日 8时10分", 480, "2023-02-07T08:10:00+08:00"},
    {"2023年2月7日8时10分30秒", 480, "2023-02-07T08:10:30+08:00"},
    {"2023年2月7日 8点", 480, "2023-02-07T08:00:00+08:00"},
    {"2023 年 2 月 7 日", 480, "2023-02-07T00:00:00+08:00"},
    {"2023年2月7日 星期二", 480, "2023-02-07T00:00:00+08:00"},
    {"2023年2月7日 下午3:15", 480, "2023-02-07T15:15:00+08:00"},
    {"2023年2月", 480, "2023-02-01T00:00:00+08:00"},
    {"2023-02-07 08:10", 480, "2023-02-07T08:10:00+08:00"},
    {"2023/2/7", 480, "2023-02-07T00:00:00+08:00"},
    {"2023/2/7 8:05", 480, "2023-02-07T08:05:00+08:00"},
    {"2023.02.07", 480, "2023-02-07T00:00:00+08:00"},
    {"２０２３年２月７日", 480, "2023-02-07T00:00:00+08:00"},
    {"２０２３－０２－０７　０８：１０", 480, "2023-02-07T08:10:00+08:00"},
};

TEST(ParseDateTest, AcceptsCommonSpellingsAndKeepsTheOffset) {
  for (const DateCase& c : kAccepted) {
    const auto t = ParseDate(c.text, c.default_offset);
    ASSERT_TRUE(t.has_value()) << c.text;
    EXPECT_EQ(t->ToRfc3339(), c.want_local) << c.text;
  }
}

TEST(ParseDateTest, InstantIsCorrectAcrossZones) {
  const auto a = ParseDate("Fri, 08 Jul 2022 02:40:24 GMT", 0);
  const auto b = ParseDate("2022-07-08T10:40:24+08:00", 0);
  const auto c = ParseDate("2022年7月8日 10:40:24", 480);
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->unix_seconds, 1657248024);
  EXPECT_EQ(b->unix_seconds, a->unix_seconds);
  EXPECT_EQ(c->unix_seconds, a->unix_seconds);
  EXPECT_EQ(c->utc_offset_minutes, 480);
}

TEST(ParseDateTest, RejectsImpossibleAndNonDates) {
  const char* kRejected[] = {
      "",
      "   ",
      "not a date",
      "2023-13-01",
      "2023-02-30",
      "2023-02-29",  // not a leap year
      "2023-00-10",
      "2023-02-07T25:00:00Z",
      "2023-02-07T08:61:00Z",
      "2023-02-07T08:10:00+25:00",
      "2023年13月1日",
      "2023年2月30日",
      "Thu, 32 Jan 2004 19:48:21 GMT",
      "Thu, 01 Foo 2004 19:48:21 GMT",
      "Thu, 01 Jan 19:48:21 GMT",
      "2003xyz",
      "12:30",
      "2月7日",
      "2023-02-07T",
      "123456789012345678901234567890",
  };
  for (const char* text : kRejected) {
    EXPECT_FALSE(ParseDate(text, 0).has_value()) << text;
  }
}

TEST(FindDateInTextTest, FindsDateAndTimeWithSpan) {
  const std::string text = "发布时间：2023/2/7 08:10 来源：上海市经信委";
  const auto found = FindDateInText(text, 480);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->time.ToRfc3339(), "2023-02-07T08:10:00+08:00");
  EXPECT_EQ(text.substr(found->begin, found->end - found->begin), "2023/2/7 08:10");
}

TEST(FindDateInTextTest, SpanCoversFullWidthDigits) {
  const std::string text = "日期：２０２３年２月７日　阅读量：１００";
  const auto found = FindDateInText(text, 480);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->time.ToRfc3339(), "2023-02-07T00:00:00+08:00");
  EXPECT_EQ(text.substr(found->begin, found->end - found->begin), "２０２３年２月７日");
}

TEST(FindDateInTextTest, SkipsNumbersThatAreNotDates) {
  EXPECT_FALSE(FindDateInText("电话 12023-02-07 编号 2023", 480).has_value());
  EXPECT_FALSE(FindDateInText("共有2023家企业，增长12.5%", 480).has_value());
  EXPECT_FALSE(FindDateInText("", 480).has_value());
  EXPECT_FALSE(FindDateInText("2023-02-30 是无效日期", 480).has_value());
  // The first valid date wins even after an invalid one.
  const auto found = FindDateInText("2023-02-30 或 2023-03-01", 480);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->time.ToRfc3339(), "2023-03-01T00:00:00+08:00");
}

TEST(FindDateInTextTest, LowerCaseWordAfterTimeIsNotAZone) {
  const auto found = FindDateInText("Posted 2023-02-07 08:10 at the expo", 0);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->time.ToRfc3339(), "2023-02-07T08:10:00Z");
}

TEST(FindDateInTextTest, FindsEnglishDates) {
  const auto found = FindDateInText("Updated: Fri, 08 Jul 2022 02:40:24 GMT by editor", 480);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->time.ToRfc3339(), "2022-07-08T02:40:24Z");
}

}  // namespace
}  // namespace newswatch
