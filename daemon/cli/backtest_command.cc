// newswatch backtest PROFILE PATH...: measures a topic profile on labelled
// documents (a labels.tsv with items/, or pos/ and neg/ folders) through the
// daemon's own stages (spool reading, prepare, analysis, relevance, facts)
// and prints precision, recall, F1 and every miss and false alarm; with
// --facts, grades the extracted facts against hand-labelled ones; with
// --hold-out-every N, reports the items whose numeric id N divides apart.
#include <cstdio>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "daemon/cli/commands.h"
#include "daemon/cli/default_profiles.h"
#include "daemon/sources/document.h"
#include "daemon/text/normalize.h"
#include "filters/facts/fact_grading.h"
#include "filters/facts/facts_stage.h"
#include "filters/pipeline_stages.h"
#include "filters/relevance/backtest.h"
#include "filters/relevance/explain.h"

namespace newswatch::cli {
namespace {

struct BacktestOptions {
  std::string profile;
  std::vector<std::string> paths;
  std::vector<std::string> positives;  // folders whose every document is relevant
  std::string facts;                   // hand-labelled facts (JSON lines)
  std::string regions;                 // extra regions (gazetteer import output)
  int hold_out_every = 0;
  bool explain = false;
  bool list = false;             // print every document's verdict
  bool document_titles = false;  // judge with the title read from the text
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

// What the daemon makes of one labelled document.
struct Judged {
  Article article;
  bool dropped = false;
};

class PipelineJudge {
 public:
  PipelineJudge(std::vector<std::unique_ptr<Stage>> stages, bool document_titles)
      : stages_(std::move(stages)), document_titles_(document_titles) {}

  Judged Run(const LabelledDocument& d) const {
    Judged out;
    DocumentInput input{d.text, "file://" + d.path.string(), "", "backtest"};
    auto article = ArticleFromDocument(input);
    if (!article.ok()) {
      out.dropped = true;
      return out;
    }
    out.article = std::move(*article);
    display_title_ = out.article.title;
    // A labels file's title stands in for the title a feed would carry.
    if (!document_titles_ && !d.title.empty() && !d.kind.empty()) out.article.title = d.title;
    for (const auto& stage : stages_) {
      if (stage->name() == "gate") break;
      if (stage->Process(out.article).decision == Decision::kDrop) {
        out.dropped = true;
        break;
      }
      if (stage->name() == "prepare") display_title_ = StripPinyinAnnotations(display_title_);
    }
    return out;
  }
  // The policy analyzer the pipeline's facts stage reads with; nullptr if none.
  const PolicyAnalyzer* analyzer() const {
    for (const auto& stage : stages_) {
      if (const auto* facts = dynamic_cast<const FactsStage*>(stage.get())) {
        return &facts->analyzer();
      }
    }
    return nullptr;
  }
  // The title the last Run() would display (from the document itself).
  const std::string& display_title() const { return display_title_; }

