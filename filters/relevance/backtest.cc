#include "filters/relevance/backtest.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "daemon/text/html_text.h"

namespace newswatch {
namespace {

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read " + path.string());
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t from = 0;
  while (true) {
    size_t tab = line.find('\t', from);
    out.push_back(line.substr(from, tab == std::string_view::npos ? line.npos : tab - from));
    if (tab == std::string_view::npos) break;
    from = tab + 1;
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' ||
                        s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// Label words accepted in labels files and folder names.
int LabelValue(std::string_view word) {
  std::string w(Trim(word));
  std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return std::tolower(c); });
  if (w == "pos" || w == "positive" || w == "relevant" || w == "1") return 1;
  if (w == "neg" || w == "negative" || w == "irrelevant" || w == "not-relevant" || w == "0") {
    return 0;
  }
  return -1;
}

std::string FirstLine(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = Trim(text.substr(pos, nl == text.npos ? text.npos : nl - pos));
    if (!line.empty()) return std::string(line);
    if (nl == text.npos) break;
    pos = nl + 1;
  }
  return "";
}

Result<std::vector<LabelledDocument>> LoadLabelsFile(const std::filesystem::path& tsv) {
  auto content = ReadFile(tsv);
  if (!content.ok()) return content.status();
  std::vector<LabelledDocument> docs;
  std::istringstream in(*content);
  std::string line;
  int line_no = 0;
  const std::filesystem::path items = tsv.parent_path() / "items";
  while (std::getline(in, line)) {
    ++line_no;
    if (Trim(line).empty() || line[0] == '#') continue;
    auto cols = SplitTabs(line);
    if (line_no == 1 && !cols.empty() && Trim(cols[0]) == "id") continue;  // header
    if (cols.size() < 2) {
      return ParseError(tsv.string() + ":" + std::to_string(line_no) +
                        ": expected id<TAB>label[<TAB>kind<TAB>origin<TAB>title...]");
    }
    int label = LabelValue(cols[1]);
    if (label < 0) {
      return ParseError(tsv.string() + ":" + std::to_string(line_no) + ": unknown label '" +
                        std::string(cols[1]) + "' (want pos or neg)");
    }
    LabelledDocument d;
    d.id = std::string(Trim(cols[0]));
    d.relevant = label == 1;
    if (cols.size() > 2) d.kind = std::string(Trim(cols[2]));
    d.path = items / (d.id + ".txt");
    auto text = ReadFile(d.path);
    if (!text.ok()) {
      return NotFound(tsv.string() + ":" + std::to_string(line_no) + ": item file missing: " +
                      d.path.string());
    }
    d.text = std::move(*text);
    if (cols.size() > 4 && !Trim(cols[4]).empty()) {
      d.title = std::string(Trim(cols[4]));
    } else {
      auto [fm_title, rest] = SplitTitleFrontMatter(d.text);
      d.title = fm_title.empty() ? FirstLine(rest) : fm_title;
    }
    docs.push_back(std::move(d));
  }
  if (docs.empty()) return NotFound(tsv.string() + ": no labelled documents");
  return docs;
}

}  // namespace

std::pair<std::string, std::string_view> SplitTitleFrontMatter(std::string_view text) {
  std::string_view rest = text;
  // Skip a UTF-8 BOM and blank lines before the opening fence.
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);
  while (!rest.empty() && (rest.front() == '\n' || rest.front() == '\r' || rest.front() == ' ')) {
    rest.remove_prefix(1);
  }
  if (rest.substr(0, 3) != "---") return {"", text};
  size_t first_nl = rest.find('\n');
  if (first_nl == rest.npos || Trim(rest.substr(0, first_nl)) != "---") return {"", text};
  size_t pos = first_nl + 1;
  std::string title;
  while (pos < rest.size()) {
    size_t nl = rest.find('\n', pos);
    std::string_view line = rest.substr(pos, nl == rest.npos ? rest.npos : nl - pos);
    if (Trim(line) == "---") {
      return {title, nl == rest.npos ? std::string_view() : rest.substr(nl + 1)};
    }
    if (line.substr(0, 6) == "title:") {
      std::string_view v = Trim(line.substr(6));
      if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) {
        v = v.substr(1, v.size() - 2);
      }
      title = std::string(v);
    }
    if (nl == rest.npos) break;
    pos = nl + 1;
  }
  return {"", text};  // no closing fence: not front matter
}

