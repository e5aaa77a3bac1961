// Measures the extractor on third-party pages read at run time from NW_SHARED_DIR:
//  - readability-zh/<site>: source.html vs expected.html (a human's cut), as HtmlToText;
//  - newspaper-zh: one page and its exact expected text;
//  - gne/tests: 60 pages, 20 of them with GNE's output in gne/result.txt (a reference, not truth).
// Score: character-level F1 over the multiset of non-whitespace code points (order-insensitive,
// so paragraph splitting and spacing do not matter; a missed paragraph or included chrome does).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "daemon/extract/article_extractor.h"
#include "daemon/extract/cjk_text.h"
#include "daemon/text/dates.h"
#include "daemon/text/html_text.h"
#include "tests/support/read_file.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
const fs::path kPages = fs::path(NW_SHARED_DIR) / "corpus" / "pages";

using ::newswatch::testing::ReadFile;

struct F1 {
  double precision = 0, recall = 0, f1 = 0;
};

F1 CharF1(const std::string& got, const std::string& want) {
  std::unordered_map<char32_t, long> counts;
  long n_got = 0, n_want = 0, common = 0;
  for (size_t pos = 0; pos < want.size();) {
    char32_t c = extract_internal::NextCodePoint(want, &pos);
    if (extract_internal::IsSpace(c)) continue;
    ++counts[c];
    ++n_want;
  }
  for (size_t pos = 0; pos < got.size();) {
    char32_t c = extract_internal::NextCodePoint(got, &pos);
    if (extract_internal::IsSpace(c)) continue;
    ++n_got;
    auto it = counts.find(c);
    if (it != counts.end() && it->second > 0) {
      --it->second;
      ++common;
    }
  }
  F1 r;
  if (n_got == 0 || n_want == 0) return r;
  r.precision = static_cast<double>(common) / n_got;
  r.recall = static_cast<double>(common) / n_want;
  r.f1 = common == 0 ? 0 : 2 * r.precision * r.recall / (r.precision + r.recall);
  return r;
}

TEST(ExtractCorpusTest, ReadabilityZhCharacterF1) {
  const fs::path dir = kPages / "readability-zh";
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  double sum = 0;
  int n = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_directory()) continue;
    const std::string source = ReadFile(entry.path() / "source.html");
    const std::string expected = HtmlToText(ReadFile(entry.path() / "expected.html"));
    auto r = ExtractArticle(source, {});
    ASSERT_TRUE(r.ok()) << entry.path() << ": " << r.status().ToString();
    const F1 f = CharF1(r->text, expected);
    std::printf("readability-zh %-8s P=%.3f R=%.3f F1=%.3f\n", entry.path().filename().c_str(),
                f.precision, f.recall, f.f1);
    EXPECT_GE(f.f1, 0.95) << entry.path();
    sum += f.f1;
    ++n;
  }
  ASSERT_GT(n, 0);
  std::printf("readability-zh mean F1=%.3f over %d pages\n", sum / n, n);
  EXPECT_GE(sum / n, 0.985);
}

TEST(ExtractCorpusTest, NewspaperZhCharacterF1) {
  const fs::path dir = kPages / "newspaper-zh";
  auto r = ExtractArticle(ReadFile(dir / "chinese_article.html"), {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const F1 f = CharF1(r->text, ReadFile(dir / "chinese.txt"));
  std::printf("newspaper-zh P=%.3f R=%.3f F1=%.3f\n", f.precision, f.recall, f.f1);
  EXPECT_GE(f.f1, 0.965);
}

// gne/result.txt: blocks ">>>>tests/<site>/<file>.html>>>>" then a JSON object then "<<<<".
std::map<std::string, nlohmann::json> ReadGneResults() {
  std::map<std::string, nlohmann::json> out;
  std::istringstream in(ReadFile(kPages / "gne" / "result.txt"));
  std::string line, path, body;
  while (std::getline(in, line)) {
    if (line.rfind(">>>>", 0) == 0) {
      const size_t b = line.find_first_not_of('>');
      const size_t e = line.find('>', b);
      path = line.substr(b, e - b);
      body.clear();
    } else if (line.rfind("<<<<", 0) == 0) {
      auto j = nlohmann::json::parse(body, nullptr, false);
      if (!path.empty() && !j.is_discarded()) out[path] = j;
      path.clear();
    } else if (!path.empty()) {
      body += line;
      body += '\n';
    }
  }
  return out;
}

TEST(ExtractCorpusTest, GnePagesAgreeWithGneAndHaveMetadata) {
  const auto reference = ReadGneResults();
  ASSERT_GE(reference.size(), 15u);
  const fs::path tests = kPages / "gne" / "tests";
  int pages = 0, with_date = 0, dated = 0;
  double f1_sum = 0, ms_total = 0, ms_max = 0;
  int compared = 0, title_agree = 0, date_agree = 0;
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(tests)) {
    if (e.is_regular_file() && e.path().extension() == ".html") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    const std::string html = ReadFile(file);
    const auto t0 = std::chrono::steady_clock::now();
    auto r = ExtractArticle(html, {});
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    ms_total += ms;
    ms_max = std::max(ms_max, ms);
    ++pages;
    ASSERT_TRUE(r.ok()) << file << ": " << r.status().ToString();
    EXPECT_FALSE(r->title.empty()) << file;
    // Some pages are galleries whose whole text is a caption or two (toutiao/2: 94 characters).
    EXPECT_GE(extract_internal::CountVisible(r->text), 80u) << file;
    // "A visible date": one the page's text shows in full (year, month, day).
    const bool visible_date = FindDateInText(HtmlToText(html), 480).has_value();
    if (visible_date) {
      ++with_date;
      EXPECT_TRUE(r->published.has_value()) << file;
    }
    if (r->published) ++dated;
    const std::string key = "tests/" + fs::relative(file, tests).generic_string();
    auto it = reference.find(key);
    if (it == reference.end()) continue;
    const nlohmann::json& g = it->second;
    const F1 f = CharF1(r->text, g.value("content", ""));
    EXPECT_GE(f.f1, 0.90) << key;
    ++compared;
    f1_sum += f.f1;
    const bool same_title = g.value("title", "") == r->title;
    title_agree += same_title;
    std::string g_time = g.value("publish_time", "");
    auto g_parsed = ParseDate(g_time, 480);
    const bool same_day =
        g_parsed && r->published &&
        (g_parsed->unix_seconds + 28800) / 86400 == (r->published->unix_seconds + 28800) / 86400;
    date_agree += same_day;
    std::printf("gne %-24s F1=%.3f title=%s date=%s %.2fms\n", key.c_str() + 6, f.f1,
                same_title ? "same" : "diff", same_day ? "same" : "diff", ms);
  }
  std::printf(
      "gne: %d pages, %d with a visible date, %d dated; vs GNE on %d: mean text F1=%.3f, "
      "titles equal %d, same publication day %d; time mean %.2f ms max %.2f ms\n",
      pages, with_date, dated, compared, f1_sum / std::max(compared, 1), title_agree, date_agree,
      ms_total / std::max(pages, 1), ms_max);
  ASSERT_GE(compared, 15);
  EXPECT_GE(f1_sum / compared, 0.99);
  EXPECT_GE(date_agree, compared - 3);
}

}  // namespace
}  // namespace newswatch