 private:
  std::vector<std::unique_ptr<Stage>> stages_;
  bool document_titles_;
  mutable std::string display_title_;
};

bool HeldOut(const LabelledDocument& d, int every, const std::set<std::string>& positives_ids) {
  if (every <= 0 || positives_ids.count(d.id)) return false;
  if (d.id.empty() || d.id.find_first_not_of("0123456789") != std::string::npos) return false;
  return std::stol(d.id) % every == 0;
}

void PrintReport(std::string_view heading, const BacktestReport& report, size_t documents) {
  const size_t positives = report.true_positives + report.false_negatives;
  std::cout << heading << ": documents " << documents << " (" << positives << " relevant, "
            << documents - positives << " not)  precision " << Fixed(report.precision(), 3)
            << "  recall " << Fixed(report.recall(), 3) << "  F1 " << Fixed(report.f1(), 3)
            << "  (tp " << report.true_positives << ", fp " << report.false_positives << ", tn "
            << report.true_negatives << ", fn " << report.false_negatives << ")\n";
}

void PrintGrade(std::string_view heading, const FactsGrade& g) {
  auto field = [](std::string_view name, const FieldScore& s) {
    std::cout << "  " << name << " " << Fixed(s.rate(), 3) << " (" << s.right << "/" << s.total
              << ")";
  };
  std::cout << heading << ":";
  field("region", g.region);
  field("kind", g.kind);
  field("issuer", g.issuer);
  field("title", g.title);
  std::cout << "\n   ";
  field("documents found", g.documents_found);
  field("documents correct", g.documents_correct);
  field("targets correct", g.targets_correct);
  field("targets found", g.targets_found);
  field("money correct", g.money_correct);
  field("money found", g.money_found);
  std::cout << "\n";
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
  PipelineSettings settings;
  settings.profiles = *paths;
  settings.extra_regions = opts.regions;
  auto stages = BuildPipeline(settings);
  if (!stages.ok()) {
    std::cerr << "newswatch backtest: " << stages.status().ToString() << "\n";
    return 1;
  }
  auto normalizer = TextNormalizer::Create();
  if (!normalizer.ok()) {
    std::cerr << "newswatch backtest: " << normalizer.status().ToString() << "\n";
    return 1;
  }
  const TextNormalizer& norm = **normalizer;
  PipelineJudge judge(std::move(*stages), opts.document_titles);

  std::vector<LabelledDocument> documents;
  std::set<std::string> positive_ids;
  for (const std::string& path : opts.paths) {
    auto docs = LoadLabelledDocuments(path);
    if (!docs.ok()) {
      std::cerr << "newswatch backtest: " << docs.status().ToString() << "\n";
      return 1;
    }
    for (auto& d : *docs) documents.push_back(std::move(d));
  }
  for (const std::string& path : opts.positives) {
    auto docs = LoadPositiveDocuments(path);
    if (!docs.ok()) {
      std::cerr << "newswatch backtest: " << docs.status().ToString() << "\n";
      return 1;
    }
    for (auto& d : *docs) {
      positive_ids.insert(d.id);
      documents.push_back(std::move(d));
    }
  }
  std::map<std::string, GoldFacts> gold;
  if (!opts.facts.empty()) {
    auto loaded = LoadGoldFacts(opts.facts);
    if (!loaded.ok()) {
      std::cerr << "newswatch backtest: " << loaded.status().ToString() << "\n";
      return 1;
    }
    gold = std::move(*loaded);
  }

  FactsGrade grades[2];
  std::vector<LabelledDocument> parts[2];
  auto fold = [&norm](std::string_view s) { return norm.Normalize(s); };
  // Two spellings of one body (上海长宁区… and 上海市长宁区…, 市发改委 and
  // 市发展和改革委员会) are the same issuer: both sides are read by the
  // pipeline's own analysis, and an actor that spans the whole name gives its
  // canonical form.
  const PolicyAnalyzer* analyzer = judge.analyzer();
  if (analyzer == nullptr) {
    std::cerr << "newswatch backtest: the pipeline has no facts stage\n";
    return 1;
  }
  auto canon = [analyzer](std::string_view s) {
    const Analysis a = analyzer->Analyze(s, "");
    for (const Actor& actor : a.actors) {
      if (actor.span.begin == 0 && actor.span.end == s.size() && !actor.canonical.empty()) {
        return actor.canonical;
      }
    }
    return analyzer->lexicon().ExpandNames(s);
  };
  auto run = [&](const LabelledDocument& d) {
    Judged j = judge.Run(d);
    if (j.dropped) return Relevance{};
    auto it = gold.find(d.id);
    if (it != gold.end()) {
      const int part = HeldOut(d, opts.hold_out_every, positive_ids) ? 1 : 0;
      GradeFacts(it->second, j.article.facts, judge.display_title(), fold, &grades[part], canon);
    }
    return j.article.relevance;
  };
  for (const LabelledDocument& d : documents) {
    parts[HeldOut(d, opts.hold_out_every, positive_ids) ? 1 : 0].push_back(d);
  }
  BacktestReport report = RunBacktest(run, parts[0]);
  BacktestReport held = RunBacktest(run, parts[1]);

  std::cout << "profile " << opts.profile << " (" << paths->front().string() << ")\n";
  const bool split = opts.hold_out_every > 0;
  PrintReport(split ? "development" : "all", report, parts[0].size());
  if (split) {
    PrintReport("set aside (ids divisible by " + std::to_string(opts.hold_out_every) + ")", held,
                parts[1].size());
  }
  if (!gold.empty()) {
    PrintGrade(split ? "facts, development" : "facts", grades[0]);
    if (split) PrintGrade("facts, set aside", grades[1]);
    std::cout << "facts disagreements:\n";
    for (const FactsGrade& g : grades) {
      for (const std::string& line : g.disagreements) std::cout << "  " << line << "\n";
    }
  }
  if (opts.list) {
    std::cout << "every document (label, verdict, score):\n";
    for (const BacktestReport* r : {&report, &held}) {
      for (const BacktestOutcome& o : r->all) {
        std::cout << "  " << o.document.id << "  " << (o.document.relevant ? "pos" : "neg") << " "
                  << (o.relevance.verdict == Verdict::kRelevant ? "relevant" : "-") << "  "
                  << Fixed(o.relevance.score, 1) << "  " << o.document.title << "\n";
      }
    }
  }
  PrintOutcomes("misses", report.misses, opts.explain);
  PrintOutcomes("false alarms", report.false_alarms, opts.explain);
  if (split) {
    PrintOutcomes("set-aside misses", held.misses, opts.explain);
    PrintOutcomes("set-aside false alarms", held.false_alarms, opts.explain);
  }
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
      "backtest", "Measure a topic profile on labelled documents (precision, recall, facts)");
  cmd->add_option("profile", opts->profile, "Profile file or name (e.g. metaverse-policy)")
      ->required();
  cmd->add_option("paths", opts->paths,
                  "Labelled sets: a labels.tsv (items/ beside it) or a folder with pos/ and neg/");
  cmd->add_option("--positives", opts->positives,
                  "A folder whose every document must be judged relevant (id = file name)");
  cmd->add_option("--facts", opts->facts,
                  "Hand-labelled facts (JSON lines, ids as in the sets) to grade the facts");
  cmd->add_option("--regions", opts->regions, "Extra regions (newswatch gazetteer import output)");
  cmd->add_option("--hold-out-every", opts->hold_out_every,
                  "Report items whose numeric id this divides apart (a set-aside third)");
  cmd->add_flag("--document-titles", opts->document_titles,
                "Judge with the title read from the text, not the labels file's");
  cmd->add_flag("--explain", opts->explain, "Explain every miss and false alarm");
  cmd->add_flag("--list", opts->list, "Print every document's label, verdict and score");
  cmd->add_option("--min-precision", opts->min_precision, "Exit 1 if precision is below this");
  cmd->add_option("--min-recall", opts->min_recall, "Exit 1 if recall is below this");
  cmd->callback([opts, &ctx] {
    if (opts->paths.empty() && opts->positives.empty()) {
      std::cerr << "newswatch backtest: give labelled sets or --positives\n";
      ctx.exit_code = 2;
      return;
    }
    ctx.exit_code = RunBacktestCommand(*opts);
  });
}

}  // namespace newswatch::cli
