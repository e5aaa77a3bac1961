#include "filters/relevance/backtest.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace newswatch {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "nw-backtest-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

constexpr const char* kProfile = R"(name: t
groups:
  - {name: topic, role: topic, weight: 10, terms: [元宇宙]}
  - {name: policy, role: signal, weight: 2, terms: [行动计划]}
requirements:
  - {name: combo, groups: [policy], near: {group: topic, window: 10}, min_count: {title: 1, lead: 1}}
levels: {low: 10, medium: 20, high: 30}
threshold: 10
)";

std::unique_ptr<RelevanceScorer> Scorer() {
  auto p = ParseTopicProfile(kProfile, "t.yaml");
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  auto s = RelevanceScorer::Create(std::move(*p));
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

TEST(LoadLabelledDocuments, PosNegFoldersWithFrontMatterAndFirstLineTitles) {
  TempDir dir;
  Write(dir.path() / "pos/a.md", "---\ntitle: \"元宇宙行动计划\"\n---\n<p>正文</p>\n");
  Write(dir.path() / "pos/sub/b.txt", "\n\n元宇宙行动计划发布\n正文\n");
  Write(dir.path() / "neg/c.txt", "天气预报\n晴\n");
  Write(dir.path() / "notes/ignored.txt", "not a label folder");
  auto docs = LoadLabelledDocuments(dir.path());
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ(docs->size(), 3u);
  int positives = 0;
  for (const auto& d : *docs) {
    positives += d.relevant;
    if (d.id == "pos/a.md") {
      EXPECT_EQ(d.title, "元宇宙行动计划");
    } else if (d.id == "pos/sub/b.txt") {
      EXPECT_EQ(d.title, "元宇宙行动计划发布");
    } else {
      EXPECT_EQ(d.id, "neg/c.txt");
      EXPECT_EQ(d.title, "天气预报");
    }
  }
  EXPECT_EQ(positives, 2);

  auto scorer = Scorer();
  DocumentPreparer identity{[](std::string_view html) { return std::string(html); },
                            [](std::string_view text) { return std::string(text); }};
  BacktestReport report = RunBacktest(*scorer, identity, *docs);
  EXPECT_EQ(report.true_positives, 2u);
  EXPECT_EQ(report.true_negatives, 1u);
  EXPECT_DOUBLE_EQ(report.precision(), 1.0);
  EXPECT_DOUBLE_EQ(report.recall(), 1.0);
}

TEST(LoadLabelledDocuments, LabelsFileReportsMissesAndFalseAlarms) {
  TempDir dir;
  Write(dir.path() / "labels.tsv",
        "id\tlabel\tkind\torigin\ttitle\treason\n"
        "1\tpos\tplan\thttp://x\t元宇宙行动计划\tok\n"
        "2\tpos\tplan\thttp://x\t一份计划\tmissed: no topic in the title\n"
        "3\tneg\tother\thttp://x\t元宇宙行动计划?\tfalse alarm\n");
  Write(dir.path() / "items/1.txt", "正文");
  Write(dir.path() / "items/2.txt", "正文");
  Write(dir.path() / "items/3.txt", "正文");
  auto docs = LoadLabelledDocuments(dir.path() / "labels.tsv");
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ(docs->size(), 3u);
  EXPECT_EQ((*docs)[0].kind, "plan");
  auto scorer = Scorer();
  BacktestReport report = RunBacktest(*scorer, {}, *docs);
  ASSERT_EQ(report.misses.size(), 1u);
  EXPECT_EQ(report.misses[0].document.id, "2");
  ASSERT_EQ(report.false_alarms.size(), 1u);
  EXPECT_EQ(report.false_alarms[0].document.id, "3");
  EXPECT_DOUBLE_EQ(report.precision(), 0.5);
  EXPECT_DOUBLE_EQ(report.recall(), 0.5);
  EXPECT_DOUBLE_EQ(report.f1(), 0.5);
}

TEST(LoadLabelledDocuments, UnknownLabelNamesFileAndLine) {
  TempDir dir;
  Write(dir.path() / "labels.tsv", "id\tlabel\n1\tpos\n2\tmaybe\n");
  Write(dir.path() / "items/1.txt", "x");
  Write(dir.path() / "items/2.txt", "x");
  auto docs = LoadLabelledDocuments(dir.path());
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().kind(), ErrorKind::kParse);
  EXPECT_NE(docs.status().message().find("labels.tsv:3: unknown label 'maybe'"), std::string::npos)
      << docs.status().message();
}

TEST(LoadLabelledDocuments, MissingItemFileIsNotFound) {
  TempDir dir;
  Write(dir.path() / "labels.tsv", "7\tneg\n");
  auto docs = LoadLabelledDocuments(dir.path() / "labels.tsv");
  ASSERT_FALSE(docs.ok());
  EXPECT_EQ(docs.status().kind(), ErrorKind::kNotFound);
}

TEST(LoadLabelledDocuments, FolderWithoutLabelsIsNotFound) {
  TempDir dir;
  Write(dir.path() / "misc/a.txt", "x");
  EXPECT_EQ(LoadLabelledDocuments(dir.path()).status().kind(), ErrorKind::kNotFound);
  EXPECT_EQ(LoadLabelledDocuments(dir.path() / "nope").status().kind(), ErrorKind::kNotFound);
}

TEST(SplitTitleFrontMatter, HandlesHostileFrontMatter) {
  EXPECT_EQ(SplitTitleFrontMatter("---\ntitle: ''\n---\nbody").first, "");
  EXPECT_EQ(SplitTitleFrontMatter("---\ntitle: ''\n---\nbody").second, "body");
  // No closing fence: not front matter, text unchanged.
  auto open = SplitTitleFrontMatter("---\ntitle: x\nbody");
  EXPECT_EQ(open.first, "");
  EXPECT_EQ(open.second, "---\ntitle: x\nbody");
  EXPECT_EQ(SplitTitleFrontMatter("\n---\ntitle: 'a: b'\n---\n").first, "a: b");
  EXPECT_EQ(SplitTitleFrontMatter("no front matter").second, "no front matter");
}

}  // namespace
}  // namespace newswatch
