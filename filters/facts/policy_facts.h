// PolicyFacts: the facts a person sees first — who issued it, where, what
// kind of text this is, which documents it is about — read from the policy
// analysis (filters/analysis), so they agree with the relevance decision.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "daemon/core/analysis.h"
#include "daemon/core/article.h"
#include "filters/facts/region_finder.h"
#include "filters/facts/region_table.h"

namespace newswatch::policy_facts {

// The act the text is mainly about: a public actor's act on the topic,
// title before body, issuing and drafting and replying before the rest;
// nullptr when there is none.
const Act* MainAct(const Analysis& analysis);

// The issuing body of the main act (a government, legislature or party
// body; a foreign government), its name completed from a fuller mention of
// the same body; else a header line that is a body's name. Empty when the
// text does not make it explicit (deputies are proposers, not issuers).
// A roundup has no issuer of its own.
IssuingBody Issuer(const Analysis& analysis, std::string_view body, DocumentKind kind);

// What this text is (the document itself, a report, an interpretation, a
// reply, a proposal, a speech, a roundup).
DocumentKind TextKind(const Analysis& analysis, std::string_view title, std::string_view body,
                      bool spread_regions);

// The region whose policy it is, at the lowest level the text supports:
// the main act's actor, else the main document's region, else the regions'
// weight. Empty for a roundup of several regions.
std::optional<Region> PrimaryRegion(const Analysis& analysis, const RegionFindings& found,
                                    DocumentKind kind, const RegionTable& table);

// The named topic policy documents, main one first, one per key.
std::vector<PolicyDocument> Documents(const Analysis& analysis);

}  // namespace newswatch::policy_facts
