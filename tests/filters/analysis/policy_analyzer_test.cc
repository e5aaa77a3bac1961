// The policy analysis on sentences written for these tests (normalized form:
// simplified script, half-width punctuation).
#include "filters/analysis/policy_analyzer.h"

#include <gtest/gtest.h>

#include "filters/analysis/document_finder.h"

namespace newswatch {
namespace {

class PolicyAnalyzerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto table = RegionTable::Builtin();
    ASSERT_TRUE(table.ok());
    auto analyzer = PolicyAnalyzer::Create(std::make_shared<const RegionTable>(std::move(*table)),
                                           {"元宇宙", "metaverse"});
    ASSERT_TRUE(analyzer.ok()) << analyzer.status().ToString();
    analyzer_ = analyzer->release();
  }
  static void TearDownTestSuite() { delete analyzer_; }

  static Analysis Run(std::string_view title, std::string_view body = "") {
    return analyzer_->Analyze(title, body);
  }
  // The first act whose verb is `verb`, or nullptr.
  static const Act* ActOf(const Analysis& a, std::string_view verb) {
    for (const Act& act : a.acts) {
      if (act.verb == verb) return &act;
    }
    return nullptr;
  }
  static PolicyAnalyzer* analyzer_;
};
PolicyAnalyzer* PolicyAnalyzerTest::analyzer_ = nullptr;

TEST_F(PolicyAnalyzerTest, BodyIsRecognisedByTheStructureOfItsName) {
  Analysis a =
      Run("", "近日,杭州市经济和信息化局印发《杭州市元宇宙产业发展行动计划(2024-2026年)》。");
  const Act* act = ActOf(a, "印发");
  ASSERT_NE(act, nullptr);
  ASSERT_GE(act->actor, 0);
  const Actor& actor = a.actors[act->actor];
  EXPECT_EQ(actor.name, "杭州市经济和信息化局");
  EXPECT_EQ(actor.kind, ActorKind::kGovernment);
  EXPECT_EQ(actor.level, 3);
  EXPECT_EQ(actor.region_code, "330100");
  ASSERT_GE(act->document, 0);
  const NamedDocument& doc = a.documents[act->document];
  EXPECT_EQ(doc.title, "杭州市元宇宙产业发展行动计划(2024-2026年)");
  EXPECT_EQ(doc.kind, static_cast<int>(DocumentKind::kActionPlan));
  EXPECT_TRUE(doc.policy);
  EXPECT_TRUE(doc.on_topic);
  EXPECT_EQ(doc.year, 2024);
  EXPECT_EQ(doc.region_code, "330100");
  EXPECT_TRUE(act->on_topic);
}

TEST_F(PolicyAnalyzerTest, ShortNamesAreWrittenOutInTheCanonicalName) {
  Analysis a = Run("", "成都市发改委发布《关于支持元宇宙产业发展的若干措施》。");
  const Act* act = ActOf(a, "发布");
  ASSERT_NE(act, nullptr);
  ASSERT_GE(act->actor, 0);
  EXPECT_EQ(a.actors[act->actor].canonical, "成都市发展和改革委员会");
}

TEST_F(PolicyAnalyzerTest, JointIssuersAreOneActor) {
  Analysis a = Run("", "市发展改革委、市科委等6部门联合印发《关于促进元宇宙产业发展的若干措施》。");
  const Act* act = ActOf(a, "印发");
  ASSERT_NE(act, nullptr);
  ASSERT_GE(act->actor, 0);
  EXPECT_EQ(a.actors[act->actor].name, "市发展改革委、市科委等6部门");
  EXPECT_EQ(a.actors[act->actor].level, 3);
}

TEST_F(PolicyAnalyzerTest, ARegionActingIsItsGovernment) {
  Analysis a = Run("南京发布元宇宙产业发展三年行动计划 聚焦五大方向");
  const Act* act = ActOf(a, "发布");
  ASSERT_NE(act, nullptr);
  ASSERT_GE(act->actor, 0);
  EXPECT_TRUE(a.actors[act->actor].bare_region);
  EXPECT_EQ(a.actors[act->actor].region_code, "320100");
  // The unbracketed title after the verb is the document.
  ASSERT_GE(act->document, 0);
  EXPECT_EQ(a.documents[act->document].title, "元宇宙产业发展三年行动计划");
  EXPECT_TRUE(act->on_topic);
}

