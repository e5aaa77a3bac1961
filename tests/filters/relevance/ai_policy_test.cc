// The second profile (config/topics/ai-policy.yaml): the format serves another topic.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "daemon/text/normalize.h"
#include "filters/relevance/explain.h"
#include "filters/relevance/scorer.h"

namespace newswatch {
namespace {

class AiPolicyProfile : public ::testing::Test {
 protected:
  void SetUp() override {
    auto profile = LoadTopicProfile(std::filesystem::path(NW_SOURCE_DIR) /
                                    "config/topics/ai-policy.yaml");
    ASSERT_TRUE(profile.ok()) << profile.status().ToString();
    auto scorer = RelevanceScorer::Create(std::move(*profile));
    ASSERT_TRUE(scorer.ok()) << scorer.status().ToString();
    scorer_ = std::move(*scorer);
    auto normalizer = TextNormalizer::Create();
    ASSERT_TRUE(normalizer.ok()) << normalizer.status().ToString();
    normalizer_ = std::move(*normalizer);
  }

  Relevance Score(std::string_view title, std::string_view body) {
    return scorer_->Score(normalizer_->Normalize(title), normalizer_->Normalize(body));
  }

  std::unique_ptr<RelevanceScorer> scorer_;
  std::unique_ptr<TextNormalizer> normalizer_;
};

TEST_F(AiPolicyProfile, GovernmentAiPlansAreRelevant) {
  Relevance r = Score("某省印发人工智能产业发展行动方案",
                      "省人民政府办公厅近日印发行动方案,提出到2027年人工智能核心产业规模突破千亿元。");
  EXPECT_EQ(r.verdict, Verdict::kRelevant) << ExplainRelevance(r);
  EXPECT_EQ(r.profile, "ai-policy");
  // Traditional script and full-width letters fold to the same terms.
  Relevance t = Score("某省印發人工智能產業發展行動方案",
                      "省人民政府辦公廳近日印發行動方案,提出到2027年人工智能核心產業規模突破千億元。");
  EXPECT_DOUBLE_EQ(t.score, r.score) << ExplainRelevance(t);
}

TEST_F(AiPolicyProfile, AiStockTalkAndProductsAreNotRelevant) {
  EXPECT_EQ(Score("人工智能概念股集体涨停", "多只人工智能概念股涨停,板块市值大增。").verdict,
            Verdict::kNotRelevant);
  EXPECT_EQ(Score("新款手机搭载大模型", "发布会上,公司展示了大模型助手。").verdict,
            Verdict::kNotRelevant);
}

TEST_F(AiPolicyProfile, MetaversePlanIsNotAnAiPolicy) {
  Relevance r = Score("某市印发元宇宙产业发展行动计划", "市政府印发元宇宙行动计划。");
  EXPECT_EQ(r.verdict, Verdict::kNotRelevant) << ExplainRelevance(r);
}

TEST_F(AiPolicyProfile, StateCouncilAiPlusOpinionsFromTheLabelledSetAreRelevant) {
  // Labelled negative for the metaverse profile as "other-policy: AI"; exactly
  // what the AI profile is for.
  std::ifstream in(std::string(NW_SHARED_DIR) + "/corpus/relevance/items/117.txt");
  ASSERT_TRUE(in.good());
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Relevance r = Score("", text);
  EXPECT_EQ(r.verdict, Verdict::kRelevant) << ExplainRelevance(r);
}

}  // namespace
}  // namespace newswatch
