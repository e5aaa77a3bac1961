#include "filters/facts/gazetteer_import.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "daemon/cli/commands.h"
#include "tests/support/read_file.h"

namespace newswatch {
namespace {

using ::newswatch::testing::ReadFile;

TEST(GazetteerImportTest, ReadsTheNationalListsWithPaddedCodes) {
  std::string dir = std::string(NW_SHARED_DIR) + "/gazetteer/";
  Result<GazetteerImport> cities = ParseGazetteerCsv(ReadFile(dir + "cities.csv"), "cities.csv");
  ASSERT_TRUE(cities.ok()) << cities.status().ToString();
  EXPECT_GT(cities->placeholders, 0u);  // 市辖区 rows of the municipalities
  ASSERT_FALSE(cities->rows.empty());
  EXPECT_EQ(cities->rows.front().code.size(), 6u);
  Result<GazetteerImport> areas = ParseGazetteerCsv(ReadFile(dir + "areas.csv"), "areas.csv");
  ASSERT_TRUE(areas.ok());
  EXPECT_GT(areas->rows.size(), 2900u);
}

TEST(GazetteerImportTest, HostileRowsFailNamingTheLine) {
  auto bad_code = ParseGazetteerCsv("code,name\n11,北京市\n1X,坏\n", "x.csv");
  ASSERT_FALSE(bad_code.ok());
  EXPECT_NE(bad_code.status().message().find("x.csv:3"), std::string::npos);
  EXPECT_FALSE(ParseGazetteerCsv("code,name\n1101011,七位\n", "x.csv").ok());
  EXPECT_FALSE(ParseGazetteerCsv("code,name\n110101,\"\"\n", "x.csv").ok());
  EXPECT_FALSE(ParseGazetteerCsv("code,name\n110101\n", "x.csv").ok());
  auto finer = ParseGazetteerCsv(
      "\xEF\xBB\xBF"
      "code,name\n110101001,街道\n110101,东城区\n",
      "x");
  ASSERT_TRUE(finer.ok());
  EXPECT_EQ(finer->finer, 1u);
  EXPECT_EQ(finer->rows.size(), 1u);
}

TEST(GazetteerImportTest, WrittenCsvLoadsBackIntoTheTable) {
  auto parsed = ParseGazetteerCsv(
      "code,name\n4690,省直辖县级行政区划\n469028,\"陵水黎族自治县\"\n"
      "469030,\"琼中黎族苗族自治县\"\n",
      "x");
  ASSERT_TRUE(parsed.ok());
  std::string csv = FormatRegionCsv(parsed->rows);
  Result<RegionTable> table = RegionTable::Builtin();
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE(table->LoadExtraText(csv, "written.csv").ok());
  const RegionEntry* lingshui = table->Find("469028");
  ASSERT_NE(lingshui, nullptr);
  EXPECT_EQ(lingshui->parent, "460000");
  EXPECT_EQ(table->Lookup("琼中").front()->code, "469030");
}

TEST(GazetteerCommandTest, ImportWritesACsvTheLookupReads) {
  std::filesystem::path tmp =
      std::filesystem::temp_directory_path() / ("nw-gazetteer-" + std::to_string(::getpid()));
  std::filesystem::create_directories(tmp);
  std::string out = (tmp / "regions.csv").string();
  std::string dir = std::string(NW_SHARED_DIR) + "/gazetteer/";
  {
    CLI::App app;
    cli::CommandContext ctx;
    cli::AddGazetteerCommand(app, ctx);
    std::vector<std::string> args = {
        out,      "--out",    dir + "areas.csv", dir + "cities.csv", dir + "provinces.csv",
        "import", "gazetteer"};
    // CLI11 takes the arguments as a reversed vector.
    ASSERT_NO_THROW(app.parse(args));
    EXPECT_EQ(ctx.exit_code, 0);
  }
  Result<RegionTable> table = RegionTable::Builtin();
  ASSERT_TRUE(table.ok());
  ASSERT_TRUE(table->LoadExtra(out).ok());
  EXPECT_GT(table->entries().size(), 3300u);
  EXPECT_NE(table->Find("469028"), nullptr);
  {
    CLI::App app;
    cli::CommandContext ctx;
    cli::AddGazetteerCommand(app, ctx);
    std::vector<std::string> args = {"不存在的地方", "lookup", "gazetteer"};
    ASSERT_NO_THROW(app.parse(args));
    EXPECT_EQ(ctx.exit_code, 1);
  }
  {
    std::ofstream bad(tmp / "bad.csv");
    bad << "code,name\n12345,五位\n";
  }
  {
    CLI::App app;
    cli::CommandContext ctx;
    cli::AddGazetteerCommand(app, ctx);
    std::vector<std::string> args = {(tmp / "x.csv").string(), "--out", (tmp / "bad.csv").string(),
                                     "import", "gazetteer"};
    ASSERT_NO_THROW(app.parse(args));
    EXPECT_EQ(ctx.exit_code, 1);
  }
  std::filesystem::remove_all(tmp);
}

}  // namespace
}  // namespace newswatch
