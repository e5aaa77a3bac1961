#include "filters/analysis/lexicon.h"

#include <algorithm>

#include "filters/analysis/embedded_lexicon.h"
#include "filters/facts/text_scan.h"

namespace newswatch {
namespace {

struct Row {
  int line = 0;
  std::vector<std::string> fields;
};

// Data rows of a '#'-commented TSV table.
std::vector<Row> Rows(std::string_view text) {
  std::vector<Row> rows;
  int n = 0;
  for (std::string_view line : SplitLines(text)) {
    ++n;
    std::string_view t = Trim(line);
    if (t.empty() || t.front() == '#') continue;
    rows.push_back({n, SplitCsvLine(t)});
  }
  return rows;
}

Status RowError(std::string_view table, const Row& row, std::string_view what) {
  return ParseError(std::string(table) + ":" + std::to_string(row.line) + ": " + std::string(what));
}

Result<ActorKind> ActorKindFromName(std::string_view name) {
  static constexpr std::pair<std::string_view, ActorKind> kNames[] = {
      {"government", ActorKind::kGovernment},
      {"legislature", ActorKind::kLegislature},
      {"advisory", ActorKind::kAdvisory},
      {"party", ActorKind::kParty},
      {"association", ActorKind::kAssociation},
      {"company", ActorKind::kCompany},
      {"institute", ActorKind::kInstitute},
      {"media", ActorKind::kMedia},
      {"event", ActorKind::kEvent}};
  for (auto [n, k] : kNames) {
    if (n == name) return k;
  }
  return ParseError("unknown actor kind '" + std::string(name) + "'");
}

Result<ActKind> ActKindFromName(std::string_view name) {
  static constexpr std::pair<std::string_view, ActKind> kNames[] = {
      {"issue", ActKind::kIssue},     {"draft", ActKind::kDraft},
      {"reply", ActKind::kReply},     {"propose", ActKind::kPropose},
      {"approve", ActKind::kApprove}, {"designate", ActKind::kDesignate},
      {"fund", ActKind::kFund},       {"plan", ActKind::kPlan}};
  for (auto [n, k] : kNames) {
    if (n == name) return k;
  }
  return ParseError("unknown act kind '" + std::string(name) + "'");
}

// Removes one trailing parenthetical "(...)" when it holds a year range,
// 征求意见稿, 试行 or 全文 and the like: what follows a document's proper name.
std::string_view StripTrailingNote(std::string_view t) {
  for (int round = 0; round < 3; ++round) {
    t = Trim(t);
    if (!t.ends_with(")")) break;
    size_t open = t.rfind('(');
    if (open == std::string_view::npos || open == 0) break;
    std::string_view inner = t.substr(open + 1, t.size() - open - 2);
    if (CountCodepoints(inner) > 16) break;
    t = t.substr(0, open);
  }
  return Trim(t);
}

}  // namespace

DocumentKind DocumentKindFromName(std::string_view name) {
  static constexpr std::pair<std::string_view, DocumentKind> kNames[] = {
      {"action-plan", DocumentKind::kActionPlan},
      {"implementation-plan", DocumentKind::kImplementationPlan},
      {"measures", DocumentKind::kMeasures},
      {"notice", DocumentKind::kNotice},
      {"consultation-draft", DocumentKind::kConsultationDraft},
      {"proposal", DocumentKind::kProposal},
      {"proposal-reply", DocumentKind::kProposalReply},
      {"interpretation", DocumentKind::kInterpretation},
      {"speech", DocumentKind::kSpeech},
      {"news-report", DocumentKind::kNewsReport},
      {"roundup", DocumentKind::kRoundup},
      {"plan", DocumentKind::kPlan},
      {"opinion", DocumentKind::kOpinion}};
  for (auto [n, k] : kNames) {
    if (n == name) return k;
  }
  return DocumentKind::kUnknown;
}

Result<Lexicon> Lexicon::Builtin() {
  using namespace analysis_data;
  return Parse(GovernmentBodiesTsv(), NationalBodiesTsv(), NonGovernmentTsv(), ActsTsv(),
               DocumentKindsTsv(), ForeignPlacesTsv(), BodyAbbreviationsTsv());
}

Result<Lexicon> Lexicon::Parse(std::string_view government_bodies, std::string_view national_bodies,
                               std::string_view non_government, std::string_view acts,
                               std::string_view document_kinds, std::string_view foreign_places,
                               std::string_view abbreviations) {
  Lexicon lex;
  for (const Row& r : Rows(government_bodies)) {
    if (r.fields.size() != 3) return RowError("government_bodies.tsv", r, "expected 3 columns");
    auto kind = ActorKindFromName(r.fields[1]);
    if (!kind.ok()) return RowError("government_bodies.tsv", r, kind.status().message());
    if (r.fields[2] != "yes" && r.fields[2] != "no") {
      return RowError("government_bodies.tsv", r, "needs_prefix must be yes or no");
    }
    lex.body_suffixes.push_back({r.fields[0], *kind, r.fields[2] == "yes"});
  }
  for (const Row& r : Rows(national_bodies)) {
    if (r.fields.size() != 2) return RowError("national_bodies.tsv", r, "expected 2 columns");
    auto kind = ActorKindFromName(r.fields[1]);
    if (!kind.ok()) return RowError("national_bodies.tsv", r, kind.status().message());
    lex.national_bodies.push_back({r.fields[0], *kind});
  }
  for (const Row& r : Rows(non_government)) {
    if (r.fields.size() != 2) return RowError("non_government.tsv", r, "expected 2 columns");
    auto kind = ActorKindFromName(r.fields[1]);
    if (!kind.ok() || IsPublicActor(*kind)) {
      return RowError("non_government.tsv", r, "kind must be a non-government actor kind");
    }
    lex.non_government.push_back({r.fields[0], *kind});
  }
  for (const Row& r : Rows(acts)) {
    if (r.fields.size() != 2) return RowError("acts.tsv", r, "expected 2 columns");
    auto kind = ActKindFromName(r.fields[1]);
    if (!kind.ok()) return RowError("acts.tsv", r, kind.status().message());
    lex.acts.push_back({r.fields[0], *kind});
  }
  for (const Row& r : Rows(document_kinds)) {
    if (r.fields.size() != 2) return RowError("document_kinds.tsv", r, "expected 2 columns");
    DocumentKind kind = DocumentKindFromName(r.fields[1]);
    if (kind == DocumentKind::kUnknown) {
      return RowError("document_kinds.tsv", r, "unknown document kind '" + r.fields[1] + "'");
    }
    lex.kind_endings.push_back({r.fields[0], kind});
  }
  std::stable_sort(
      lex.kind_endings.begin(), lex.kind_endings.end(),
      [](const KindEnding& a, const KindEnding& b) { return a.text.size() > b.text.size(); });
  for (const Row& r : Rows(foreign_places)) {
    if (r.fields.size() != 1) return RowError("foreign_places.tsv", r, "expected 1 column");
    lex.foreign_places.push_back(r.fields[0]);
  }
  for (const Row& r : Rows(abbreviations)) {
    if (r.fields.size() != 2) return RowError("body_abbreviations.tsv", r, "expected 2 columns");
    lex.abbreviations.emplace_back(r.fields[0], r.fields[1]);
  }
  std::stable_sort(lex.abbreviations.begin(), lex.abbreviations.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  if (lex.body_suffixes.empty() || lex.acts.empty() || lex.kind_endings.empty()) {
    return ParseError("analysis lexicon: a required table is empty");
  }
  return lex;
}

std::string Lexicon::ExpandNames(std::string_view names) const {
  std::string out;
  size_t start = 0;
  while (start <= names.size()) {
    size_t sep = names.find("、", start);
    if (sep == std::string_view::npos) sep = names.size();
    if (!out.empty()) out += "、";
    out += ExpandAbbreviation(names.substr(start, sep - start));
    if (sep == names.size()) break;
    start = sep + std::string_view("、").size();
  }
  return out;
}

std::string Lexicon::ExpandAbbreviation(std::string_view name) const {
  for (const auto& [short_form, full] : abbreviations) {
    if (name.ends_with(short_form) && !name.ends_with(full)) {
      return std::string(name.substr(0, name.size() - short_form.size())) + full;
    }
  }
  return std::string(name);
}

DocumentKind Lexicon::KindOfTitle(std::string_view title) const {
  if (title.find("征求意见稿") != std::string_view::npos) return DocumentKind::kConsultationDraft;
  std::string_view t = StripTrailingNote(title);
  // 关于印发X的通知: the notice carries the document X.
  if (t.ends_with("的通知")) {
    size_t issue = t.find("印发");
    if (issue != std::string_view::npos) {
      std::string_view inner = t.substr(issue + std::string_view("印发").size());
      inner = inner.substr(0, inner.size() - std::string_view("的通知").size());
      DocumentKind k = KindOfTitle(inner);
      if (k != DocumentKind::kUnknown) return k;
    }
  }
  for (const KindEnding& e : kind_endings) {
    if (t.ends_with(e.text)) return e.kind;
  }
  return DocumentKind::kUnknown;
}

}  // namespace newswatch