Result<std::vector<LabelledDocument>> LoadPositiveDocuments(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) return NotFound("no such folder: " + path.string());
  std::vector<std::filesystem::path> files;
  for (const auto& f : std::filesystem::recursive_directory_iterator(path, ec)) {
    if (f.is_regular_file()) files.push_back(f.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<LabelledDocument> docs;
  for (const auto& f : files) {
    auto text = ReadFile(f);
    if (!text.ok()) return text.status();
    LabelledDocument d;
    d.id = f.stem().string();
    d.relevant = true;
    d.path = f;
    d.text = std::move(*text);
    d.title = SplitTitleFrontMatter(d.text).first;
    docs.push_back(std::move(d));
  }
  if (docs.empty()) return NotFound(path.string() + ": no documents");
  return docs;
}

Result<std::vector<LabelledDocument>> LoadLabelledDocuments(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) return LoadLabelsFile(path);
  if (!std::filesystem::is_directory(path, ec)) return NotFound("no such labelled set: " + path.string());
  if (std::filesystem::is_regular_file(path / "labels.tsv", ec)) {
    return LoadLabelsFile(path / "labels.tsv");
  }
  std::vector<LabelledDocument> docs;
  for (const auto& sub : std::filesystem::directory_iterator(path, ec)) {
    if (!sub.is_directory()) continue;
    int label = LabelValue(sub.path().filename().string());
    if (label < 0) continue;
    std::vector<std::filesystem::path> files;
    for (const auto& f : std::filesystem::recursive_directory_iterator(sub.path(), ec)) {
      if (f.is_regular_file()) files.push_back(f.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      auto text = ReadFile(f);
      if (!text.ok()) return text.status();
      LabelledDocument d;
      d.id = std::filesystem::relative(f, path, ec).string();
      d.relevant = label == 1;
      d.path = f;
      d.text = std::move(*text);
      auto [fm_title, rest] = SplitTitleFrontMatter(d.text);
      d.title = fm_title.empty() ? FirstLine(rest) : fm_title;
      docs.push_back(std::move(d));
    }
  }
  if (docs.empty()) {
    return NotFound(path.string() + ": no labels.tsv and no pos/neg (relevant/irrelevant) folders");
  }
  return docs;
}

double BacktestReport::precision() const {
  size_t judged = true_positives + false_positives;
  return judged == 0 ? 1.0 : static_cast<double>(true_positives) / judged;
}

double BacktestReport::recall() const {
  size_t labelled = true_positives + false_negatives;
  return labelled == 0 ? 1.0 : static_cast<double>(true_positives) / labelled;
}

double BacktestReport::f1() const {
  double p = precision(), r = recall();
  return p + r == 0 ? 0 : 2 * p * r / (p + r);
}

Relevance ScoreDocument(const RelevanceScorer& scorer, const DocumentPreparer& prepare,
                        const LabelledDocument& document, const PolicyAnalyzer* analyzer) {
  auto [fm_title, rest] = SplitTitleFrontMatter(document.text);
  std::string body = LooksLikeHtml(rest) && prepare.html_to_text ? prepare.html_to_text(rest)
                                                                  : std::string(rest);
  std::string norm_title = prepare.normalize ? prepare.normalize(document.title) : document.title;
  std::string norm_body = prepare.normalize ? prepare.normalize(body) : body;
  if (analyzer == nullptr) return scorer.Score(norm_title, norm_body);
  const Analysis analysis = analyzer->Analyze(norm_title, norm_body);
  return scorer.Score(norm_title, norm_body, &analysis);
}

BacktestReport RunBacktest(const RelevanceScorer& scorer, const DocumentPreparer& prepare,
                           const std::vector<LabelledDocument>& documents,
                           const PolicyAnalyzer* analyzer) {
  return RunBacktest(
      [&](const LabelledDocument& d) { return ScoreDocument(scorer, prepare, d, analyzer); },
      documents);
}

BacktestReport RunBacktest(const DocumentJudge& judge,
                           const std::vector<LabelledDocument>& documents) {
  BacktestReport report;
  for (const LabelledDocument& d : documents) {
    Relevance rel = judge(d);
    bool judged = rel.verdict == Verdict::kRelevant;
    report.all.push_back({d, rel});
    report.all.back().document.text.clear();
    if (d.relevant && judged) ++report.true_positives;
    if (!d.relevant && !judged) ++report.true_negatives;
    if (d.relevant != judged) {
      BacktestOutcome o{d, std::move(rel)};
      o.document.text.clear();
      if (d.relevant) {
        ++report.false_negatives;
        report.misses.push_back(std::move(o));
      } else {
        ++report.false_positives;
        report.false_alarms.push_back(std::move(o));
      }
    }
  }
  return report;
}

}  // namespace newswatch
