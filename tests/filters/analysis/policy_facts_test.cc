// Issuer, primary region, text kind and named documents read from the
// analysis, on texts written for these tests.
#include "filters/facts/policy_facts.h"

#include <gtest/gtest.h>

#include "filters/facts/facts_stage.h"

namespace newswatch {
namespace {

class PolicyFactsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto stage = FactsStage::Create("", {"元宇宙"});
    ASSERT_TRUE(stage.ok()) << stage.status().ToString();
    stage_ = stage->release();
  }
  static void TearDownTestSuite() { delete stage_; }
  static Facts Run(std::string_view title, std::string_view body) {
    return stage_->Extract(title, body);
  }
  static FactsStage* stage_;
};
FactsStage* PolicyFactsTest::stage_ = nullptr;

TEST_F(PolicyFactsTest, ADistrictsPlanIsTheDistricts) {
  Facts f = Run("上海市徐汇区印发《徐汇区元宇宙产业发展行动方案》",
                "近日,上海市徐汇区人民政府办公室印发《徐汇区元宇宙产业发展行动方案》,提出到2025年,"
                "培育10家元宇宙领军企业。上海市此前已出台全市方案。");
  ASSERT_TRUE(f.primary_region);
  EXPECT_EQ(f.primary_region->code, "310104");
  EXPECT_EQ(f.issuer.level, BodyLevel::kDistrict);
  EXPECT_NE(f.issuer.name.find("徐汇区"), std::string::npos) << f.issuer.name;
  EXPECT_EQ(f.document_kind, DocumentKind::kNewsReport);
  ASSERT_FALSE(f.documents.empty());
  EXPECT_EQ(f.documents.front().title, "徐汇区元宇宙产业发展行动方案");
  EXPECT_EQ(f.documents.front().kind, DocumentKind::kActionPlan);
  EXPECT_EQ(f.documents.front().region_code, "310104");
}

TEST_F(PolicyFactsTest, ANationalPlanIsNational) {
  Facts f =
      Run("工业和信息化部等五部门印发《元宇宙产业创新发展三年行动计划》",
          "为推动元宇宙产业发展,工业和信息化部等五部门联合印发行动计划。浙江、上海等地积极响应。");
  ASSERT_TRUE(f.primary_region);
  EXPECT_EQ(f.primary_region->code, "000000");
  EXPECT_EQ(f.issuer.level, BodyLevel::kNational);
  EXPECT_NE(f.issuer.name.find("工业和信息化部"), std::string::npos);
}

TEST_F(PolicyFactsTest, ARoundupHasNeitherIssuerNorPrimaryRegion) {
  Facts f = Run("各地元宇宙政策盘点",
                "武汉市人民政府印发《武汉市元宇宙产业发展实施方案》。"
                "成都市经信局发布《成都市元宇宙产业发展行动方案》。"
                "南京市人民政府办公厅印发《南京市加快元宇宙产业发展行动计划》。");
  EXPECT_EQ(f.document_kind, DocumentKind::kRoundup);
  EXPECT_FALSE(f.primary_region);
  EXPECT_TRUE(f.issuer.name.empty());
  EXPECT_GE(f.documents.size(), 3u);
}

TEST_F(PolicyFactsTest, AReplyToAProposalIsTheReplyingBodys) {
  Facts f = Run("",
                "某区科学技术委员会\n对区政协第十届三次会议第088号提案的答复\n王某委员:\n"
                "您提出的关于发展元宇宙产业的提案收悉,现答复如下。");
  EXPECT_EQ(f.document_kind, DocumentKind::kProposalReply);
}

TEST_F(PolicyFactsTest, ADeputysProposalHasNoIssuer) {
  Facts f = Run("全国政协委员李某:建议加快制定元宇宙产业发展规划",
                "全国政协委员李某建议,加快制定国家层面的元宇宙产业发展规划。");
  EXPECT_EQ(f.document_kind, DocumentKind::kProposal);
  EXPECT_TRUE(f.issuer.name.empty()) << f.issuer.name;
  ASSERT_TRUE(f.primary_region);
  EXPECT_EQ(f.primary_region->code, "000000");
}

TEST_F(PolicyFactsTest, AnInterpretationAndAnOfficialsWordsAreToldApart) {
  EXPECT_EQ(Run("一图读懂《某市元宇宙产业发展行动方案》", "").document_kind,
            DocumentKind::kInterpretation);
  EXPECT_EQ(Run("某市市长张某:将出台元宇宙专项政策", "").document_kind, DocumentKind::kSpeech);
}

TEST_F(PolicyFactsTest, TheTextItselfIsTheDocument) {
  Facts f =
      Run("温州市元宇宙产业发展若干措施(征求意见稿)", "第一条 为加快元宇宙产业发展,制定本措施。");
  EXPECT_EQ(f.document_kind, DocumentKind::kConsultationDraft);
  ASSERT_TRUE(f.primary_region);
  EXPECT_EQ(f.primary_region->code, "330300");
}

}  // namespace
}  // namespace newswatch
