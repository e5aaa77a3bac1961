#include "filters/facts/document_facts.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

using E = DocumentFactsExtractor;

TEST(DocumentNumberTest, ReadsEveryBracketForm) {
  EXPECT_EQ(E::DocumentNumber("", "杨浦区科学技术委员会\n\n杨科两会〔2023〕23号\n\n对提案的答复"),
            "杨科两会〔2023〕23号");
  EXPECT_EQ(E::DocumentNumber("", "沪府办发[2022]11号"), "沪府办发[2022]11号");
  EXPECT_EQ(E::DocumentNumber("", "文号：浙政发（2021）7号"), "浙政发（2021）7号");
  EXPECT_EQ(E::DocumentNumber("", "深发改规 (2022) 5号 关于"), "深发改规 (2022) 5号");
  EXPECT_EQ(E::DocumentNumber("", "京政办发【2023】第3号"), "京政办发【2023】第3号");
}

TEST(DocumentNumberTest, OwnNumberBeatsCitedOnes) {
  std::string body =
      "根据《国务院关于印发新一代人工智能发展规划的通知》（国发〔2017〕35号）精神，\n"
      "国办发〔2019〕6号\n各省人民政府：";
  EXPECT_EQ(E::DocumentNumber("", body), "国办发〔2019〕6号");
  auto all = E::FindDocumentNumbers(body);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_TRUE(all[0].cited);
  EXPECT_TRUE(all[1].own_line);
}

TEST(DocumentNumberTest, HostileFragmentsAreNotNumbers) {
  EXPECT_EQ(E::DocumentNumber("", "〔2023〕23号"), "");       // no issuer abbreviation
  EXPECT_EQ(E::DocumentNumber("", "国发〔2023〕"), "");       // no number
  EXPECT_EQ(E::DocumentNumber("", "国发〔2023〕23"), "");     // no 号
  EXPECT_EQ(E::DocumentNumber("", "国发〔20231〕23号"), "");  // five-digit year
  EXPECT_EQ(E::DocumentNumber("", "国发〔2023"), "");         // truncated
  EXPECT_EQ(E::DocumentNumber("", "国发〔"), "");
  EXPECT_EQ(E::DocumentNumber("", "（2022-2025）行动方案"), "");  // a year range
  EXPECT_EQ(E::DocumentNumber("", "国发〔2023〕123456号"), "");   // absurd serial
}

TEST(DatesTest, KindsComeFromTheirKeywords) {
  auto dates = E::FindDates(
      "2023年2月7日，郑州市发布通知。本办法自2023年3月1日起施行。"
      "请于2023-04-30前提交申报材料。2022年全市营收增长。到2025年，产业规模达到3500亿元。");
  ASSERT_EQ(dates.size(), 4u);
  EXPECT_EQ(dates[0].kind, "issued");
  EXPECT_EQ(dates[0].date, "2023-02-07");
  EXPECT_EQ(dates[1].kind, "effective");
  EXPECT_EQ(dates[1].date, "2023-03-01");
  EXPECT_EQ(dates[2].kind, "deadline");
  EXPECT_EQ(dates[2].date, "2023-04-30");
  EXPECT_EQ(dates[2].sentence, "请于2023-04-30前提交申报材料。");
  EXPECT_EQ(dates[3].kind, "target-year");
  EXPECT_EQ(dates[3].date, "2025");
}

TEST(DatesTest, HostileDatesAreSkipped) {
  EXPECT_TRUE(E::FindDates("2023年13月40日发布。20230年1月1日印发。2023年2月日发布").empty());
  EXPECT_TRUE(E::FindDates("").empty());
  EXPECT_TRUE(E::FindDates("2023").empty());
}

TEST(QuantitiesTest, TargetsWithTheirSentenceAndYear) {
  std::vector<Quantity> targets, money;
  E::FindQuantities(
      "到2025年，元宇宙产业规模突破3500亿元，力争打造10家具有国际竞争力的头部企业、"
      "100家“专精特新”企业，推出50+示范场景。",
      &targets, &money);
  ASSERT_EQ(targets.size(), 4u);
  EXPECT_EQ(targets[0].kind, "industry-scale");
  EXPECT_EQ(targets[0].text, "3500亿元");
  EXPECT_DOUBLE_EQ(targets[0].value, 3500e8);
  EXPECT_EQ(targets[0].year, "2025");
  EXPECT_EQ(targets[1].kind, "enterprises");
  EXPECT_EQ(targets[1].text, "10家具有国际竞争力的头部企业");
  EXPECT_EQ(targets[2].text, "100家“专精特新”企业");
  EXPECT_EQ(targets[3].kind, "scenarios");
  EXPECT_DOUBLE_EQ(targets[3].value, 50);
  EXPECT_EQ(targets[3].year, "2025");
  EXPECT_NE(targets[3].sentence.find("到2025年"), std::string::npos);
  // An industry's scale is a target, not money a policy offers.
  EXPECT_TRUE(money.empty());
}

TEST(QuantitiesTest, MoneyKindsAndUnits) {
  std::vector<Quantity> targets, money;
  E::FindQuantities(
      "对符合条件的项目给予最高500万元补贴。设立10亿元元宇宙产业基金。"
      "企业投资1.5万亿元。累计引进外资2,000万美元。占比40%。",
      &targets, &money);
  // Money is what the policy offers (subsidies, funds); firms' investment
  // and attracted capital are not.
  ASSERT_EQ(money.size(), 2u);
  EXPECT_EQ(money[0].kind, "subsidy");
  EXPECT_DOUBLE_EQ(money[0].value, 5e6);
  EXPECT_EQ(money[0].sentence, "对符合条件的项目给予最高500万元补贴。");
  EXPECT_EQ(money[1].kind, "fund");
  EXPECT_DOUBLE_EQ(money[1].value, 1e9);
  EXPECT_TRUE(targets.empty());
}

TEST(QuantitiesTest, StatisticsWithoutAGoalAreNotTargets) {
  std::vector<Quantity> targets, money;
  E::FindQuantities("全区亿元以上交易量的电商平台达21个，共有3家企业入选。", &targets, &money);
  EXPECT_TRUE(targets.empty());
  EXPECT_TRUE(money.empty());
}

}  // namespace
}  // namespace newswatch
