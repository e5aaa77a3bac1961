#include "daemon/extract/byline.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

TEST(BylineTest, FindsSourceAndAuthorInAnInfoLine) {
  auto fields = FindBylineFields("2019-06-15 08:18  来源：人民网-文化频道 作者：张三");
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].kind, BylineKind::kSource);
  EXPECT_EQ(fields[0].value, "人民网-文化频道");
  EXPECT_EQ(fields[1].kind, BylineKind::kAuthor);
  EXPECT_EQ(fields[1].value, "张三");
}

TEST(BylineTest, LongestLabelWins) {
  auto fields = FindBylineFields("责任编辑：王五");
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].kind, BylineKind::kEditor);
  EXPECT_EQ(fields[0].value, "王五");
  fields = FindBylineFields("文章来源:新华社");
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].kind, BylineKind::kSource);
  EXPECT_EQ(fields[0].value, "新华社");
}

TEST(BylineTest, LabelInsideAWordIsNotALabel) {
  EXPECT_TRUE(FindBylineFields("数据来源：国家统计局").empty());
  EXPECT_TRUE(FindBylineFields("记者会上，他表示来源于市场").empty());
}

TEST(BylineTest, ReporterAfterOutletName) {
  auto fields = FindBylineFields("本报记者 李四");
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].kind, BylineKind::kAuthor);
  EXPECT_EQ(fields[0].value, "李四");
}

TEST(BylineTest, BylineLinesAreRecognisedAndProseIsNot) {
  EXPECT_TRUE(IsBylineLine("责任编辑：王五"));
  EXPECT_TRUE(IsBylineLine("（来源：人民日报）"));
  EXPECT_TRUE(IsBylineLine("原标题：关于推进元宇宙产业发展的通知"));
  EXPECT_FALSE(
      IsBylineLine("会议指出，要加快推进元宇宙产业创新发展，编制相关规划，强化政策支持。"));
  EXPECT_FALSE(IsBylineLine(""));
}

TEST(BylineTest, TrailingSourceNoteIsStrippedAndKept) {
  std::vector<BylineField> fields;
  std::string p = StripTrailingBylineNote("会议强调要抓好落实。（来源：新华社）", &fields);
  EXPECT_EQ(p, "会议强调要抓好落实。");
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].value, "新华社");
}

TEST(BylineTest, BracketedRemarkWithoutLabelIsKept) {
  std::vector<BylineField> fields;
  std::string p = StripTrailingBylineNote("他说（笑）", &fields);
  EXPECT_EQ(p, "他说（笑）");
  EXPECT_TRUE(fields.empty());
}

TEST(BylineTest, CleanAuthorRejectsIdsAndUrls) {
  EXPECT_EQ(CleanAuthor("104363"), "");
  EXPECT_EQ(CleanAuthor("http://www.example.com/"), "");
  EXPECT_EQ(CleanAuthor("记者：张三"), "张三");
  EXPECT_EQ(CleanAuthor("（张三）"), "张三");
}

TEST(BylineTest, OutletNamesAreNotPeople) {
  for (const char* outlet : {"新京报", "人民网", "新华社", "央视新闻", "新浪财经-自媒体综合",
                             "观察者网专栏作者", "某某日报客户端"}) {
    EXPECT_TRUE(IsOutletName(outlet)) << outlet;
  }
  for (const char* person : {"张申", "霍琦", "欧阳晓明", "John Smith"}) {
    EXPECT_FALSE(IsOutletName(person)) << person;
  }
}

TEST(BylineTest, CleanAuthorDropsTheCmsStaffCode) {
  EXPECT_EQ(CleanAuthor("杜硕_NB12556"), "杜硕");
  EXPECT_EQ(CleanAuthor("张三_李四"), "张三_李四");
}

}  // namespace
}  // namespace newswatch
