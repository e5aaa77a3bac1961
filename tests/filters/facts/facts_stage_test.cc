#include "filters/facts/facts_stage.h"

#include <dirent.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "tests/filters/facts/seed_text.h"

namespace newswatch {
namespace {

class FactsStageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto stage = FactsStage::Create("", {"元宇宙", "metaverse"});
    ASSERT_TRUE(stage.ok()) << stage.status().ToString();
    stage_ = stage->release();
  }
  static void TearDownTestSuite() { delete stage_; }

  // The seed whose file name starts with `prefix`, run through the stage.
  static Article Seed(const std::string& prefix) {
    std::string dir = std::string(NW_SHARED_DIR) + "/seeds/";
    std::string path;
    if (DIR* d = opendir(dir.c_str())) {
      while (dirent* e = readdir(d)) {
        if (std::string(e->d_name).rfind(prefix, 0) == 0) path = dir + e->d_name;
      }
      closedir(d);
    }
    EXPECT_FALSE(path.empty()) << "no seed " << prefix;
    testing::NormalizedDoc doc = testing::LoadNormalized(path);
    Article a;
    a.norm_title = doc.title;
    a.norm_body = doc.body;
    a.analysis = stage_->analyzer().Analyze(a.norm_title, a.norm_body);
    EXPECT_EQ(stage_->Process(a).decision, Decision::kKeep);
    return a;
  }
  static bool HasRegion(const Facts& f, std::string_view code_prefix) {
    return std::any_of(f.regions.begin(), f.regions.end(),
                       [&](const Region& r) { return r.code.starts_with(code_prefix); });
  }
  static const Quantity* Target(const Facts& f, std::string_view kind, double value) {
    for (const Quantity& q : f.targets) {
      if (q.kind == kind && q.value == value) return &q;
    }
    return nullptr;
  }
  static FactsStage* stage_;
};
FactsStage* FactsStageTest::stage_ = nullptr;

TEST_F(FactsStageTest, Seed000IsAboutHongkouDistrict) {
  Facts f = Seed("000").facts;
  ASSERT_TRUE(f.primary_region);
  EXPECT_EQ(f.primary_region->code, "310109");
  EXPECT_EQ(f.primary_region->name, "虹口区");
  // 上海市虹口区发布… names the district; 虹口区政府 elsewhere names its body.
  EXPECT_EQ(f.issuer.name, "上海市虹口区政府");
  EXPECT_EQ(f.issuer.level, BodyLevel::kDistrict);
  // The text reports the plan's release: a news report, not the plan.
  EXPECT_EQ(f.document_kind, DocumentKind::kNewsReport);
  ASSERT_FALSE(f.documents.empty());
  EXPECT_EQ(f.documents.front().title, "元宇宙产业发展行动计划");
  // 2021年…全年实现155.23亿元 is a past statistic: neither target nor money.
  for (const Quantity& q : f.targets) EXPECT_NE(q.value, 155.23e8) << q.sentence;
  for (const Quantity& q : f.money) EXPECT_NE(q.value, 155.23e8) << q.sentence;
}

TEST_F(FactsStageTest, Seed001IsYangpuProposalReplyWithItsNumber) {
  Facts f = Seed("001").facts;
  ASSERT_TRUE(f.primary_region);
  EXPECT_EQ(f.primary_region->code, "310110");
  EXPECT_EQ(f.document_number, "杨科两会〔2023〕23号");
  EXPECT_EQ(f.issuer.name, "上海市杨浦区科学技术委员会");
  EXPECT_EQ(f.issuer.level, BodyLevel::kDistrict);
  EXPECT_EQ(f.document_kind, DocumentKind::kProposalReply);
}

TEST_F(FactsStageTest, Seed002IsShanghaiWithItsTargets) {
  Facts f = Seed("002").facts;
  ASSERT_TRUE(f.primary_region);
  EXPECT_EQ(f.primary_region->code, "310000");
  EXPECT_EQ(f.issuer.level, BodyLevel::kProvincial);
  const Quantity* leaders = Target(f, "enterprises", 10);
  ASSERT_NE(leaders, nullptr);
  EXPECT_NE(leaders->text.find("头部企业"), std::string::npos);
  const Quantity* specialised = Target(f, "enterprises", 100);
  ASSERT_NE(specialised, nullptr);
  EXPECT_NE(specialised->text.find("专精特新"), std::string::npos);
  const Quantity* scenes = Target(f, "scenarios", 50);
  ASSERT_NE(scenes, nullptr);
  EXPECT_EQ(scenes->text.substr(0, 3), "50+");
  EXPECT_NE(scenes->sentence.find("示范场景"), std::string::npos);
}

TEST_F(FactsStageTest, Seed003IsChangningProposalReply) {
  Facts f = Seed("003").facts;
  ASSERT_TRUE(f.primary_region);
  EXPECT_EQ(f.primary_region->code, "310105");
  EXPECT_EQ(f.document_kind, DocumentKind::kProposalReply);
  EXPECT_EQ(f.issuer.level, BodyLevel::kDistrict);
  // 2022年…税收20亿元 is a past statistic, not money the policy offers.
  for (const Quantity& q : f.money) EXPECT_NE(q.value, 20e8) << q.sentence;
  for (const Quantity& q : f.targets) EXPECT_NE(q.value, 20e8) << q.sentence;
}

