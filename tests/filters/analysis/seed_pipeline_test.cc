// The five seeds (../shared/seeds) through the daemon's own path: the spool
// reader builds the article, the pipeline's stages judge and annotate it.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "daemon/sources/document.h"
#include "filters/pipeline_stages.h"
#include "tests/support/read_file.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;

class SeedPipelineTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    PipelineSettings settings;
    settings.profiles = {fs::path(NW_SOURCE_DIR) / "config/topics/metaverse-policy.yaml"};
    auto stages = BuildPipeline(settings);
    ASSERT_TRUE(stages.ok()) << stages.status().ToString();
    stages_ = new std::vector<std::unique_ptr<Stage>>(std::move(*stages));
    for (const auto& e : fs::directory_iterator(fs::path(NW_SHARED_DIR) / "seeds")) {
      std::string text = ::newswatch::testing::ReadFile(e.path());
      auto article = ArticleFromDocument({text, "file://" + e.path().string(), "", "seeds"});
      ASSERT_TRUE(article.ok()) << e.path();
      for (const auto& stage : *stages_) {
        if (stage->Process(*article).decision == Decision::kDrop) break;
      }
      seeds_[e.path().filename().string().substr(0, 3)] = std::move(*article);
    }
  }
  static void TearDownTestSuite() { delete stages_; }

  static std::vector<std::unique_ptr<Stage>>* stages_;
  static std::map<std::string, Article> seeds_;
};
std::vector<std::unique_ptr<Stage>>* SeedPipelineTest::stages_ = nullptr;
std::map<std::string, Article> SeedPipelineTest::seeds_;

TEST_F(SeedPipelineTest, AllFiveAreRelevant) {
  ASSERT_EQ(seeds_.size(), 5u);
  for (const auto& [id, a] : seeds_) {
    EXPECT_EQ(a.relevance.verdict, Verdict::kRelevant) << id;
  }
}

TEST_F(SeedPipelineTest, TheReplysTitleIsItsHeadingNotItsHeaderLines) {
  EXPECT_EQ(seeds_["001"].title, "对区政协十五届二次会议 第B129号提案的答复");
  EXPECT_EQ(seeds_["003"].title, "对长宁区政协第十五届二次会议第 017 号提案的答复");
}

TEST_F(SeedPipelineTest, PinyinNoiseLeavesWhatEventsCarry) {
  const Article& roundup = seeds_["004"];
  for (const std::string* text : {&roundup.title, &roundup.summary, &roundup.body_text}) {
    EXPECT_EQ(text->find("(guó)"), std::string::npos);
    EXPECT_EQ(text->find("(chǎn)"), std::string::npos);
  }
  // The original script is kept.
  EXPECT_NE(roundup.body_text.find("產業"), std::string::npos);
}

TEST_F(SeedPipelineTest, PastStatisticsAreNeitherTargetsNorMoney) {
  for (const char* id : {"000", "003"}) {
    const Facts& f = seeds_[id].facts;
    for (const Quantity& q : f.targets) {
      EXPECT_EQ(q.sentence.find("同比"), std::string::npos) << id << " " << q.text;
      EXPECT_NE(q.value, 155.23e8) << id;
      EXPECT_NE(q.value, 20e8) << id;
    }
    for (const Quantity& q : f.money) {
      EXPECT_NE(q.value, 155.23e8) << id;
      EXPECT_NE(q.value, 20e8) << id;
    }
  }
}

TEST_F(SeedPipelineTest, TheRoundupListsTheDocumentsOfEachRegion) {
  const Facts& f = seeds_["004"].facts;
  EXPECT_EQ(f.document_kind, DocumentKind::kRoundup);
  std::set<std::string> provinces;
  for (const PolicyDocument& d : f.documents) {
    if (d.region_code.size() == 6) provinces.insert(d.region_code.substr(0, 2));
  }
  EXPECT_GE(f.documents.size(), 5u);
  EXPECT_GE(provinces.size(), 4u) << "郑州, 合肥, 北京, 武汉, 上海, 海南 …";
}

TEST_F(SeedPipelineTest, ExplanationsSayWhoDidWhat) {
  bool act_explained = false;
  for (const RuleMatch& m : seeds_["000"].relevance.matches) {
    act_explained |= m.group == "evidence" && m.rule.find("act 发布") != std::string::npos;
  }
  EXPECT_TRUE(act_explained);
}

}  // namespace
}  // namespace newswatch
