#include "filters/analysis/policy_analyzer.h"

#include <algorithm>

#include "filters/analysis/actor_finder.h"
#include "filters/analysis/document_finder.h"
#include "filters/facts/text_scan.h"

namespace newswatch {
namespace {

constexpr uint32_t kObjectWindowBytes = 36;  // a verb's object starts within ~12 characters

bool IsSentenceBreak(char32_t c) {
  return c == U'\u3002' || c == U'!' || c == U'?' || c == U';' || c == U'\n';
}

// Byte bounds of the sentence around `pos`.
std::pair<uint32_t, uint32_t> Sentence(std::string_view text, uint32_t pos) {
  uint32_t b = pos;
  while (b > 0) {
    uint32_t prev = static_cast<uint32_t>(PrevCodepoint(text, b));
    size_t len = 0;
    if (IsSentenceBreak(DecodeAt(text, prev, &len))) break;
    b = prev;
  }
  uint32_t e = pos;
  while (e < text.size()) {
    size_t len = 0;
    if (IsSentenceBreak(DecodeAt(text, e, &len))) break;
    e += static_cast<uint32_t>(len);
  }
  return {b, e};
}

std::string_view LevelName(int level) {
  switch (level) {
    case 1:
      return "national";
    case 2:
      return "provincial";
    case 3:
      return "city";
    case 4:
      return "district";
    default:
      return "";
  }
}

}  // namespace

std::string_view ActorKindName(ActorKind kind) {
  switch (kind) {
    case ActorKind::kGovernment:
      return "government";
    case ActorKind::kLegislature:
      return "legislature";
    case ActorKind::kAdvisory:
      return "CPPCC";
    case ActorKind::kParty:
      return "party committee";
    case ActorKind::kDeputy:
      return "deputy";
    case ActorKind::kForeignGovernment:
      return "foreign government";
    case ActorKind::kAssociation:
      return "association";
    case ActorKind::kCompany:
      return "company";
    case ActorKind::kInstitute:
      return "institute";
    case ActorKind::kMedia:
      return "media";
    case ActorKind::kEvent:
      return "event";
  }
  return "actor";
}

std::string_view ActKindName(ActKind kind) {
  switch (kind) {
    case ActKind::kIssue:
      return "issue";
    case ActKind::kDraft:
      return "draft";
    case ActKind::kReply:
      return "reply";
    case ActKind::kPropose:
      return "propose";
    case ActKind::kApprove:
      return "approve";
    case ActKind::kDesignate:
      return "designate";
    case ActKind::kFund:
      return "fund";
    case ActKind::kPlan:
      return "plan";
  }
  return "act";
}

std::string DescribeAct(const Analysis& analysis, const Act& act) {
  std::string out;
  if (act.actor >= 0) {
    const Actor& a = analysis.actors[act.actor];
    out += "issuer " + a.name + " (" + std::string(ActorKindName(a.kind));
    std::string_view level = LevelName(a.level);
    if (!level.empty()) out += ", " + std::string(level);
    out += ") — ";
  }
  out += "act " + act.verb;
  if (act.document >= 0) {
    out += " — document 《" + analysis.documents[act.document].title + "》";
  }
  return out;
}

Result<std::unique_ptr<PolicyAnalyzer>> PolicyAnalyzer::Create(
    std::shared_ptr<const RegionTable> regions, std::vector<std::string> topic_terms) {
  if (regions == nullptr) return ConfigError("policy analysis: no region table");
  topic_terms.erase(std::remove(topic_terms.begin(), topic_terms.end(), std::string()),
                    topic_terms.end());
  if (topic_terms.empty()) return ConfigError("policy analysis: the topic has no literal terms");
  auto lexicon = Lexicon::Builtin();
  if (!lexicon.ok()) return lexicon.status();
  std::unique_ptr<PolicyAnalyzer> analyzer(
      new PolicyAnalyzer(std::move(regions), std::move(*lexicon), std::move(topic_terms)));
  NW_RETURN_IF_ERROR(analyzer->Compile());
  return analyzer;
}

Status PolicyAnalyzer::Compile() {
  auto scanner = TokenScanner::Create(lexicon_, *regions_, topic_terms_);
  if (!scanner.ok()) return scanner.status();
  scanner_ = std::move(*scanner);
  return Status::Ok();
}

PolicyAnalyzer::PolicyAnalyzer(std::shared_ptr<const RegionTable> regions, Lexicon lexicon,
                               std::vector<std::string> topic_terms)
    : regions_(std::move(regions)),
      lexicon_(std::move(lexicon)),
      topic_terms_(std::move(topic_terms)) {}

Analysis PolicyAnalyzer::Analyze(std::string_view title, std::string_view body) const {
  Analysis out;
  AnalyzeField(title, true, &out);
  AnalyzeField(body, false, &out);

  // The title as a document: it ends with a kind (a year range or
  // (征求意见稿) may follow), or is 《…》 with at most a short note around.
  std::string_view t = Trim(title);
  if (t.starts_with("《")) {
    size_t close = t.find("》");
    if (close != std::string_view::npos &&
        CountCodepoints(t.substr(close)) <= 6) {  // 《…》印发! / 《…》全文
      t = t.substr(std::string_view("《").size(), close - std::string_view("《").size());
    }
  }
  if (!t.empty() && t.find("》") == std::string_view::npos) {
    DocumentKind kind = lexicon_.KindOfTitle(t);
    // A headline that reports (…发布…计划) is not the document itself.
    // Verbs inside a trailing note (征求意见稿) or after 关于 (关于印发…的通知)
    // belong to the document's own title.
    bool reports = false;
    bool about = false;
    const size_t note = t.ends_with(")") ? t.rfind('(') : std::string_view::npos;
    std::vector<Token> tokens = scanner_->Scan(t);
    for (const Token& tok : tokens) {
      const bool act = tok.kind == TokenKind::kAct;
      if (act && lexicon_.acts[tok.index].text == "关于") {
        about = true;
      } else if (act && !about && tok.begin != 0 && tok.begin < note &&
                 lexicon_.acts[tok.index].kind != ActKind::kReply) {
        reports = true;
      }
      if (tok.kind == TokenKind::kTopic) out.title_on_topic = true;
    }
    // An interpretation's title names the document it explains, it is not it.
    const bool explains =
        t.find("解读") != std::string_view::npos || t.find("读懂") != std::string_view::npos ||
        t.find("看懂") != std::string_view::npos || t.find("图解") != std::string_view::npos;
    if (kind != DocumentKind::kUnknown && !reports && !explains && CountCodepoints(t) >= 6) {
      out.title_is_document = true;
      out.title_document_kind = static_cast<int>(kind);
      // The title names the document the text is: it leads the documents.
      const uint32_t offset = static_cast<uint32_t>(t.data() - title.data());
      bool known = false;
      for (const NamedDocument& d : out.documents) {
        known = known || (d.span.in_title && d.span.begin <= offset);
      }
      if (!known) {
        NamedDocument doc;
        doc.title = std::string(t);
        doc.span = {true, offset, offset + static_cast<uint32_t>(t.size())};
        std::vector<Token> title_tokens = scanner_->Scan(title);
        analysis::DescribeDocument(*scanner_, title_tokens, &doc);
        out.documents.insert(out.documents.begin(), std::move(doc));
        for (Act& act : out.acts) {
          if (act.document >= 0) ++act.document;
        }
      }
    }
  }
  return out;
}

void PolicyAnalyzer::AnalyzeField(std::string_view text, bool in_title, Analysis* out) const {
  if (text.empty()) return;
  const std::vector<Token> tokens = scanner_->Scan(text);
  const int actor_base = static_cast<int>(out->actors.size());
  for (Actor& a : analysis::FindActors(*scanner_, text, tokens, in_title)) {
    out->actors.push_back(std::move(a));
  }
  const int document_base = static_cast<int>(out->documents.size());
  for (NamedDocument& d : analysis::FindBracketedDocuments(*scanner_, text, tokens, in_title)) {
    out->documents.push_back(std::move(d));
  }
  const int actor_end = static_cast<int>(out->actors.size());

  for (const Token& tok : tokens) {
    if (tok.kind != TokenKind::kAct) continue;
    const ActVerb& verb = lexicon_.acts[tok.index];
    Act act;
    act.verb = verb.text;
    act.kind = verb.kind;
    act.span = {in_title, tok.begin, tok.end};
    auto [s_begin, s_end] = Sentence(text, tok.begin);
    act.clause = {in_title, s_begin, s_end};

    // Who: the actor right before the verb (only filler between), else the
    // actor that opens the sentence when nothing else acts in between.
    for (int i = actor_end; i-- > actor_base;) {
      const Actor& a = out->actors[i];
      if (a.span.end > tok.begin) continue;
      if (a.span.begin < s_begin) break;
      std::string_view gap = text.substr(a.span.end, tok.begin - a.span.end);
      if (analysis::IsFillerGap(gap)) act.actor = i;
      break;
    }
    // What: a named document right after the verb, else an unbracketed title.
    for (int d = document_base; d < static_cast<int>(out->documents.size()); ++d) {
      const NamedDocument& doc = out->documents[d];
      if (doc.span.in_title != in_title || doc.span.begin < tok.end) continue;
      if (doc.span.begin - tok.end <= kObjectWindowBytes && doc.span.begin < s_end)
        act.document = d;
      break;
    }
    if (act.document < 0 && (verb.kind == ActKind::kIssue || verb.kind == ActKind::kDraft)) {
      NamedDocument doc = analysis::DocumentAfterVerb(*scanner_, text, tokens, tok.end, in_title);
      if (!doc.title.empty()) {
        out->documents.push_back(std::move(doc));
        act.document = static_cast<int>(out->documents.size()) - 1;
      }
    }
    if (act.document < 0) {
      // The object before the verb: 《…》(正式)发布, “…”发布.
      for (int d = static_cast<int>(out->documents.size()); d-- > document_base;) {
        const NamedDocument& doc = out->documents[d];
        if (doc.span.in_title != in_title || doc.span.end > tok.begin) continue;
        std::string_view gap = text.substr(doc.span.end, tok.begin - doc.span.end);
        if (gap.starts_with("》")) gap.remove_prefix(std::string_view("》").size());
        if (analysis::IsFillerGap(gap)) act.document = d;
        break;
      }
    }
    if (act.document >= 0) {
      NamedDocument& doc = out->documents[act.document];
      act.on_topic = doc.on_topic;
      if (doc.actor < 0 && act.actor >= 0) {
        doc.actor = act.actor;
        const Actor& a = out->actors[act.actor];
        if (doc.region_code.empty()) doc.region_code = a.region_code;
      }
    }
    if (!act.on_topic) {
      // The act's clause names the topic (筹建元宇宙标准化技术委员会).
      for (const Token& x : tokens) {
        if (x.kind == TokenKind::kTopic && x.begin >= s_begin && x.end <= s_end) {
          act.on_topic = true;
          break;
        }
      }
    }
    out->acts.push_back(std::move(act));
  }
}

}  // namespace newswatch
