// newswatch backtest PROFILE PATH...: measures a topic profile on labelled
// documents (a labels.tsv with items/, or pos/ and neg/ folders) and prints
// precision, recall, F1 and every miss and false alarm with score and title.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "daemon/cli/commands.h"
#include "daemon/cli/default_profiles.h"
#include "daemon/text/html_text.h"
#include "daemon/text/normalize.h"
#include "filters/relevance/backtest.h"
#include "filters/relevance/explain.h"

namespace newswatch::cli {
namespace {

struct BacktestOptions {
  std::string profile;
  std::vector<std::string> paths;
  bool explain = false;
  double min_precision = 0;
  double min_recall = 0;
};

std::string Fixed(double v, int digits) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

void PrintOutcomes(const char* heading, const std::vector<BacktestOutcome>& outcomes,
                   bool explain) {
  std::cout << heading << " (" << outcomes.size() << "):\n";
  for (const BacktestOutcome& o : outcomes) {
    std::cout << "  " << o.document.id << "  score " << Fixed(o.relevance.score, 1) << "  "
              << (o.document.kind.empty() ? "" : "[" + o.document.kind + "] ") << o.document.title
              << "\n";
    if (explain) {
      std::string text = ExplainRelevance(o.relevance);
      size_t pos = 0;
      while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        std::cout << "      " << text.substr(pos, nl - pos) << "\n";
        pos = nl == std::string::npos ? text.size() : nl + 1;
      }
    }
  }
}

int RunBacktestCommand(const BacktestOptions& opts) {
  auto paths = ResolveProfiles({opts.profile}, "");
  if (!paths.ok()) {
    std::cerr << "newswatch backtest: " << paths.status().ToString() << "\n";
    return 2;
  }
  if (paths->size() != 1) {
    std::cerr << "newswatch backtest: expected one profile, got " << paths->size() << "\n";
    return 2;
  }
  auto profile = LoadTopicProfile(paths->front());
  if (!profile.ok()) {
    std::cerr << "newswatch backtest: " << profile.status().ToString() << "\n";
    return 1;
  }
  auto scorer = RelevanceScorer::Create(std::move(*profile));
  if (!scorer.ok()) {
    std::cerr << "newswatch backtest: " << scorer.status().ToString() << "\n";
    return 1;
  }
  auto normalizer = TextNormalizer::Create();
  if (!normalizer.ok()) {
    std::cerr << "newswatch backtest: " << normalizer.status().ToString() << "\n";
    return 1;
  }
  const TextNormalizer& norm = **normalizer;
  DocumentPreparer prepare{[](std::string_view html) { return HtmlToText(html); },
                           [&norm](std::string_view text) { return norm.Normalize(text); }};

  std::vector<LabelledDocument> documents;
  for (const std::string& path : opts.paths) {
    auto docs = LoadLabelledDocuments(path);
    if (!docs.ok()) {
      std::cerr << "newswatch backtest: " << docs.status().ToString() << "\n";
      return 1;
    }
    for (auto& d : *docs) documents.push_back(std::move(d));
  }
  BacktestReport report = RunBacktest(**scorer, prepare, documents);

  const size_t positives = report.true_positives + report.false_negatives;
  std::cout << "profile " << (*scorer)->profile().name << " (" << paths->front().string() << ")\n"
            << "documents " << documents.size() << ": " << positives << " relevant, "
            << documents.size() - positives << " not relevant\n"
            << "precision " << Fixed(report.precision(), 3) << "  recall "
            << Fixed(report.recall(), 3) << "  F1 " << Fixed(report.f1(), 3) << "\n"
            << "true positives " << report.true_positives << "  false positives "
            << report.false_positives << "  true negatives " << report.true_negatives
            << "  false negatives " << report.false_negatives << "\n";
  PrintOutcomes("misses", report.misses, opts.explain);
  PrintOutcomes("false alarms", report.false_alarms, opts.explain);
  if (report.precision() < opts.min_precision || report.recall() < opts.min_recall) {
    std::cerr << "newswatch backtest: below the required precision/recall\n";
    return 1;
  }
  return 0;
}

}  // namespace

void AddBacktestCommand(CLI::App& app, CommandContext& ctx) {
  auto opts = std::make_shared<BacktestOptions>();
  CLI::App* cmd = app.add_subcommand(
      "backtest", "Measure a topic profile on labelled documents (precision, recall, misses)");
  cmd->add_option("profile", opts->profile, "Profile file or name (e.g. metaverse-policy)")
      ->required();
  cmd->add_option("paths", opts->paths,
                  "Labelled sets: a labels.tsv (items/ beside it) or a folder with pos/ and neg/")
      ->required();
  cmd->add_flag("--explain", opts->explain, "Explain every miss and false alarm");
  cmd->add_option("--min-precision", opts->min_precision, "Exit 1 if precision is below this");
  cmd->add_option("--min-recall", opts->min_recall, "Exit 1 if recall is below this");
  cmd->callback([opts, &ctx] { ctx.exit_code = RunBacktestCommand(*opts); });
}

}  // namespace newswatch::cli
