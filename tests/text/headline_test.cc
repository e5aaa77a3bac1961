// The headline of a plain-text document, on documents written for these tests.
#include "daemon/text/headline.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

TEST(HeadlineTest, AMarkdownHeadingIsTheTitle) {
  Headline h = InferHeadline("\n# 某区关于推进元宇宙产业发展的答复\n\n正文第一段。");
  EXPECT_EQ(h.text, "某区关于推进元宇宙产业发展的答复");
  EXPECT_TRUE(h.first_line);
}

TEST(HeadlineTest, HeaderLinesOfAnOfficialReplyComeBeforeItsHeading) {
  Headline h = InferHeadline(
      "办理结果：解决或采纳\n主动公开\n某某区经济委员会\n某经两会〔2024〕7号\n"
      "对区人大十七届三次会议第12号建议的答复\n李某代表：\n您提出的建议收悉。");
  EXPECT_EQ(h.text, "对区人大十七届三次会议第12号建议的答复");
  EXPECT_FALSE(h.first_line);
}

TEST(HeadlineTest, ParagraphsDatesMenusAndChromeAreNoHeadlines) {
  EXPECT_FALSE(LooksLikeHeadline(
      "今年以来，本市围绕数字经济发展的总体部署，持续推进产业数字化和数字产业化，取得积极成效，"
      "一批重点项目陆续落地。"));
  EXPECT_FALSE(LooksLikeHeadline("2023年06月05日 星期一"));
  EXPECT_FALSE(LooksLikeHeadline("2024-01-02 10:30:00"));
  EXPECT_FALSE(LooksLikeHeadline("发布日期：2024-01-02"));
  EXPECT_FALSE(LooksLikeHeadline("首页 新闻 政务 服务 互动 专题"));
  EXPECT_FALSE(LooksLikeHeadline("搜索历史"));
  EXPECT_FALSE(LooksLikeHeadline("更多精彩请访问 www.example.com"));
  EXPECT_FALSE(LooksLikeHeadline("一、总体要求和发展目标"));
  EXPECT_FALSE(LooksLikeHeadline("（三）加强人才培养"));
  EXPECT_FALSE(LooksLikeHeadline("责任编辑 王某某"));
  EXPECT_FALSE(LooksLikeHeadline("某省工业和信息化厅"));
  EXPECT_FALSE(LooksLikeHeadline("某发〔2024〕3号"));
  EXPECT_TRUE(LooksLikeHeadline("某市发布元宇宙产业发展行动方案 力争三年培育百家企业"));
  EXPECT_TRUE(LooksLikeHeadline("上海：壮大元宇宙发展新动能"));
}

TEST(HeadlineTest, TraditionalScriptChromeIsChromeToo) {
  EXPECT_FALSE(LooksLikeHeadline("審核編輯 黃某某"));
  EXPECT_FALSE(LooksLikeHeadline("來源：某某新聞網"));
}

TEST(HeadlineTest, NoHeadlineGivesNone) {
  Headline h = InferHeadline(
      "2024年3月1日\n今年以来，本市围绕数字经济发展的总体部署，持续推进产业数字化，取得成效。\n"
      "某市\n");
  EXPECT_TRUE(h.text.empty());
  EXPECT_TRUE(InferHeadline("").text.empty());
}

}  // namespace
}  // namespace newswatch