TEST_F(PolicyAnalyzerTest, AssociationsCompaniesAndGatheringsAreNotGovernment) {
  Analysis a = Run("某省元宇宙产业协会发布元宇宙产业发展报告");
  ASSERT_FALSE(a.actors.empty());
  EXPECT_EQ(a.actors.front().kind, ActorKind::kAssociation);
  for (const NamedDocument& d : a.documents) EXPECT_FALSE(d.policy) << d.title;

  Analysis event = Run("2024元宇宙生态大会在成都开幕");
  ASSERT_FALSE(event.actors.empty());
  EXPECT_EQ(event.actors.front().kind, ActorKind::kEvent);

  Analysis committee = Run("某学院教授当选某联合会元宇宙专业委员会主任");
  for (const Actor& actor : committee.actors) EXPECT_FALSE(IsPublicActor(actor.kind)) << actor.name;
}

TEST_F(PolicyAnalyzerTest, AVerbInsideIsNoPartOfAName) {
  Analysis a = Run("", "北京举行市政府新闻发布会,介绍元宇宙相关政策。");
  for (const Actor& actor : a.actors) EXPECT_NE(actor.name, "北京举行市政府");
  bool city_government = false;
  for (const Actor& actor : a.actors) city_government |= actor.name == "市政府";
  EXPECT_TRUE(city_government);
}

TEST_F(PolicyAnalyzerTest, DeputiesProposeAndNationalOnesAreNational) {
  Analysis a = Run("全国人大代表王某提交关于发展元宇宙产业的建议");
  const Act* act = ActOf(a, "提交");
  ASSERT_NE(act, nullptr);
  ASSERT_GE(act->actor, 0);
  EXPECT_EQ(a.actors[act->actor].kind, ActorKind::kDeputy);
  EXPECT_EQ(a.actors[act->actor].region_code, "000000");
  EXPECT_EQ(act->kind, ActKind::kPropose);
  EXPECT_TRUE(act->on_topic);
}

TEST_F(PolicyAnalyzerTest, ForeignGovernmentsAct) {
  Analysis a = Run("新加坡推出国家元宇宙发展战略");
  const Act* act = ActOf(a, "推出");
  ASSERT_NE(act, nullptr);
  ASSERT_GE(act->actor, 0);
  EXPECT_EQ(a.actors[act->actor].kind, ActorKind::kForeignGovernment);
  EXPECT_EQ(a.actors[act->actor].region_code, "foreign");
  EXPECT_TRUE(act->on_topic);
}

TEST_F(PolicyAnalyzerTest, ADocumentBeforeItsVerbIsItsObject) {
  Analysis a = Run("", "会上,“元宇宙产业创新发展行动方案”正式发布。");
  const Act* act = ActOf(a, "发布");
  ASSERT_NE(act, nullptr);
  EXPECT_TRUE(act->on_topic);
}

TEST_F(PolicyAnalyzerTest, ATitleThatIsADocumentLeadsTheDocuments) {
  Analysis a = Run("宁波市元宇宙产业发展行动方案(2024—2026年)");
  EXPECT_TRUE(a.title_is_document);
  EXPECT_TRUE(a.title_on_topic);
  ASSERT_FALSE(a.documents.empty());
  EXPECT_TRUE(a.documents.front().span.in_title);
  EXPECT_EQ(a.documents.front().region_code, "330200");

  EXPECT_FALSE(Run("一图读懂宁波市元宇宙产业发展行动方案").title_is_document);
  EXPECT_FALSE(Run("宁波发布元宇宙产业发展行动方案").title_is_document);
  EXPECT_TRUE(Run("某市人民政府办公厅关于印发某市元宇宙产业发展行动方案的通知").title_is_document);
}

TEST_F(PolicyAnalyzerTest, PassingMentionsMakeNoActOnTheTopic) {
  Analysis a = Run("", "市政府印发《数字经济发展规划》。另据报道,元宇宙概念股今日上涨。");
  const Act* act = ActOf(a, "印发");
  ASSERT_NE(act, nullptr);
  EXPECT_FALSE(act->on_topic);
}

TEST(DocumentKeyTest, ReportsOfOneDocumentShareItsKey) {
  using analysis::DocumentKey;
  const std::string key = DocumentKey("某市元宇宙产业发展行动计划(2023—2025年)");
  EXPECT_EQ(DocumentKey("某市元宇宙产业发展行动计划(2023-2025)"), key);
  EXPECT_EQ(DocumentKey("关于印发某市元宇宙产业发展行动计划的通知"), key);
  EXPECT_EQ(DocumentKey("某市元宇宙产业发展的行动计划"), key);
  EXPECT_NE(DocumentKey("某市元宇宙产业发展行动计划(征求意见稿)"), key);
  EXPECT_NE(DocumentKey("某省元宇宙产业发展行动计划"), key);
}

}  // namespace
}  // namespace newswatch
