// Article: the plain record that flows from a source through the pipeline
// stages to the publisher. Strings are UTF-8. No library types inside:
// protobuf, libxml2 and curl stay in their adapters.
// Thread-safety: a plain value; one stage owns an Article at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/core/analysis.h"
#include "daemon/core/timestamp.h"

namespace newswatch {

// Where in the article a rule matched.
enum class TextField { kTitle, kLead, kBody };

// The script the source text was written in, before folding for matching.
enum class Script { kUnknown, kSimplified, kTraditional, kMixed, kLatin };

struct RuleMatch {
  std::string rule;   // the rule or term that matched ("元宇宙")
  std::string group;  // the profile group it belongs to ("topic", "policy", ...)
  double weight = 0;  // contribution to the score
  uint32_t title_count = 0;
  uint32_t lead_count = 0;
  uint32_t body_count = 0;
};

enum class Verdict { kUnscored, kRelevant, kNotRelevant };
enum class Level { kNone, kLow, kMedium, kHigh };

struct Relevance {
  std::string profile;  // profile name ("metaverse-policy")
  double score = 0;
  double threshold = 0;
  Verdict verdict = Verdict::kUnscored;
  Level level = Level::kNone;
  std::vector<RuleMatch> matches;
  std::vector<std::string> reasons;  // human-readable notes (exclusions, missing combos)
};

enum class RegionLevel { kUnknown, kCountry, kProvince, kCity, kCounty };

struct Region {
  std::string code;  // 6-digit administrative code ("310109"); "000000" for national
  std::string name;  // official name ("虹口区")
  RegionLevel level = RegionLevel::kUnknown;
  uint32_t mentions = 0;
};

enum class BodyLevel { kUnknown, kNational, kProvincial, kCity, kDistrict };

struct IssuingBody {
  std::string name;  // "杨浦区科学技术委员会"
  BodyLevel level = BodyLevel::kUnknown;
};

enum class DocumentKind {
  kUnknown,
  kActionPlan,          // 行动计划 / 行动方案
  kImplementationPlan,  // 实施方案 / 实施意见
  kMeasures,            // 若干措施 / 若干政策 / 扶持政策
  kNotice,              // 申报通知 / 征集通知
  kConsultationDraft,   // 征求意见稿
  kProposal,            // 提案 / 建议
  kProposalReply,       // 提案答复
  kInterpretation,      // 解读
  kSpeech,              // official speech / press conference
  kNewsReport,
  kRoundup,             // several regions' policies
  kPlan,                // 规划 / 发展计划 / 战略 (kinds of named documents)
  kOpinion,             // 指导意见 / 若干意见
};

// A named policy document an article refers to (《...》), as analysts keep it
// in a register: the same document reported by many outlets has one title.
struct PolicyDocument {
  std::string title;        // as written, without 《》, pinyin noise removed
  std::string normalized_title;  // shared by reports of the same document
  DocumentKind kind = DocumentKind::kUnknown;
  std::string issuer;       // the issuing body, when the text names it
  std::string region_code;  // 6-digit code, "000000" national, "foreign", "" unknown
  int year = 0;             // the first year the title states; 0 when none
};

struct DatedFact {
  std::string kind;  // "issued", "effective", "deadline", "target-year"
  std::string date;  // ISO date "2025-12-31" or year "2025"
  std::string sentence;
};

struct Quantity {
  std::string kind;    // "industry-scale", "enterprises", "scenarios", "fund", "subsidy", ...
  std::string text;    // as written: "3500亿元"
  double value = 0;    // normalized: yuan for money, count for counts
  std::string unit;    // "CNY", "enterprises", ...
  std::string year;    // target year if stated ("2025")
  std::string sentence;
};

struct Facts {
  std::vector<Region> regions;
  std::optional<Region> primary_region;
  IssuingBody issuer;
  DocumentKind document_kind = DocumentKind::kUnknown;
  std::string document_number;  // "杨科两会〔2023〕23号"
  std::vector<DatedFact> dates;
  std::vector<Quantity> targets;
  std::vector<Quantity> money;
  std::vector<PolicyDocument> documents;  // named topic policy documents, main one first
};

struct StoryInfo {
  std::string story_id;      // shared by every report of the same story
  bool first_report = true;  // false for later reposts
  std::string first_article_id;
  double similarity = 0;     // to the story's first report
};

struct Article {
  // Identity.
  std::string id;             // stable id derived from canonical_url (hex)
  std::string source_id;      // configured source id
  std::string url;            // as found
  std::string canonical_url;  // tracking params and fragment removed

  // Content as the source gave it (original script).
  std::string title;
  std::string author;
  std::string summary;        // plain text
  std::string body_html;      // raw HTML, when the source gave HTML; cleared after text stage
  std::string body_text;      // plain text, paragraphs separated by '\n'
  std::string original_source;  // 来源 / 文章来源 line, if any
  std::vector<std::string> categories;

  std::optional<Timestamp> published;
  Timestamp fetched;
  bool backfill = false;  // found by `newswatch backfill` in the source's history

  std::string language = "zh";  // BCP 47 primary language
  Script script = Script::kUnknown;
  std::string content_hash;     // hex hash of normalized title+body

  // Folded text for matching (simplified script, half-width, pinyin noise
  // removed). Filled by the normalize stage; not published.
  std::string norm_title;
  std::string norm_body;

  Analysis analysis;  // actors, acts, documents; filled by the analysis stage
  Relevance relevance;
  Facts facts;
  StoryInfo story;
};

}  // namespace newswatch
