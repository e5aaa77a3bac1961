#include "filters/facts/policy_facts.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "filters/facts/text_scan.h"

namespace newswatch::policy_facts {
namespace {

constexpr uint32_t kLeadBytes = 600;  // ~200 characters: the lead of a news text

// Bodies that issue: not deputies (they propose), not non-government actors.
bool IsIssuingKind(ActorKind k) {
  return k == ActorKind::kGovernment || k == ActorKind::kLegislature || k == ActorKind::kAdvisory ||
         k == ActorKind::kParty || k == ActorKind::kForeignGovernment;
}

int ActRank(ActKind k) {
  switch (k) {
    case ActKind::kIssue:
    case ActKind::kDraft:
    case ActKind::kReply:
    case ActKind::kApprove:
      return 0;
    case ActKind::kFund:
    case ActKind::kDesignate:
    case ActKind::kPlan:
      return 1;
    case ActKind::kPropose:
      return 2;
  }
  return 3;
}

BodyLevel ToBodyLevel(int level) {
  switch (level) {
    case 1:
      return BodyLevel::kNational;
    case 2:
      return BodyLevel::kProvincial;
    case 3:
      return BodyLevel::kCity;
    case 4:
      return BodyLevel::kDistrict;
    default:
      return BodyLevel::kUnknown;
  }
}

Region MakeRegion(const RegionTable& table, const std::string& code) {
  Region r;
  r.code = code;
  if (code == "000000") {
    r.name = "全国";
    r.level = RegionLevel::kCountry;
  } else if (code == "foreign") {
    r.name = "境外";
  } else if (const RegionEntry* e = table.Find(code)) {
    r.name = e->name;
    r.level = e->level;
  }
  return r;
}

// The name a person reads: the official region and the body's full name,
// completed from the fullest mention of the same body elsewhere — the body
// of a region that acts (上海市虹口区政府 for 上海虹口发布…), the same body
// written out (郑州市发展和改革委员会 for 市发改委), a joint issuer that the
// short mention opens (A、B、C for A等).
std::string CompleteName(const Analysis& a, const Actor& actor) {
  std::string best = actor.canonical.empty() ? actor.name : actor.canonical;
  const std::string& own = actor.canonical.empty() ? actor.name : actor.canonical;
  for (const Actor& other : a.actors) {
    if (&other == &actor || !IsIssuingKind(other.kind) || other.bare_region) continue;
    const std::string& theirs = other.canonical.empty() ? other.name : other.canonical;
    const std::string& shown = theirs;
    bool same = false;
    if (actor.bare_region) {
      // A region that acts is its government (not one of its bureaus).
      same = other.region_code == actor.region_code && !other.region_code.empty() &&
             theirs.starts_with(own) && theirs.ends_with("政府");
    } else {
      same = theirs == own || (theirs.size() > own.size() && theirs.ends_with(own)) ||
             (theirs.size() > own.size() && theirs.starts_with(own) &&
              theirs.find("、") != std::string::npos);
    }
    if (same && shown.size() > best.size()) best = shown;
  }
  return best;
}

// A headline that quotes an official: 司长李某: …, 市长表示…
bool IsOfficialSaying(std::string_view title) {
  static constexpr std::string_view kOffices[] = {"市长", "区长", "省长", "县长", "司长", "局长",
                                                  "厅长", "部长", "主任", "书记", "主席"};
  for (std::string_view office : kOffices) {
    for (size_t p = title.find(office); p != std::string_view::npos;
         p = title.find(office, p + office.size())) {
      std::string_view after = title.substr(p + office.size());
      // The official's name (up to four characters) then a colon or a verb of saying.
      for (size_t skip = 0, chars = 0; chars <= 4 && skip <= after.size(); ++chars) {
        std::string_view rest = after.substr(skip);
        if (rest.starts_with(":") || rest.starts_with("表示") || rest.starts_with("称") ||
            rest.starts_with("指出") || rest.starts_with("透露")) {
          return true;
        }
        if (skip == after.size()) break;
        size_t len = 0;
        char32_t c = DecodeAt(after, skip, &len);
        if (!IsHan(c)) break;
        skip += len;
      }
    }
  }
  return false;
}

}  // namespace

const Act* MainAct(const Analysis& a) {
  // The headline's act by a public body is what the text reports, whatever
  // its object's wording (上海黄浦区印发《…园…行动方案》).
  for (const Act& act : a.acts) {
    if (act.span.in_title && act.actor >= 0 && ActRank(act.kind) <= 1 &&
        IsPublicActor(a.actors[act.actor].kind)) {
      return &act;
    }
  }
  const Act* best = nullptr;
  auto key = [&](const Act& act) {
    return std::tuple(act.span.in_title ? 0 : 1, ActRank(act.kind), act.document >= 0 ? 0 : 1,
                      act.span.begin);
  };
  for (const Act& act : a.acts) {
    if (act.actor < 0 || !act.on_topic || !IsPublicActor(a.actors[act.actor].kind)) continue;
    if (best == nullptr || key(act) < key(*best)) best = &act;
  }
  return best;
}

IssuingBody Issuer(const Analysis& a, std::string_view body, DocumentKind kind) {
  // A roundup reports many issuers: none is the text's.
  if (kind == DocumentKind::kRoundup) return {};
  // 1. A header or signature line that is exactly a body's name (a date may
  // follow): the document's own issuer.
  std::vector<std::string_view> lines = SplitLines(body);
  size_t offset = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const size_t line_begin = offset;
    offset += lines[i].size() + 1;
    if (i >= 20 && i + 12 < lines.size()) continue;
    std::string_view line = Trim(lines[i]);
    if (line.empty() || line.ends_with(":")) continue;  // an addressee (民建长宁区委:)
    for (const Actor& actor : a.actors) {
      if (actor.span.in_title || !IsIssuingKind(actor.kind) || actor.bare_region) continue;
      if (actor.span.begin < line_begin || actor.span.begin > line_begin + lines[i].size()) {
        continue;
      }
      if (!line.starts_with(actor.name)) continue;
      std::string_view rest = Trim(line.substr(actor.name.size()));
      if (rest.empty() || (rest.size() <= 20 && rest.front() >= '0' && rest.front() <= '9' &&
                           rest.find("日") != std::string_view::npos)) {
        return {CompleteName(a, actor), ToBodyLevel(actor.level)};
      }
    }
  }
  // 2. The actor of the main act, when that act issues, drafts, replies
  // or approves (a launch or a visit makes no issuer).
  const Act* best = nullptr;
  for (const Act& act : a.acts) {
    if (act.actor < 0 || !act.on_topic || ActRank(act.kind) != 0) continue;
    if (!IsIssuingKind(a.actors[act.actor].kind)) continue;
    if (best == nullptr || (act.span.in_title && !best->span.in_title)) best = &act;
    if (best->span.in_title) break;
  }
  // A headline names the place (浙江发布…); the text names the body that
  // acted for it (浙江省发展改革委等5部门联合印发): the body is the issuer.
  if (best != nullptr && a.actors[best->actor].bare_region) {
    const std::string& place = a.actors[best->actor].region_code;
    // Its act need not name the topic (the headline's act did).
    for (const Act& act : a.acts) {
      if (act.actor < 0 || ActRank(act.kind) != 0) continue;
      const Actor& actor = a.actors[act.actor];
      if (actor.bare_region || !IsIssuingKind(actor.kind)) continue;
      if (actor.region_code == place ||
          (actor.region_code.size() == 6 && place.size() == 6 &&
           actor.region_code.compare(0, 2, place, 0, 2) == 0 &&
           (place.ends_with("0000") || actor.region_code.compare(0, 4, place, 0, 4) == 0))) {
        best = &act;
        break;
      }
    }
  }
  // 3. Else the issuing act the title or the lead reports, whatever its
  // document's name (上海长宁区人民政府办公室转发《…三年行动方案》).
  if (best == nullptr) {
    for (const Act& act : a.acts) {
      if (act.actor < 0 || ActRank(act.kind) != 0 || act.document < 0) continue;
      if (!act.span.in_title && act.span.begin > kLeadBytes) continue;
      if (!IsIssuingKind(a.actors[act.actor].kind) || !a.documents[act.document].policy) continue;
      best = &act;
      break;
    }
  }
  if (best != nullptr) {
    const Actor& actor = a.actors[best->actor];
    return {CompleteName(a, actor), ToBodyLevel(actor.level)};
  }
  return {};
}

