// ParseFeedDate reads the common RFC 822 and RFC 3339 forms itself and must give ParseDate's
// answer for every text: it is compared with ParseDate(text, 0) on the dates of every corpus
// feed and on generated dates around the edges of both forms (one- and two-digit fields, every
// month and weekday spelling, impossible days and times, leap years and seconds, zones in every
// spelling and beyond +-18 hours, stray spaces, fractions, lower-case 'z' and 't').
#include "daemon/feed/feed_dates.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/text/dates.h"
#include "tests/support/read_file.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;

std::string Show(const std::optional<Timestamp>& t) {
  return t ? std::to_string(t->unix_seconds) + "/" + std::to_string(t->utc_offset_minutes) : "none";
}

void ExpectSame(const std::string& text, size_t& parsed) {
  const std::optional<Timestamp> want = ParseDate(text, 0);
  ASSERT_EQ(Show(ParseFeedDate(text)), Show(want)) << "[" << text << "]";
  if (want) ++parsed;
}

TEST(FeedDatesTest, Rfc822FormsAgreeWithParseDate) {
  const std::vector<std::string> weekdays = {"Tue", "tue", "THU", "Sun", "Xyz", "Tues", "Mo"};
  const std::vector<std::string> days = {"1", "02", "29", "30", "31", "00", "32", "002", "x1"};
  const std::vector<std::string> months = {"Jan",  "feb", "MAR", "Apr", "Sep",
                                           "Sept", "Dec", "Foo", "June"};
  const std::vector<std::string> years = {"2024", "2023", "1900", "2000",
                                          "0000", "0001", "24",   "20245"};
  const std::vector<std::string> times = {"01:01:00", "23:59:59",   "23:59:60",
                                          "24:00:00", "12:60:00",   "1:01:00",
                                          "01:01",    "01:01:00.5", "10:00:00 PM"};
  const std::vector<std::string> zones = {
      "+0800",  "-0500", "+0000", "-1200", "+1800",       "+1801", "+0860",
      "+08:00", "+080",  "GMT",   "gmt",   "UTC",         "UT",    "Z",
      "z",      "EST",   "CST",   "",      "+0800 (CST)", "XYZT",  "GMT+8"};
  size_t parsed = 0;
  for (const std::string& w : weekdays) {
    for (const std::string& d : days) {
      for (const std::string& m : months) {
        for (const std::string& y : years) {
          for (const std::string& t : times) {
            for (const std::string& z : zones) {
              ExpectSame(w + ", " + d + " " + m + " " + y + " " + t + (z.empty() ? "" : " " + z),
                         parsed);
            }
          }
        }
      }
    }
  }
  for (const char* odd : {"Tue,02 Mar 2024 01:01:00 +0800", "Tue, 02 Mar 2024 01:01:00+0800",
                          "Tue, 02  Mar 2024 01:01:00 +0800", "Tue., 02 Mar 2024 01:01:00 +0800",
                          "02 Mar 2024 01:01:00 +0800", "Tue, 02-Mar-2024 01:01:00 +0800",
                          "Tue, 29 Feb 2023 01:01:00 +0800", "Tue, 29 Feb 2000 01:01:00 +0800",
                          "Tue, 29 Feb 1900 01:01:00 +0800", "Tue, 02 Mar 2024 01:01:00 +08000"}) {
    ExpectSame(odd, parsed);
  }
  EXPECT_GT(parsed, 10000u);
}

TEST(FeedDatesTest, Rfc3339FormsAgreeWithParseDate) {
  const std::vector<std::string> dates = {"2024-03-02", "2024-02-29", "2023-02-29",
                                          "2024-13-01", "2024-00-10", "2024-04-31",
                                          "0000-01-01", "2024-3-02",  "20240-03-02"};
  const std::vector<std::string> seps = {"T", "t", " "};
  const std::vector<std::string> times = {"01:01:00",  "23:59:60",   "24:00:00",
                                          "01:60:00",  "01:01",      "01:01:00.123",
                                          "01:01:00.", "01:01:00,5", "1:01:00"};
  const std::vector<std::string> zones = {
      "Z",      "z",      "+08:00", "-05:00", "+0800", "-0530", "+18:00", "+18:01",
      "+19:00", "+08:60", "+8:00",  "+08",    "",      " Z",    "Zulu",   "+08:00 (CST)"};
  size_t parsed = 0;
  for (const std::string& d : dates) {
    for (const std::string& s : seps) {
      for (const std::string& t : times) {
        for (const std::string& z : zones) ExpectSame(d + s + t + z, parsed);
      }
    }
  }
  EXPECT_GT(parsed, 300u);
}

using ::newswatch::testing::ReadFile;

TEST(FeedDatesTest, CorpusDatesAgreeWithParseDate) {
  const fs::path feeds = fs::path(NW_SHARED_DIR) / "corpus" / "feeds";
  ASSERT_TRUE(fs::exists(feeds)) << feeds;
  const std::regex date(
      "<(pubDate|dc:date|updated|published|lastBuildDate|issued|modified)>([^<]*)</");
  size_t dates = 0;
  size_t parsed = 0;
  for (const auto& entry : fs::recursive_directory_iterator(feeds)) {
    if (!entry.is_regular_file()) continue;
    const std::string bytes = ReadFile(entry.path());
    for (std::sregex_iterator it(bytes.begin(), bytes.end(), date), end; it != end; ++it) {
      ExpectSame((*it)[2].str(), parsed);
      ++dates;
    }
  }
  EXPECT_GT(dates, 10000u);
  EXPECT_GT(parsed, 10000u);
}

}  // namespace
}  // namespace newswatch
