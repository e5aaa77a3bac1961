#include "filters/facts/region_table.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "filters/facts/gazetteer_import.h"
#include "tests/support/read_file.h"

namespace newswatch {
namespace {

using ::newswatch::testing::ReadFile;

// code -> name from ../shared/gazetteer/{provinces,cities,areas}.csv.
std::map<std::string, std::string> NationalGazetteer() {
  std::map<std::string, std::string> out;
  for (const char* file : {"provinces.csv", "cities.csv", "areas.csv"}) {
    std::string path = std::string(NW_SHARED_DIR) + "/gazetteer/" + file;
    Result<GazetteerImport> parsed = ParseGazetteerCsv(ReadFile(path), path);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    if (!parsed.ok()) continue;
    for (const RegionEntry& e : parsed->rows) out[e.code] = e.name;
  }
  // Taiwan, Hong Kong and Macau are listed apart (HK-MO-TW.json, by name
  // only); their national codes are 710000, 810000 and 820000.
  const std::string others = ReadFile(std::string(NW_SHARED_DIR) + "/gazetteer/HK-MO-TW.json");
  for (auto [code, name] : {std::pair{"810000", "香港特别行政区"},
                            {"820000", "澳门特别行政区"},
                            {"710000", "台湾省"}}) {
    if (others.find(name) != std::string::npos) out[code] = name;
  }
  return out;
}

TEST(RegionTableTest, EveryShippedCodeAndNameEqualsTheNationalGazetteer) {
  Result<RegionTable> table = RegionTable::Builtin();
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  std::map<std::string, std::string> national = NationalGazetteer();
  ASSERT_GT(national.size(), 3000u);
  size_t provinces = 0, cities = 0;
  for (const RegionEntry& e : table->entries()) {
    auto it = national.find(e.code);
    ASSERT_NE(it, national.end()) << e.code << " " << e.name << " is not a national code";
    EXPECT_EQ(it->second, e.name) << e.code;
    provinces += e.level == RegionLevel::kProvince;
    cities += e.level == RegionLevel::kCity;
  }
  // Every province and every prefecture-level city of the national list.
  size_t national_provinces = 0, national_cities = 0;
  for (const auto& [code, name] : national) {
    national_provinces += RegionTable::LevelOfCode(code) == RegionLevel::kProvince;
    national_cities += RegionTable::LevelOfCode(code) == RegionLevel::kCity;
  }
  EXPECT_EQ(provinces, national_provinces);
  EXPECT_EQ(cities, national_cities);
}

TEST(RegionTableTest, ShipsCountiesOfMunicipalitiesAndCapitals) {
  Result<RegionTable> table = RegionTable::Builtin();
  ASSERT_TRUE(table.ok());
  std::map<std::string, std::string> national = NationalGazetteer();
  for (const auto& [code, name] : national) {
    if (RegionTable::LevelOfCode(code) != RegionLevel::kCounty) continue;
    std::string prefix = code.substr(0, 2);
    bool municipality = prefix == "11" || prefix == "12" || prefix == "31" || prefix == "50";
    bool capital = code.substr(2, 2) == "01";
    if (municipality || capital) {
      EXPECT_NE(table->Find(code), nullptr) << code << " " << name;
    }
  }
}

TEST(RegionTableTest, MunicipalDistrictHangsUnderTheMunicipality) {
  Result<RegionTable> table = RegionTable::Builtin();
  ASSERT_TRUE(table.ok());
  const RegionEntry* hongkou = table->Find("310109");
  ASSERT_NE(hongkou, nullptr);
  EXPECT_EQ(hongkou->name, "虹口区");
  EXPECT_EQ(hongkou->level, RegionLevel::kCounty);
  EXPECT_EQ(hongkou->parent, "310000");
  EXPECT_TRUE(table->IsAncestor("310000", "310109"));
  EXPECT_EQ(table->Find("420105")->parent, "420100");  // 汉阳区 under 武汉市
  EXPECT_TRUE(table->IsAncestor("420000", "420105"));
  EXPECT_FALSE(table->IsAncestor("310109", "310000"));
  EXPECT_EQ(RegionTable::ParentOfCode("469028"), "460000");  // province-administered county
}

TEST(RegionTableTest, ShortNamesDropSuffixesButNotIntoOneCharacter) {
  using V = std::vector<std::string>;
  EXPECT_EQ(RegionTable::ShortNames("虹口区", RegionLevel::kCounty), V{"虹口"});
  EXPECT_EQ(RegionTable::ShortNames("浦东新区", RegionLevel::kCounty), V{"浦东"});
  EXPECT_EQ(RegionTable::ShortNames("广西壮族自治区", RegionLevel::kProvince), V{"广西"});
  EXPECT_EQ(RegionTable::ShortNames("内蒙古自治区", RegionLevel::kProvince), V{"内蒙古"});
  EXPECT_EQ(RegionTable::ShortNames("延边朝鲜族自治州", RegionLevel::kCity), V{"延边"});
  EXPECT_EQ(RegionTable::ShortNames("陵水黎族自治县", RegionLevel::kCounty), V{"陵水"});
  EXPECT_TRUE(RegionTable::ShortNames("城区", RegionLevel::kCounty).empty());
  EXPECT_TRUE(RegionTable::ShortNames("和平区", RegionLevel::kCounty).empty());  // 和平: a word
  EXPECT_TRUE(RegionTable::ShortNames("合肥高新技术产业开发区", RegionLevel::kCounty).empty());
}

TEST(RegionTableTest, AliasesAndShortNamesLookUp) {
  Result<RegionTable> table = RegionTable::Builtin();
  ASSERT_TRUE(table.ok());
  auto first_code = [&](std::string_view name) {
    auto found = table->Lookup(name);
    return found.empty() ? std::string() : found.front()->code;
  };
  EXPECT_EQ(first_code("北外滩"), "310109");
  EXPECT_EQ(first_code("申城"), "310000");
  EXPECT_EQ(first_code("沪"), "310000");
  EXPECT_EQ(first_code("虹口"), "310109");
  EXPECT_EQ(first_code("浦东"), "310115");
  EXPECT_EQ(table->Lookup("朝阳").size(), 3u);  // 北京朝阳区, 长春朝阳区, 辽宁朝阳市
  EXPECT_TRUE(table->Lookup("不存在的地方").empty());
}

TEST(RegionTableTest, LoadExtraAddsNewCodesAndRejectsBadRowsAtomically) {
  Result<RegionTable> table = RegionTable::Builtin();
  ASSERT_TRUE(table.ok());
  size_t before = table->entries().size();
  ASSERT_EQ(table->Find("469028"), nullptr);
  Status ok = table->LoadExtraText(
      "code,name,level,parent\n469028,陵水黎族自治县,county,460000\n310109,别名,county,310000\n",
      "extra.csv");
  ASSERT_TRUE(ok.ok()) << ok.ToString();
  EXPECT_EQ(table->entries().size(), before + 1);
  EXPECT_EQ(table->Find("310109")->name, "虹口区");  // existing codes are kept
  EXPECT_EQ(table->Lookup("陵水").front()->code, "469028");

  Status bad = table->LoadExtraText("code,name\n610102,新城区\n61010X,坏\n", "bad.csv");
  EXPECT_EQ(bad.kind(), ErrorKind::kParse);
  EXPECT_NE(bad.message().find("bad.csv:3"), std::string::npos) << bad.message();
  EXPECT_EQ(table->entries().size(), before + 1);  // nothing from the bad file

  EXPECT_EQ(table->LoadExtra("/nonexistent/regions.csv").kind(), ErrorKind::kNotFound);
}

}  // namespace
}  // namespace newswatch
