// Forward-looking targets and offered money, on sentences written for these tests.
#include "filters/facts/quantities.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

struct Found {
  std::vector<Quantity> targets, money;
};
Found Find(std::string_view text) {
  Found f;
  FindQuantities(text, &f.targets, &f.money);
  return f;
}

TEST(ForwardQuantitiesTest, GoalsAreTargets) {
  Found f = Find(
      "到2026年,全市元宇宙产业规模突破800亿元,培育2-3个特色产业集聚发展区,"
      "引进10家以上龙头企业。");
  ASSERT_EQ(f.targets.size(), 3u);
  EXPECT_EQ(f.targets[0].kind, "industry-scale");
  EXPECT_DOUBLE_EQ(f.targets[0].value, 800e8);
  EXPECT_EQ(f.targets[0].year, "2026");
  EXPECT_EQ(f.targets[1].kind, "parks");
  EXPECT_DOUBLE_EQ(f.targets[1].value, 2);  // a range keeps its first value
  EXPECT_EQ(f.targets[2].kind, "enterprises");
  EXPECT_TRUE(f.money.empty());
}

TEST(ForwardQuantitiesTest, PastStatisticsAreNotTargets) {
  EXPECT_TRUE(Find("2022年,全区实现税收收入45亿元,同比增长8%。").targets.empty());
  EXPECT_TRUE(Find("目前已集聚元宇宙企业120家,形成较好基础。").targets.empty());
  EXPECT_TRUE(Find("2021年,某区生产总值突破千亿,全年实现155.2亿元,同比增长30%。").targets.empty());
  EXPECT_TRUE(Find("全区电商平台达21个,共有3家企业入选。").targets.empty());
}

TEST(ForwardQuantitiesTest, TheNounMayComeBeforeTheNumber) {
  Found f = Find("力争到2027年,专利超过600项,从业人员30000人。");
  ASSERT_EQ(f.targets.size(), 2u);
  EXPECT_EQ(f.targets[0].kind, "patents");
  EXPECT_DOUBLE_EQ(f.targets[0].value, 600);
  EXPECT_EQ(f.targets[1].kind, "people");
}

TEST(ForwardQuantitiesTest, MoneyIsWhatThePolicyOffers) {
  Found f = Find(
      "对新落户的企业给予最高800万元奖励。设立总规模50亿元的元宇宙产业基金。"
      "主板上市奖1000万。项目总投资约30亿元。某企业去年融资2亿元。");
  ASSERT_EQ(f.money.size(), 3u);
  EXPECT_EQ(f.money[0].kind, "subsidy");
  EXPECT_DOUBLE_EQ(f.money[0].value, 8e6);
  EXPECT_EQ(f.money[1].kind, "fund");
  EXPECT_DOUBLE_EQ(f.money[1].value, 5e9);
  EXPECT_EQ(f.money[2].kind, "subsidy");
  EXPECT_DOUBLE_EQ(f.money[2].value, 1e7);
}

TEST(ForwardQuantitiesTest, ABareTenThousandCountingPeopleIsNoMoney) {
  Found f = Find("每年给予补贴惠及10万人次。");
  EXPECT_TRUE(f.money.empty());
}

TEST(ForwardQuantitiesTest, HostileNumbersDoNotBreakIt) {
  Found f = Find("1,2,3,4,5.6.7亿元亿元---1-2-3个个个+++9999999999999999999999家企业");
  (void)f;
  EXPECT_TRUE(Find("").targets.empty());
}

}  // namespace
}  // namespace newswatch
