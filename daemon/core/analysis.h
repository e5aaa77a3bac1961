// Analysis: what an article reports, as a person reading it would note it —
// the actors (government bodies, deputies, foreign governments, associations,
// companies, gatherings), their acts (印发, 征求意见, 答复, 授牌 ...) and the
// named documents those acts are about, each with where it was found.
// Filled once per article by the analysis stage; the relevance decision and
// the facts both read it, so they cannot disagree.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace newswatch {

// A byte range of the normalized title or body.
struct TextSpan {
  bool in_title = false;
  uint32_t begin = 0;
  uint32_t end = 0;
};

enum class ActorKind {
  kGovernment,         // an executive body or a region acting as one (区政府, 工信部, 浙江)
  kLegislature,        // 人大, its standing committee
  kAdvisory,           // 政协
  kParty,              // a party committee (中共中央, 市委)
  kDeputy,             // a deputy or CPPCC member, or a group of them, proposing
  kForeignGovernment,  // a government outside China (韩国政府, 迪拜)
  kAssociation,        // associations, alliances, their committees
  kCompany,
  kInstitute,  // research institutes, universities
  kMedia,
  kEvent,  // a conference, forum or contest (a setting, not an issuer)
};

// True for the actors whose acts are public policy.
inline bool IsPublicActor(ActorKind k) {
  return k == ActorKind::kGovernment || k == ActorKind::kLegislature || k == ActorKind::kAdvisory ||
         k == ActorKind::kParty || k == ActorKind::kDeputy || k == ActorKind::kForeignGovernment;
}

enum class ActKind { kIssue, kDraft, kReply, kPropose, kApprove, kDesignate, kFund, kPlan };

struct Actor {
  std::string name;       // as written ("杭州经信局", "韩国政府")
  std::string canonical;  // official region, full body name ("杭州市经济和信息化局"): identity
  std::string display;  // official region, body as written ("杭州市经信局")
  ActorKind kind = ActorKind::kGovernment;
  int level = 0;            // BodyLevel as int (0 unknown, 1 national ... 4 district)
  std::string region_code;  // 6-digit code, "000000" national, "foreign", "" unknown
  TextSpan span;
  bool bare_region = false;  // a region acting as its government (浙江发布…)
};

struct Act {
  std::string verb;  // "印发"
  ActKind kind = ActKind::kIssue;
  int actor = -1;         // index into Analysis::actors; -1 when none is named
  int document = -1;      // index into Analysis::documents; -1 when none
  bool on_topic = false;  // its object (document, or its clause) names the topic
  TextSpan span;          // the verb
  TextSpan clause;        // the clause the act was read from
};

struct NamedDocument {
  std::string title;        // as written inside 《》, pinyin noise removed
  std::string key;          // normalized for matching reports of one document
  int kind = 0;             // DocumentKind as int; 0 when the ending says nothing
  bool policy = false;      // an instrument of policy (plan, measures, notice ...)
  bool on_topic = false;    // the title names the topic
  std::string region_code;  // from the title or the issuing actor; "" unknown
  int year = 0;             // the first year the title states; 0 when none
  int actor = -1;           // the actor of the act that issued it, if the text says
  TextSpan span;
};

struct Analysis {
  std::vector<Actor> actors;
  std::vector<Act> acts;
  std::vector<NamedDocument> documents;
  // The title itself is a policy document's title (the text is the document
  // or its release), with the kind its ending gives.
  bool title_is_document = false;
  int title_document_kind = 0;
  bool title_on_topic = false;
};

}  // namespace newswatch