DocumentKind TextKind(const Analysis& a, std::string_view title, std::string_view body,
                      bool spread_regions) {
  std::string_view opening = body.substr(0, std::min<size_t>(body.size(), 600));
  auto is_reply = [](std::string_view t) {
    return ContainsAny(
               t, {"提案的答复", "建议的答复", "提案答复", "答复的函", "提案办理", "议案的答复"}) ||
           (t.find("答复") != std::string_view::npos && ContainsAny(t, {"提案", "建议"}) &&
            ContainsAny(t, {"号", "会议"}));
  };
  if (is_reply(title) || is_reply(opening)) return DocumentKind::kProposalReply;
  if (ContainsAny(title, {"解读", "一图读懂", "图解", "答记者问", "问答", "一图看懂"}) ||
      (a.title_is_document && ContainsAny(opening.substr(0, std::min<size_t>(opening.size(), 240)),
                                          {"解读", "答记者问"}))) {
    return DocumentKind::kInterpretation;
  }
  if (ContainsAny(title, {"盘点", "汇总", "梳理", "一览", "各地", "多地"})) {
    return DocumentKind::kRoundup;
  }
  // Several regions' policies: documents of several regions, or several
  // regions' bodies acting on the topic.
  std::set<std::string> regions;
  for (const NamedDocument& d : a.documents) {
    if (d.on_topic && d.policy && d.region_code.size() == 6 && d.region_code != "000000") {
      regions.insert(d.region_code);
    }
  }
  for (const Act& act : a.acts) {
    if (act.actor < 0 || !act.on_topic || !IsPublicActor(a.actors[act.actor].kind)) continue;
    const std::string& code = a.actors[act.actor].region_code;
    if (code.size() == 6 && code != "000000") regions.insert(code);
  }
  const Act* main = MainAct(a);
  const bool headline_act = main != nullptr && main->span.in_title;
  if (!a.title_is_document && !headline_act &&
      (regions.size() >= 3 || (spread_regions && regions.size() >= 2))) {
    return DocumentKind::kRoundup;
  }
  if (a.title_is_document) {
    DocumentKind k = static_cast<DocumentKind>(a.title_document_kind);
    if (k == DocumentKind::kProposal || k == DocumentKind::kProposalReply) return k;
    if (ContainsAny(title, {"征求意见"})) return DocumentKind::kConsultationDraft;
    // A plan (规划) or an opinion (指导意见) is, as a text, an implementation plan.
    if (k == DocumentKind::kPlan || k == DocumentKind::kOpinion) {
      return DocumentKind::kImplementationPlan;
    }
    return k == DocumentKind::kUnknown ? DocumentKind::kNewsReport : k;
  }
  if (ContainsAny(title, {"公开征求", "征求意见的通知", "征求意见的公告"})) {
    return DocumentKind::kConsultationDraft;
  }
  if (ContainsAny(title, {"新闻发布会", "发布会", "讲话", "致辞", "访谈"}) ||
      IsOfficialSaying(title)) {
    return DocumentKind::kSpeech;
  }
  // A deputy or member proposing.
  for (const Act& act : a.acts) {
    if (act.kind == ActKind::kPropose && act.actor >= 0 &&
        a.actors[act.actor].kind == ActorKind::kDeputy && act.on_topic) {
      return DocumentKind::kProposal;
    }
  }
  if (ContainsAny(title, {"提案", "议案"}) ||
      (ContainsAny(title, {"委员", "代表"}) && ContainsAny(title, {"建议", "提交", "呼吁"}))) {
    return DocumentKind::kProposal;
  }
  if (title.empty() && body.empty()) return DocumentKind::kUnknown;
  return DocumentKind::kNewsReport;
}

