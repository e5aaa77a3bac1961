// The metaverse-policy profile on real third-party material read at run time
// from NW_SHARED_DIR: the five seeds, the labelled development set, and the
// negative corpora (news, CCTV transcripts, finance digests, traps).
#include <gtest/gtest.h>
#include <opencc/opencc.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/text/html_text.h"
#include "daemon/text/normalize.h"
#include "filters/pipeline_stages.h"
#include "filters/relevance/backtest.h"
#include "filters/relevance/explain.h"
#include "tests/support/read_file.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;

const fs::path kShared = NW_SHARED_DIR;

std::vector<fs::path> FilesUnder(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> Lines(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

class MetaversePolicyCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto profile =
        LoadTopicProfile(fs::path(NW_SOURCE_DIR) / "config/topics/metaverse-policy.yaml");
    ASSERT_TRUE(profile.ok()) << profile.status().ToString();
    auto analyzer = BuildAnalyzer(*profile, {});
    ASSERT_TRUE(analyzer.ok()) << analyzer.status().ToString();
    analyzer_ = std::move(*analyzer).release();
    auto scorer = RelevanceScorer::Create(std::move(*profile));
    ASSERT_TRUE(scorer.ok()) << scorer.status().ToString();
    scorer_ = std::move(*scorer).release();
    auto normalizer = TextNormalizer::Create();
    ASSERT_TRUE(normalizer.ok()) << normalizer.status().ToString();
    normalizer_ = std::move(*normalizer).release();
  }
  static void TearDownTestSuite() {
    delete scorer_;
    delete normalizer_;
    delete analyzer_;
  }

  static DocumentPreparer Preparer() {
    return {[](std::string_view html) { return HtmlToText(html); },
            [](std::string_view text) { return normalizer_->Normalize(text); }};
  }

  // A file as the daemon would meet it: front-matter title, else first line.
  static LabelledDocument FromFile(const fs::path& path) {
    LabelledDocument d;
    d.id = path.filename().string();
    d.path = path;
    d.text = ::newswatch::testing::ReadFile(path);
    auto [title, rest] = SplitTitleFrontMatter(d.text);
    if (title.empty()) {
      std::istringstream in{std::string(rest)};
      std::string line;
      while (std::getline(in, line) && line.find_first_not_of(" \t\r") == std::string::npos) {
      }
      title = line;
    }
    d.title = title;
    return d;
  }

  // Normalized text judged as the daemon does: analysis, then the scorer.
  static Relevance Judge(const std::string& title, const std::string& body) {
    const Analysis analysis = analyzer_->Analyze(title, body);
    return scorer_->Score(title, body, &analysis);
  }

  // Scores each file and returns those judged relevant, explained.
  static std::vector<std::string> RelevantFiles(const std::vector<fs::path>& files) {
    std::vector<std::string> out;
    for (const auto& f : files) {
      LabelledDocument d = FromFile(f);
      Relevance r = ScoreDocument(*scorer_, Preparer(), d, analyzer_);
      if (r.verdict == Verdict::kRelevant) {
        out.push_back(f.string() + " | " + d.title + "\n" + ExplainRelevance(r));
      }
    }
    return out;
  }

  static RelevanceScorer* scorer_;
  static TextNormalizer* normalizer_;
  static PolicyAnalyzer* analyzer_;
};
PolicyAnalyzer* MetaversePolicyCorpus::analyzer_ = nullptr;

RelevanceScorer* MetaversePolicyCorpus::scorer_ = nullptr;
TextNormalizer* MetaversePolicyCorpus::normalizer_ = nullptr;

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += s + "\n";
  return out;
}

TEST_F(MetaversePolicyCorpus, AllFiveSeedsAreRelevant) {
  std::vector<fs::path> seeds = FilesUnder(kShared / "seeds");
  ASSERT_EQ(seeds.size(), 5u);
  for (const auto& f : seeds) {
    LabelledDocument d = FromFile(f);
    Relevance r = ScoreDocument(*scorer_, Preparer(), d, analyzer_);
    EXPECT_EQ(r.verdict, Verdict::kRelevant) << f << "\n" << ExplainRelevance(r);
    EXPECT_NE(r.level, Level::kNone) << f;
  }
}

TEST_F(MetaversePolicyCorpus, LabelledSetHasHighPrecisionAndRecall) {
  auto docs = LoadLabelledDocuments(kShared / "corpus/relevance/labels.tsv");
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_GE(docs->size(), 73u);
  BacktestReport report = RunBacktest(*scorer_, Preparer(), *docs, analyzer_);
  std::string detail;
  for (const auto& m : report.misses)
    detail += "miss " + m.document.id + " " + m.document.title + "\n";
  for (const auto& m : report.false_alarms) {
    detail += "false alarm " + m.document.id + " " + m.document.title + "\n";
  }
  std::printf("labelled set: precision %.3f recall %.3f F1 %.3f\n%s", report.precision(),
              report.recall(), report.f1(), detail.c_str());
  EXPECT_GE(report.precision(), 0.95) << detail;
  EXPECT_GE(report.recall(), 0.9) << detail;
}

