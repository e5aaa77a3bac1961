// FactGrading: compares the facts newswatch extracted with hand-labelled ones
// (a JSON-lines file like ../shared/corpus/relevance/facts.jsonl: title,
// primary_region, document_kind, issuer, policy_documents, targets, money)
// and counts, per field, how often they agree, listing every disagreement.
// Used by `newswatch backtest --facts`.
// Thread-safety: plain functions and values.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/article.h"
#include "daemon/core/result.h"

namespace newswatch {

struct GoldQuantity {
  std::string text;
  double value = 0;
  std::string unit;  // "CNY" for money-valued targets; a count noun otherwise
};

struct GoldFacts {
  std::string id;
  std::string title;          // "" when the text has no headline (null)
  std::string region_code;    // "multi" for a roundup, "foreign", or a 6-digit code
  std::string document_kind;  // "ACTION_PLAN" ...
  std::string issuer;         // "" when the text names none (null)
  std::vector<std::string> documents;
  std::vector<GoldQuantity> targets;
  std::vector<GoldQuantity> money;
};

// Loads a facts file; kParse naming the line for a malformed one.
Result<std::map<std::string, GoldFacts>> LoadGoldFacts(const std::filesystem::path& path);

struct FieldScore {
  size_t right = 0;
  size_t total = 0;
  double rate() const { return total == 0 ? 1.0 : static_cast<double>(right) / total; }
};

struct FactsGrade {
  FieldScore region, kind, issuer, title;
  FieldScore documents_found;    // gold documents found (recall)
  FieldScore documents_correct;  // reported documents that are gold (precision)
  FieldScore targets_correct;    // reported targets that are gold (precision)
  FieldScore targets_found;      // gold targets reported (recall)
  FieldScore money_correct, money_found;
  std::vector<std::string> disagreements;  // "id field: expected X, got Y"
};

// The name a facts file uses for `kind` ("ACTION_PLAN").
std::string DocumentKindLabel(DocumentKind kind);

// Grades `facts` (with the title a person would see) against `gold`, adding
// to `grade`. `fold` folds text before comparing (script, width, case).
// Issuers compare after `canon` (short forms of bodies written out, so that
// 市发改委 and 市发展和改革委员会 are one body); either function may be empty.
void GradeFacts(const GoldFacts& gold, const Facts& facts, std::string_view display_title,
                const std::function<std::string(std::string_view)>& fold, FactsGrade* grade,
                const std::function<std::string(std::string_view)>& canon = {});

}  // namespace newswatch