std::optional<Region> PrimaryRegion(const Analysis& a, const RegionFindings& found,
                                    DocumentKind kind, const RegionTable& table) {
  if (kind == DocumentKind::kRoundup) return std::nullopt;
  std::string code;
  const Act* act = MainAct(a);
  if (act != nullptr) code = a.actors[act->actor].region_code;
  // The main document may name a lower level than its actor (a city body's
  // plan for one district) — or name the region when the actor did not.
  const NamedDocument* doc = nullptr;
  if (act != nullptr && act->document >= 0) doc = &a.documents[act->document];
  if (doc == nullptr) {
    for (const NamedDocument& d : a.documents) {
      if (d.on_topic && d.policy) {
        doc = &d;
        break;
      }
    }
  }
  if (doc != nullptr && !doc->region_code.empty()) {
    if (code.empty() || table.IsAncestor(code, doc->region_code)) code = doc->region_code;
  }
  if (!code.empty() && code != "000000" && code != "foreign" && found.primary &&
      table.IsAncestor(code, found.primary->code) && act == nullptr) {
    code = found.primary->code;  // the weight of the text is on a lower level
  }
  if (code.empty()) return found.primary;
  return MakeRegion(table, code);
}

std::vector<PolicyDocument> Documents(const Analysis& a) {
  std::vector<PolicyDocument> out;
  std::set<std::string> keys;
  auto add = [&](const NamedDocument& d) {
    if (!d.on_topic || !d.policy || !keys.insert(d.key).second) return;
    PolicyDocument p;
    p.title = d.title;
    p.normalized_title = d.key;
    p.kind = static_cast<DocumentKind>(d.kind);
    if (d.actor >= 0) p.issuer = a.actors[d.actor].name;
    p.region_code = d.region_code;
    p.year = d.year;
    out.push_back(std::move(p));
  };
  const Act* act = MainAct(a);
  if (a.title_is_document && !a.documents.empty() && a.documents.front().span.in_title) {
    add(a.documents.front());
  }
  if (act != nullptr && act->document >= 0) add(a.documents[act->document]);
  for (const NamedDocument& d : a.documents) add(d);
  return out;
}

}  // namespace newswatch::policy_facts