TEST_F(MetaversePolicyCorpus, ThucnewsArticlesRaiseNoFalseAlarms) {
  std::vector<std::string> lines = Lines(kShared / "corpus/negatives/thucnews/cnews.1000.txt");
  ASSERT_GE(lines.size(), 1000u);
  size_t alarms = 0, bytes = 0;
  std::string detail;
  auto start = std::chrono::steady_clock::now();
  for (const auto& line : lines) {
    size_t tab = line.find('\t');
    std::string_view text =
        tab == std::string::npos ? line : std::string_view(line).substr(tab + 1);
    bytes += text.size();
    Relevance r = Judge("", normalizer_->Normalize(text));
    if (r.verdict == Verdict::kRelevant) {
      ++alarms;
      detail += std::string(text.substr(0, 200)) + "\n" + ExplainRelevance(r);
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("normalize+score: %.1f MB in %.2f s = %.1f MB/s\n", bytes / 1e6, seconds,
              bytes / 1e6 / seconds);
  EXPECT_EQ(alarms, 0u) << detail;
}

TEST_F(MetaversePolicyCorpus, ThucnewsHeadlinesRaiseNoFalseAlarms) {
  std::vector<std::string> lines = Lines(kShared / "corpus/negatives/thucnews/titles.test.txt");
  ASSERT_GE(lines.size(), 1000u);
  std::string detail;
  for (const auto& line : lines) {
    std::string title = line.substr(0, line.find('\t'));
    Relevance r = Judge(normalizer_->Normalize(title), "");
    if (r.verdict == Verdict::kRelevant) detail += title + "\n";
  }
  EXPECT_EQ(detail, "");
}

TEST_F(MetaversePolicyCorpus, XinwenlianboTranscriptsAreNotRelevant) {
  std::vector<fs::path> files = FilesUnder(kShared / "corpus/negatives/xinwenlianbo");
  ASSERT_GT(files.size(), 100u);
  EXPECT_EQ(Join(RelevantFiles(files)), "");
}

TEST_F(MetaversePolicyCorpus, SeedFormatSamplesAndFinanceDigestsAreNotRelevant) {
  std::vector<fs::path> files = FilesUnder(kShared / "corpus/negatives/seed-format-samples");
  std::vector<fs::path> digests = FilesUnder(kShared / "corpus/negatives/lujiazui-digests");
  ASSERT_FALSE(files.empty());
  ASSERT_GT(digests.size(), 40u);
  files.insert(files.end(), digests.begin(), digests.end());
  EXPECT_EQ(Join(RelevantFiles(files)), "");
}

TEST_F(MetaversePolicyCorpus, TrapHeadlinesAreNotRelevant) {
  std::vector<std::string> lines = Lines(kShared / "corpus/negatives/traps.tsv");
  ASSERT_GT(lines.size(), 40u);
  std::string detail;
  int checked = 0;
  for (size_t i = 1; i < lines.size(); ++i) {  // header first
    std::vector<std::string> cols;
    std::istringstream in(lines[i]);
    std::string col;
    while (std::getline(in, col, '\t')) cols.push_back(col);
    if (cols.size() < 3) continue;
    ++checked;
    Relevance r = Judge(normalizer_->Normalize(cols[2]), "");
    if (r.verdict == Verdict::kRelevant) detail += cols[2] + "\n" + ExplainRelevance(r);
  }
  EXPECT_GT(checked, 40);
  EXPECT_EQ(detail, "");
}

TEST_F(MetaversePolicyCorpus, TraditionalSeedScoresLikeItsSimplifiedConversion) {
  // The seed that is a traditional-character page with pinyin noise.
  fs::path seed;
  for (const auto& f : FilesUnder(kShared / "seeds")) {
    if (::newswatch::testing::ReadFile(f).find("產(chǎn)業(yè)") != std::string::npos) seed = f;
  }
  ASSERT_FALSE(seed.empty()) << "no traditional seed found";
  std::string original = ::newswatch::testing::ReadFile(seed);
  // An independent simplified conversion: OpenCC t2s, pinyin removed.
  opencc_t cc = opencc_open("t2s.json");
  ASSERT_NE(cc, reinterpret_cast<opencc_t>(-1));
  char* converted = opencc_convert_utf8(cc, original.data(), original.size());
  std::string simplified = StripPinyinAnnotations(converted);
  opencc_convert_utf8_free(converted);
  opencc_close(cc);
  ASSERT_NE(simplified, original);

  Relevance from_traditional = Judge("", normalizer_->Normalize(original));
  Relevance from_simplified = Judge("", normalizer_->Normalize(simplified));
  EXPECT_EQ(from_traditional.verdict, Verdict::kRelevant) << ExplainRelevance(from_traditional);
  EXPECT_DOUBLE_EQ(from_traditional.score, from_simplified.score)
      << ExplainRelevance(from_traditional) << ExplainRelevance(from_simplified);
  ASSERT_EQ(from_traditional.matches.size(), from_simplified.matches.size());
  for (size_t i = 0; i < from_traditional.matches.size(); ++i) {
    EXPECT_EQ(from_traditional.matches[i].rule, from_simplified.matches[i].rule);
  }
}

TEST_F(MetaversePolicyCorpus, HugeRepetitiveDocumentScoresWithCappedCounts) {
  std::string body;
  while (body.size() < (4u << 20)) body += "元宇宙产业发展行动计划印发。多元宇宙概念股涨停。";
  Relevance r = Judge("", body);
  EXPECT_EQ(r.verdict, Verdict::kRelevant) << ExplainRelevance(r);
  for (const auto& m : r.matches) EXPECT_LE(std::abs(m.weight), 100.0) << m.rule;
}

}  // namespace
}  // namespace newswatch
