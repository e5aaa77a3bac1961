// Lexicon: the words the policy analysis reads with, loaded from the data
// files in filters/analysis/data/ (embedded at build time): how government
// bodies' names end, the central bodies, how non-government actors' names end,
// act verbs, document-kind endings and foreign places.
// Thread-safety: immutable after Parse(); share it freely.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/analysis.h"
#include "daemon/core/article.h"
#include "daemon/core/result.h"

namespace newswatch {

struct BodySuffix {
  std::string text;
  ActorKind kind = ActorKind::kGovernment;
  bool needs_prefix = false;  // only a body after a region or department words
};

struct NamedBody {
  std::string text;
  ActorKind kind = ActorKind::kGovernment;
};

struct NonGovernmentSuffix {
  std::string text;
  ActorKind kind = ActorKind::kAssociation;
};

struct ActVerb {
  std::string text;
  ActKind kind = ActKind::kIssue;
};

struct KindEnding {
  std::string text;
  DocumentKind kind = DocumentKind::kUnknown;
};

struct Lexicon {
  std::vector<BodySuffix> body_suffixes;
  std::vector<NamedBody> national_bodies;
  std::vector<NonGovernmentSuffix> non_government;
  std::vector<ActVerb> acts;
  std::vector<KindEnding> kind_endings;  // longest first
  std::vector<std::string> foreign_places;
  std::vector<std::pair<std::string, std::string>> abbreviations;  // short, full; longest first

  // The lexicon shipped with newswatch. Fails only when the embedded data is
  // corrupt (a build bug; a test loads it).
  static Result<Lexicon> Builtin();

  // Parses the six tables (TSV, '#' comments). Errors are kParse naming the
  // table ("acts.tsv:12: unknown act kind 'x'"). On error nothing is returned.
  static Result<Lexicon> Parse(std::string_view government_bodies, std::string_view national_bodies,
                               std::string_view non_government, std::string_view acts,
                               std::string_view document_kinds, std::string_view foreign_places,
                               std::string_view abbreviations = {});

  // `name` with a short form at its end written out (市发改委 ->
  // 市发展和改革委员会); unchanged when it ends with none.
  std::string ExpandAbbreviation(std::string_view name) const;
  // The same for each name of a joint list "A、B、C".
  std::string ExpandNames(std::string_view names) const;

  // The kind a document title's ending gives (year ranges, "(征求意见稿)",
  // "(试行)" and 的通知 of "关于印发X的通知" looked through); kUnknown when none.
  DocumentKind KindOfTitle(std::string_view title) const;
};

// Parses a kind name of document_kinds.tsv ("action-plan"); kUnknown if none.
DocumentKind DocumentKindFromName(std::string_view name);

}  // namespace newswatch