TEST_F(FactsStageTest, Seed004IsARoundupOfSeveralRegions) {
  Facts f = Seed("004").facts;
  EXPECT_EQ(f.document_kind, DocumentKind::kRoundup);
  EXPECT_TRUE(HasRegion(f, "410100")) << "郑州";
  EXPECT_TRUE(HasRegion(f, "3401")) << "合肥";
  EXPECT_GE(f.regions.size(), 5u);
  // A roundup of several regions has no single primary region or issuer.
  EXPECT_FALSE(f.primary_region);
  EXPECT_TRUE(f.issuer.name.empty());
  for (const Quantity& q : f.money) EXPECT_NE(q.sentence.find(q.text), std::string::npos);
  // The documents of each region it covers (郑州, 合肥高新区, 东城区 ...).
  std::set<std::string> regions;
  for (const PolicyDocument& d : f.documents) regions.insert(d.region_code);
  EXPECT_GE(f.documents.size(), 5u);
  EXPECT_GE(regions.size(), 4u);
}

TEST_F(FactsStageTest, TextNamingNoRegionGetsNone) {
  Article a;
  a.norm_title = "元宇宙概念股午后拉升";
  a.norm_body = "多只个股涨停，市场情绪回暖。分析人士认为，和平稳定的环境有利于投资。";
  stage_->Process(a);
  EXPECT_TRUE(a.facts.regions.empty());
  EXPECT_FALSE(a.facts.primary_region);
  EXPECT_TRUE(a.facts.document_number.empty());
}

TEST_F(FactsStageTest, ProcessOverwritesEarlierFacts) {
  Article a;
  a.facts.document_number = "stale";
  a.facts.regions.push_back({"110000", "北京市", RegionLevel::kProvince, 1});
  a.norm_title = "无地区";
  stage_->Process(a);
  EXPECT_TRUE(a.facts.document_number.empty());
  EXPECT_TRUE(a.facts.regions.empty());
}

// ---- gov.cn policy pages: our document number vs the page's own field ------

// One MySQL INSERT row's values, in column order (strings unescaped, null as "").
std::vector<std::string> ParseValues(std::string_view sql, size_t* pos) {
  std::vector<std::string> values;
  size_t i = *pos;
  while (i < sql.size()) {
    while (i < sql.size() && (sql[i] == ' ' || sql[i] == ',' || sql[i] == '\n')) ++i;
    if (i >= sql.size() || sql[i] == ')') break;
    if (sql[i] == '\'') {
      std::string v;
      for (++i; i < sql.size(); ++i) {
        if (sql[i] == '\\' && i + 1 < sql.size()) {
          char c = sql[++i];
          v += c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c;
        } else if (sql[i] == '\'' && i + 1 < sql.size() && sql[i + 1] == '\'') {
          v += '\'';
          ++i;
        } else if (sql[i] == '\'') {
          ++i;
          break;
        } else {
          v += sql[i];
        }
      }
      values.push_back(std::move(v));
    } else {
      size_t end = sql.find_first_of(",)", i);
      std::string bare(sql.substr(i, end - i));
      values.push_back(bare == "null" ? "" : bare);
      i = end;
    }
  }
  *pos = i;
  return values;
}

TEST_F(FactsStageTest, GovCnDocumentNumbersMatchThePagesOwnFieldForMostPages) {
  std::string dir = std::string(NW_SHARED_DIR) + "/corpus/negatives/gov-cn-policy-2019/";
  size_t pages = 0, with_number = 0, number_matches = 0, issuer_matches = 0;
  for (const char* file : {"ge_policy_raw20190217.sql", "ge_policy_raw-20190217.sql"}) {
    std::ifstream in(dir + file, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string sql = buffer.str();
    for (size_t at = 0; (at = sql.find(") values (", at)) != std::string::npos ||
                        (at = sql.find(") VALUES (", at)) != std::string::npos;) {
      size_t pos = at + 10;
      std::vector<std::string> v = ParseValues(sql, &pos);
      at = pos;
      if (v.size() < 15) continue;
      // Columns: 4 title, 5 release_office, 6 release_number, 11 content, 14 html.
      const std::string& expected = v[6];
      // The body text only: `content` when it holds the document, never the
      // page's metadata table (which would hand us the answer).
      testing::NormalizedDoc doc = testing::NormalizeDoc(v[4], v[11]);
      if (doc.body.size() < 200) continue;
      ++pages;
      Article a;
      a.norm_title = doc.title;
      a.norm_body = doc.body;
      stage_->Process(a);
      if (!expected.empty()) {
        ++with_number;
        std::string want = testing::NormalizeDoc("", expected).body;
        if (!want.empty() && want.back() == '\n') want.pop_back();
        if (a.facts.document_number == want) ++number_matches;
      }
      std::string office = v[5].substr(0, v[5].find("、"));
      if (!office.empty() && a.facts.issuer.name == office) ++issuer_matches;
    }
  }
  std::cout << "gov-cn pages with body text: " << pages
            << "; document number equals 发文字号: " << number_matches << "/" << with_number
            << "; issuer equals 发文机关: " << issuer_matches << "/" << pages << "\n";
  ASSERT_GE(pages, 20u);
  EXPECT_GT(number_matches * 2, with_number);
}

}  // namespace
}  // namespace newswatch
