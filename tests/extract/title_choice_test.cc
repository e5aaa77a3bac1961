#include "daemon/extract/title_choice.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

TEST(TitleChoiceTest, HeadingContainedInTitleTagWins) {
  TitleEvidence e;
  e.title_tag = "多地项目连环爆雷 狂奔的龙湖集团_网易财经";
  e.headings = {"网易", "多地项目连环爆雷 狂奔的龙湖集团"};
  EXPECT_EQ(ChooseTitle(e), "多地项目连环爆雷 狂奔的龙湖集团");
}

TEST(TitleChoiceTest, SiteSuffixIsRemovedWithoutHeadings) {
  TitleEvidence e;
  e.title_tag = "国务院关于推进数字经济发展的意见_政策_中国政府网";
  EXPECT_EQ(ChooseTitle(e), "国务院关于推进数字经济发展的意见");
  e.title_tag = "法国全国大罢工再次严重影响交通-新华网";
  EXPECT_EQ(ChooseTitle(e), "法国全国大罢工再次严重影响交通");
  e.title_tag = "女儿出嫁，郑板桥画了几笔兰花当嫁妆--文化--人民网";
  EXPECT_EQ(ChooseTitle(e), "女儿出嫁，郑板桥画了几笔兰花当嫁妆");
}

TEST(TitleChoiceTest, HyphenInsideNumbersIsNotASeparator) {
  EXPECT_EQ(SplitTitleParts("1-10月德清县固定资产投资结构趋稳趋优").size(), 1u);
  EXPECT_EQ(SplitTitleParts("Wi-Fi 7 标准发布 - 科技频道").size(), 2u);
}

TEST(TitleChoiceTest, CleanMetaTitleIsKeptAsIs) {
  TitleEvidence e;
  e.meta_title = "上海市培育元宇宙新赛道行动方案-解读";
  e.title_tag = "上海市培育元宇宙新赛道行动方案-解读_上海市人民政府";
  EXPECT_EQ(ChooseTitle(e), "上海市培育元宇宙新赛道行动方案-解读");
}

TEST(TitleChoiceTest, NothingGivesEmpty) {
  EXPECT_EQ(ChooseTitle(TitleEvidence{}), "");
  TitleEvidence e;
  e.title_tag = " _ | ";
  EXPECT_EQ(ChooseTitle(e), "");
}

}  // namespace
}  // namespace newswatch
