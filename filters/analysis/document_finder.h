// Finding the documents an article names: titles in 《》, and unbracketed
// titles right after an act of issuing (发布元宇宙产业发展行动计划), with the
// kind their ending gives, the year and region their title states, and a key
// under which the reports of one document meet.
// Thread-safety: pure functions over an immutable scanner.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/analysis.h"
#include "filters/analysis/token_scan.h"

namespace newswatch::analysis {

// Documents in 《》 in `text` (the title when `in_title`), in order.
std::vector<NamedDocument> FindBracketedDocuments(const TokenScanner& scanner,
                                                  std::string_view text,
                                                  const std::vector<Token>& tokens, bool in_title);

// An unbracketed (or quoted) document title starting at `pos` (right after an
// act verb): Han text up to the first clause break that ends in a document
// kind ("元宇宙产业发展行动计划"). Empty title when there is none.
NamedDocument DocumentAfterVerb(const TokenScanner& scanner, std::string_view text,
                                const std::vector<Token>& tokens, uint32_t pos, bool in_title);

// The key reports of one document share: brackets, quotes, spaces and
// dashes unified, 关于印发…的通知 reduced to the document, year ranges kept.
std::string DocumentKey(std::string_view title);

// Fills kind, policy, on_topic, year and region of `doc` from its title.
void DescribeDocument(const TokenScanner& scanner, const std::vector<Token>& tokens,
                      NamedDocument* doc);

}  // namespace newswatch::analysis
