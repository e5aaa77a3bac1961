#include "filters/facts/fact_grading.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace newswatch {
namespace {

namespace fs = std::filesystem;

fs::path WriteFile(const std::string& name, const std::string& text) {
  fs::path p = fs::temp_directory_path() / ("nw_grading_" + std::to_string(::getpid()) + name);
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

TEST(FactGradingTest, LoadsLabelledFacts) {
  fs::path p =
      WriteFile("ok.jsonl", R"({"id": "7", "title": null, "primary_region": {"code": "310104"},)"
                            R"( "document_kind": "NEWS_REPORT", "issuer": "上海市徐汇区人民政府",)"
                            R"( "policy_documents": [{"title": "徐汇区元宇宙行动方案"}],)"
                            R"( "targets": [{"text": "10家", "value": 10}], "money": []})"
                            "\n\n");
  auto gold = LoadGoldFacts(p);
  fs::remove(p);
  ASSERT_TRUE(gold.ok()) << gold.status().ToString();
  ASSERT_EQ(gold->count("7"), 1u);
  const GoldFacts& g = gold->at("7");
  EXPECT_TRUE(g.title.empty());
  EXPECT_EQ(g.region_code, "310104");
  EXPECT_EQ(g.documents.size(), 1u);
  ASSERT_EQ(g.targets.size(), 1u);
  EXPECT_DOUBLE_EQ(g.targets[0].value, 10);
}

TEST(FactGradingTest, AMalformedLineIsNamed) {
  fs::path p = WriteFile("bad.jsonl", "{\"id\": \"1\"}\n{not json\n");
  auto gold = LoadGoldFacts(p);
  fs::remove(p);
  ASSERT_FALSE(gold.ok());
  EXPECT_NE(gold.status().message().find(":2:"), std::string::npos) << gold.status().message();
}

TEST(FactGradingTest, CountsAgreementsAndListsDisagreements) {
  GoldFacts g;
  g.id = "9";
  g.title = "某区发布元宇宙行动方案";
  g.region_code = "310104";
  g.document_kind = "NEWS_REPORT";
  g.issuer = "上海市徐汇区人民政府";
  g.documents = {"徐汇区元宇宙产业发展行动方案(2024-2026年)"};
  g.targets = {{"10家", 10, "enterprises"}};
  Facts f;
  f.primary_region = Region{"310104", "徐汇区", RegionLevel::kCounty, 1};
  f.document_kind = DocumentKind::kNewsReport;
  f.issuer.name = "徐汇区政府";  // the same body without its city
  f.documents = {{"徐汇区元宇宙产业发展行动方案", "", DocumentKind::kActionPlan, "", "310104", 0}};
  f.targets = {{"enterprises", "10家企业", 10, "enterprises", "", ""},
               {"projects", "5个项目", 5, "projects", "", ""}};
  FactsGrade grade;
  GradeFacts(g, f, "某区发布元宇宙行动方案", {}, &grade);
  EXPECT_EQ(grade.region.right, 1u);
  EXPECT_EQ(grade.kind.right, 1u);
  EXPECT_EQ(grade.issuer.right, 1u);
  EXPECT_EQ(grade.title.right, 1u);
  EXPECT_EQ(grade.documents_found.right, 1u);  // the year range does not matter
  EXPECT_EQ(grade.targets_correct.right, 1u);
  EXPECT_EQ(grade.targets_correct.total, 2u);
  ASSERT_EQ(grade.disagreements.size(), 1u);
  EXPECT_NE(grade.disagreements[0].find("target wrong"), std::string::npos);

  Facts roundup;  // no primary region: "multi"
  FactsGrade g2;
  GoldFacts multi = g;
  multi.region_code = "multi";
  GradeFacts(multi, roundup, "", {}, &g2);
  EXPECT_EQ(g2.region.right, 1u);
  EXPECT_EQ(g2.issuer.right, 0u);
}

}  // namespace
}  // namespace newswatch
