// DocumentFactsExtractor: reads the issuing body and its level, the document
// kind, the document number (杨科两会〔2023〕23号), dated facts (issued,
// effective, deadline, target year), quantitative targets and money amounts
// from normalized article text, each fact with the sentence it came from.
// Thread-safety: immutable after construction; methods may run concurrently.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/article.h"
#include "filters/facts/literal_matcher.h"
#include "filters/facts/region_table.h"

namespace newswatch {

struct DocumentNumberMatch {
  std::string text;     // "国发〔2019〕5号"
  size_t offset = 0;    // byte offset in the scanned text
  bool own_line = false;  // alone on its line (a document header)
  bool cited = false;     // inside parentheses or after 《...》: a reference
};

class DocumentFactsExtractor {
 public:
  // Borrows `table` (region names anchor issuing bodies); it must outlive
  // the extractor and not change after.
  explicit DocumentFactsExtractor(const RegionTable& table);

  // The issuing body: a header line naming it, else one that 印发/发布/出台
  // something, else the first named in the title, then the body. Empty name
  // and kUnknown level when none is found.
  IssuingBody FindIssuer(std::string_view title, std::string_view body) const;

  // The document's kind from title keywords first, then the opening of the
  // body. `spread_regions` marks text whose regions are spread (a roundup).
  static DocumentKind Classify(std::string_view title, std::string_view body,
                               bool spread_regions);

  // Every document number in `text` (〔2023〕, [2023], (2023), 【2023】 forms).
  static std::vector<DocumentNumberMatch> FindDocumentNumbers(std::string_view text);
  // The document's own number: a header line's, else the first not cited in
  // parentheses, else the first; empty when none.
  static std::string DocumentNumber(std::string_view title, std::string_view body);

  // Dates with a kind ("issued", "effective", "deadline", "target-year"),
  // in text order, without duplicates. Dates without a telling keyword are
  // not facts and are skipped.
  static std::vector<DatedFact> FindDates(std::string_view text);

  // Money amounts (kind "industry-scale", "fund", "subsidy", "investment",
  // "amount"; value in yuan, unit "CNY" or "USD") into `money`, and targets
  // (counts of enterprises, scenarios, projects ... and industry-scale money
  // in sentences that set a goal) into `targets`.
  static void FindQuantities(std::string_view text, std::vector<Quantity>* targets,
                             std::vector<Quantity>* money);

 private:
  const RegionTable& table_;
  std::vector<std::string> region_codes_;  // per matcher phrase
  LiteralMatcher region_names_;
};

std::string_view DocumentKindName(DocumentKind kind);
std::string_view BodyLevelName(BodyLevel level);

}  // namespace newswatch
