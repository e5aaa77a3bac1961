// Backtest: runs a RelevanceScorer over labelled documents and measures it
// (precision, recall, F1, every miss and false alarm). Used by `newswatch
// backtest` and by the profile tests.
// Labelled sets come in two layouts:
//   - a labels file (TSV with header; columns id, label, kind, origin, title,
//     reason; label pos|neg) with the texts in items/<id>.txt beside it;
//   - a folder with sub-folders pos/ and neg/ (or relevant/ and irrelevant/),
//     each holding one document per file (searched recursively).
// Thread-safety: plain functions; the scorer is shared read-only.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/article.h"
#include "daemon/core/result.h"
#include "filters/analysis/policy_analyzer.h"
#include "filters/relevance/scorer.h"

namespace newswatch {

struct LabelledDocument {
  std::string id;     // labels-file id, or the path relative to the set's folder
  bool relevant = false;
  std::string kind;   // labels-file kind column; empty for folder sets
  std::string title;  // labels-file title, else front-matter title, else first line
  std::string text;   // the document as stored (may hold HTML and front matter)
  std::filesystem::path path;
};

// Loads one labelled set from `path` (a labels file, a folder holding
// labels.tsv, or a pos/neg folder). kNotFound when nothing labelled is there;
// kParse naming file and line for a malformed labels file.
Result<std::vector<LabelledDocument>> LoadLabelledDocuments(const std::filesystem::path& path);

// Every document under the folder `path` (recursively), labelled relevant,
// with its file name without extension as id ("a folder of documents that
// must all be caught"). kNotFound when there is none.
Result<std::vector<LabelledDocument>> LoadPositiveDocuments(const std::filesystem::path& path);

// Turns a stored document into the normalized title and body the scorer sees.
// Injected so the backtest uses exactly the daemon's text stages.
struct DocumentPreparer {
  // Plain text from HTML (called only when daemon/text LooksLikeHtml() holds).
  std::function<std::string(std::string_view html)> html_to_text;
  // The normalize stage's folding (simplified script, half-width, lower-case).
  std::function<std::string(std::string_view text)> normalize;
};

// Splits a leading YAML front-matter block ("---" ... "---") off `text`.
// Returns {title from front matter ("" if none), rest of text}.
std::pair<std::string, std::string_view> SplitTitleFrontMatter(std::string_view text);

struct BacktestOutcome {
  LabelledDocument document;  // text cleared to keep reports small
  Relevance relevance;
};

struct BacktestReport {
  size_t true_positives = 0;
  size_t false_positives = 0;
  size_t true_negatives = 0;
  size_t false_negatives = 0;
  std::vector<BacktestOutcome> misses;        // labelled relevant, judged not
  std::vector<BacktestOutcome> false_alarms;  // labelled not relevant, judged relevant
  std::vector<BacktestOutcome> all;           // every document, in input order

  double precision() const;  // 1.0 when nothing was judged relevant
  double recall() const;     // 1.0 when nothing was labelled relevant
  double f1() const;
};

// Prepares and scores one document. The title passed to the scorer is the
// document's title; the body is the text without front matter. With
// `analyzer`, the policy analysis of the same text feeds the scorer's evidence.
Relevance ScoreDocument(const RelevanceScorer& scorer, const DocumentPreparer& prepare,
                        const LabelledDocument& document,
                        const PolicyAnalyzer* analyzer = nullptr);

BacktestReport RunBacktest(const RelevanceScorer& scorer, const DocumentPreparer& prepare,
                           const std::vector<LabelledDocument>& documents,
                           const PolicyAnalyzer* analyzer = nullptr);

// Judges one document however the caller runs it (the CLI runs the daemon's
// own pipeline stages).
using DocumentJudge = std::function<Relevance(const LabelledDocument&)>;
BacktestReport RunBacktest(const DocumentJudge& judge,
                           const std::vector<LabelledDocument>& documents);

}  // namespace newswatch
