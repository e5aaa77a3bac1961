// DocumentFactsExtractor: reads the document number (杨科两会〔2023〕23号),
// dated facts (issued, effective, deadline, target year), quantitative
// targets and money amounts from normalized article text, each fact with the
// sentence it came from. (Issuer, kind and region come from the policy
// analysis: filters/facts/policy_facts.h.)
// Thread-safety: pure static functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/article.h"

namespace newswatch {

struct DocumentNumberMatch {
  std::string text;       // "国发〔2019〕5号"
  size_t offset = 0;      // byte offset in the scanned text
  bool own_line = false;  // alone on its line (a document header)
  bool cited = false;     // inside parentheses or after 《...》: a reference
};

class DocumentFactsExtractor {
 public:
  // Every document number in `text` (〔2023〕, [2023], (2023), 【2023】 forms).
  static std::vector<DocumentNumberMatch> FindDocumentNumbers(std::string_view text);
  // The document's own number: a header line's, else the first not cited in
  // parentheses, else the first; empty when none.
  static std::string DocumentNumber(std::string_view title, std::string_view body);

  // Dates with a kind ("issued", "effective", "deadline", "target-year"),
  // in text order, without duplicates. Dates without a telling keyword are
  // not facts and are skipped.
  static std::vector<DatedFact> FindDates(std::string_view text);

  // The money a policy offers and its forward-looking targets
  // (filters/facts/quantities.h).
  static void FindQuantities(std::string_view text, std::vector<Quantity>* targets,
                             std::vector<Quantity>* money);
};

std::string_view DocumentKindName(DocumentKind kind);
std::string_view BodyLevelName(BodyLevel level);

}  // namespace newswatch
