#include "filters/facts/region_finder.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

class RegionFinderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<RegionTable> t = RegionTable::Builtin();
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    table_ = new RegionTable(std::move(*t));
    finder_ = new RegionFinder(*table_);
  }
  static void TearDownTestSuite() {
    delete finder_;
    delete table_;
  }
  static bool Has(const RegionFindings& f, std::string_view code) {
    for (const Region& r : f.regions) {
      if (r.code == code) return true;
    }
    return false;
  }
  static RegionTable* table_;
  static RegionFinder* finder_;
};
RegionTable* RegionFinderTest::table_ = nullptr;
RegionFinder* RegionFinderTest::finder_ = nullptr;

TEST_F(RegionFinderTest, AmbiguousNameResolvedByTheProvinceNamedNearby) {
  RegionFindings beijing = finder_->Find("北京朝阳发布元宇宙政策", "北京市朝阳区今天宣布。");
  EXPECT_TRUE(Has(beijing, "110105"));
  EXPECT_FALSE(Has(beijing, "211300"));
  ASSERT_TRUE(beijing.primary);
  EXPECT_EQ(beijing.primary->code, "110105");

  RegionFindings liaoning = finder_->Find("辽宁朝阳推进数字经济", "辽宁省朝阳市出台措施。");
  EXPECT_TRUE(Has(liaoning, "211300"));
  EXPECT_FALSE(Has(liaoning, "110105"));

  RegionFindings changchun = finder_->Find("", "长春市朝阳区数字产业园开园，朝阳区将持续发力。");
  EXPECT_TRUE(Has(changchun, "220104"));
  EXPECT_FALSE(Has(changchun, "110105"));
}

TEST_F(RegionFinderTest, AmbiguousNameWithoutContextIsLeftOut) {
  RegionFindings f = finder_->Find("", "朝阳区发布了新政策。");
  EXPECT_FALSE(Has(f, "110105"));
  EXPECT_FALSE(Has(f, "220104"));
  EXPECT_FALSE(f.primary);
}

TEST_F(RegionFinderTest, NoRegionForTextThatNamesNone) {
  RegionFindings f = finder_->Find(
      "元宇宙产业迎来新机遇", "和平发展是时代主题。光明的前景在城区和郊区都看得到，沪深两市收涨。");
  EXPECT_TRUE(f.regions.empty());
  EXPECT_FALSE(f.primary);
}

TEST_F(RegionFinderTest, CountyShortNameNeedsItsParentOrFullNameInTheBody) {
  EXPECT_FALSE(Has(finder_->Find("", "虹口这个名字很好听。"), "310109"));
  EXPECT_TRUE(Has(finder_->Find("", "上海虹口发布计划。"), "310109"));
  EXPECT_TRUE(Has(finder_->Find("", "虹口区政府发布。虹口将打造示范区。"), "310109"));
}

TEST_F(RegionFinderTest, AliasesMapToTheirDistrict) {
  RegionFindings f = finder_->Find("", "打造北外滩元宇宙发展和应用示范区，申城数字经济再发力。");
  EXPECT_TRUE(Has(f, "310109"));
  EXPECT_TRUE(Has(f, "310000"));
  ASSERT_TRUE(f.primary);
  EXPECT_EQ(f.primary->code, "310109");
}

TEST_F(RegionFinderTest, WeakAbbreviationCountsOnlyWithContextOrInTitle) {
  EXPECT_FALSE(Has(finder_->Find("", "京东发布财报，沪深股市上涨。"), "310000"));
  EXPECT_FALSE(Has(finder_->Find("", "京东发布财报，沪深股市上涨。"), "110000"));
  EXPECT_TRUE(Has(finder_->Find("沪发布元宇宙行动方案", ""), "310000"));
}

TEST_F(RegionFinderTest, MoreSpecificRegionWinsOverItsParent) {
  RegionFindings f = finder_->Find("上海虹口发布元宇宙行动计划",
                                   "上海市虹口区发布计划。虹口区将建设空间。虹口区政府表示。");
  ASSERT_TRUE(f.primary);
  EXPECT_EQ(f.primary->code, "310109");
  EXPECT_EQ(f.primary->level, RegionLevel::kCounty);
  // A passing mention of a district does not move the primary off the city.
  RegionFindings g =
      finder_->Find("上海发布元宇宙行动方案",
                    "上海市政府发布方案。上海将打造。上海市经信委介绍。浦东新区负责人出席。");
  ASSERT_TRUE(g.primary);
  EXPECT_EQ(g.primary->code, "310000");
}

TEST_F(RegionFinderTest, TitleOutweighsBodyMentions) {
  RegionFindings f =
      finder_->Find("杭州出台元宇宙专项政策", "此前北京、北京市已经出台。杭州市将设立基金。");
  ASSERT_TRUE(f.primary);
  EXPECT_EQ(f.primary->code, "330100");
}

TEST_F(RegionFinderTest, RoundupOfSeveralProvincesIsNational) {
  RegionFindings f = finder_->Find(
      "各地元宇宙政策盘点",
      "郑州市发布通知。合肥市发布规划。武汉市出台措施。成都市印发方案。广州市发布政策。");
  ASSERT_TRUE(f.primary);
  EXPECT_EQ(f.primary->code, "000000");
  EXPECT_EQ(f.primary->level, RegionLevel::kCountry);
  EXPECT_TRUE(f.spread);
  EXPECT_TRUE(Has(f, "410100"));
  EXPECT_TRUE(Has(f, "340100"));
}

TEST_F(RegionFinderTest, RoundupWithinOneProvinceIsThatProvince) {
  RegionFindings f =
      finder_->Find("", "广州市发布政策。深圳市出台措施。珠海市印发方案。佛山市跟进。");
  ASSERT_TRUE(f.primary);
  EXPECT_EQ(f.primary->code, "440000");
  EXPECT_EQ(f.primary->mentions, 0u);  // chosen as the common parent, not named
}

TEST_F(RegionFinderTest, MentionsAreCounted) {
  RegionFindings f = finder_->Find("杨浦", "杨浦区。杨浦区。上海。");
  ASSERT_FALSE(f.regions.empty());
  EXPECT_EQ(f.regions.front().code, "310110");
  EXPECT_EQ(f.regions.front().mentions, 3u);
}

}  // namespace
}  // namespace newswatch
