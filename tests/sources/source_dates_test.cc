// The date forms of list APIs and government pages on top of ParseDate.
#include "daemon/sources/source_dates.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

std::string Rfc(std::string_view text) {
  auto t = ParseSourceDate(text, 480);
  return t ? t->ToRfc3339() : "none";
}

TEST(SourceDatesTest, EpochSecondsAndMillisecondsAsDigits) {
  EXPECT_EQ(Rfc("1712710800"), "2024-04-10T09:00:00+08:00");
  EXPECT_EQ(Rfc("1712710800000"), "2024-04-10T09:00:00+08:00");
  EXPECT_EQ(Rfc(" 1712710800 "), "2024-04-10T09:00:00+08:00");
  EXPECT_EQ(Rfc("0"), "none");
  EXPECT_EQ(Rfc("99999999999999"), "none");  // too many digits for either
}

TEST(SourceDatesTest, GovCnMetaAndListForms) {
  EXPECT_EQ(Rfc("2024-04-10-10:30:00"), "2024-04-10T10:30:00+08:00");  // gov.cn firstpublishedtime
  EXPECT_EQ(Rfc("2024-04-10-10:30"), "2024-04-10T10:30:00+08:00");
  EXPECT_EQ(Rfc("2024.04.10"), "2024-04-10T00:00:00+08:00");  // gov.cn pubtimeStr
  EXPECT_EQ(Rfc("2024/04/10"), "2024-04-10T00:00:00+08:00");  // NDRC lists
  EXPECT_EQ(Rfc("[2024-04-10]"), "2024-04-10T00:00:00+08:00");
  EXPECT_EQ(Rfc("发布日期：2024年4月10日"), "2024-04-10T00:00:00+08:00");
  EXPECT_EQ(Rfc("信息提供日期：2024-04-10 09:15"), "2024-04-10T09:15:00+08:00");
  EXPECT_EQ(Rfc("2024-04-10T09:00:00+08:00"), "2024-04-10T09:00:00+08:00");
  EXPECT_EQ(Rfc("昨天"), "none");
  EXPECT_EQ(Rfc(""), "none");
}

}  // namespace
}  // namespace newswatch
