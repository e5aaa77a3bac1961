#include "filters/facts/fact_grading.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "filters/analysis/document_finder.h"
#include "filters/facts/text_scan.h"

namespace newswatch {
namespace {

std::string StringOr(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

std::vector<GoldQuantity> Quantities(const nlohmann::json& j, const char* key) {
  std::vector<GoldQuantity> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& q : *it) {
    GoldQuantity g;
    g.text = StringOr(q, "text");
    if (q.contains("value") && q["value"].is_number()) g.value = q["value"].get<double>();
    g.unit = StringOr(q, "unit");
    out.push_back(std::move(g));
  }
  return out;
}

// Text compared without what varies between writers: spaces, quotes, brackets
// and the 人民 of 人民政府.
std::string Comparable(std::string_view text,
                       const std::function<std::string(std::string_view)>& fold) {
  std::string folded = fold ? fold(text) : std::string(text);
  std::string out = UnifyPunctuation(folded);
  // Lists are written with 、 or ·, or without a mark.
  for (std::string_view mark : {"\u3001", "\u00b7"}) {
    for (size_t p = out.find(mark); p != std::string::npos; p = out.find(mark, p)) {
      out.erase(p, mark.size());
    }
  }
  for (std::string_view drop : {"人民", "年)"}) {
    for (size_t p = out.find(drop); p != std::string::npos; p = out.find(drop, p)) {
      if (drop == "年)") {
        out.replace(p, drop.size(), ")");
        ++p;
      } else {
        out.erase(p, drop.size());
      }
    }
  }
  return out;
}

bool SameName(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return a.empty() && b.empty();
  if (a == b) return true;
  const std::string& shorter = a.size() < b.size() ? a : b;
  const std::string& longer = a.size() < b.size() ? b : a;
  // One contains the other and covers most of it (a region prefix or an
  // 办公厅 may be missing on one side).
  return longer.find(shorter) != std::string::npos &&
         CountCodepoints(shorter) * 10 >= CountCodepoints(longer) * 6;
}

bool SameQuantity(double a, double b) {
  return std::fabs(a - b) <= 1e-6 * std::max(1.0, std::fabs(b));
}

std::string RegionOf(const Facts& f) { return f.primary_region ? f.primary_region->code : "multi"; }

}  // namespace

std::string DocumentKindLabel(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kActionPlan:
      return "ACTION_PLAN";
    case DocumentKind::kImplementationPlan:
      return "IMPLEMENTATION_PLAN";
    case DocumentKind::kMeasures:
      return "MEASURES";
    case DocumentKind::kNotice:
      return "NOTICE";
    case DocumentKind::kConsultationDraft:
      return "CONSULTATION_DRAFT";
    case DocumentKind::kProposal:
      return "PROPOSAL";
    case DocumentKind::kProposalReply:
      return "PROPOSAL_REPLY";
    case DocumentKind::kInterpretation:
      return "INTERPRETATION";
    case DocumentKind::kSpeech:
      return "SPEECH";
    case DocumentKind::kNewsReport:
      return "NEWS_REPORT";
    case DocumentKind::kRoundup:
      return "ROUNDUP";
    case DocumentKind::kPlan:
      return "PLAN";
    case DocumentKind::kOpinion:
      return "OPINION";
    case DocumentKind::kUnknown:
      break;
  }
  return "UNKNOWN";
}

Result<std::map<std::string, GoldFacts>> LoadGoldFacts(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read facts file " + path.string());
  std::map<std::string, GoldFacts> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (Trim(line).empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("id")) {
      return ParseError(path.string() + ":" + std::to_string(n) + ": not a facts object");
    }
    GoldFacts g;
    g.id = StringOr(j, "id");
    g.title = StringOr(j, "title");
    if (j.contains("primary_region") && j["primary_region"].is_object()) {
      g.region_code = StringOr(j["primary_region"], "code");
    }
    g.document_kind = StringOr(j, "document_kind");
    g.issuer = StringOr(j, "issuer");
    if (j.contains("policy_documents") && j["policy_documents"].is_array()) {
      for (const auto& d : j["policy_documents"]) g.documents.push_back(StringOr(d, "title"));
    }
    g.targets = Quantities(j, "targets");
    g.money = Quantities(j, "money");
    out[g.id] = std::move(g);
  }
  return out;
}

void GradeFacts(const GoldFacts& gold, const Facts& facts, std::string_view display_title,
                const std::function<std::string(std::string_view)>& fold, FactsGrade* grade,
                const std::function<std::string(std::string_view)>& canon) {
  auto note = [&](std::string_view field, const std::string& expected, const std::string& got) {
    grade->disagreements.push_back(gold.id + " " + std::string(field) + ": expected '" + expected +
                                   "', got '" + got + "'");
  };
  auto count = [&](FieldScore& s, bool right, std::string_view field, const std::string& expected,
                   const std::string& got) {
    ++s.total;
    if (right) {
      ++s.right;
    } else {
      note(field, expected, got);
    }
  };
  const std::string region = RegionOf(facts);
  count(grade->region, region == gold.region_code, "region", gold.region_code, region);
  const std::string kind = DocumentKindLabel(facts.document_kind);
  count(grade->kind, kind == gold.document_kind, "kind", gold.document_kind, kind);
  auto body = [&](std::string_view name) {
    std::string folded = fold ? fold(name) : std::string(name);
    return Comparable(canon ? canon(folded) : folded, {});
  };
  count(grade->issuer, SameName(body(gold.issuer), body(facts.issuer.name)), "issuer", gold.issuer,
        facts.issuer.name);
  count(grade->title, SameName(Comparable(gold.title, fold), Comparable(display_title, fold)),
        "title", gold.title, std::string(display_title));

  // Documents compare by their key: outlets add or drop year ranges, the
  // (征求意见稿) note, quotes and a 的.
  auto key = [&](std::string_view t) {
    return analysis::DocumentKey(fold ? fold(t) : std::string(t));
  };
  std::vector<std::string> reported;
  for (const PolicyDocument& d : facts.documents) reported.push_back(key(d.title));
  std::vector<bool> reported_used(reported.size(), false);
  for (const std::string& g : gold.documents) {
    const std::string want = key(g);
    bool found = false;
    for (size_t i = 0; i < reported.size(); ++i) {
      if (SameName(want, reported[i])) {
        found = true;
        reported_used[i] = true;
      }
    }
    count(grade->documents_found, found, "document missing", g, "");
  }
  for (size_t i = 0; i < reported.size(); ++i) {
    count(grade->documents_correct, reported_used[i], "document extra", "",
          facts.documents[i].title);
  }

  auto grade_quantities = [&](const std::vector<GoldQuantity>& want,
                              const std::vector<Quantity>& got, FieldScore& correct,
                              FieldScore& found, std::string_view what) {
    std::vector<bool> used(got.size(), false);
    for (const GoldQuantity& g : want) {
      bool hit = false;
      for (size_t i = 0; i < got.size(); ++i) {
        if (SameQuantity(got[i].value, g.value)) hit = used[i] = true;
      }
      count(found, hit, std::string(what) + " missing", g.text, "");
    }
    for (size_t i = 0; i < got.size(); ++i) {
      count(correct, used[i], std::string(what) + " wrong", "",
            got[i].text + " (" + got[i].kind + ")");
    }
  };
  grade_quantities(gold.targets, facts.targets, grade->targets_correct, grade->targets_found,
                   "target");
  grade_quantities(gold.money, facts.money, grade->money_correct, grade->money_found, "money");
}

}  // namespace newswatch
