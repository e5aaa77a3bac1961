#include "filters/relevance/scorer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "filters/relevance/evidence.h"

namespace newswatch {
namespace {

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// One resolved hit in document coordinates (characters; the body follows the
// title after one separator character).
struct Located {
  int group = -1;
  int term = -1;
  TextField field = TextField::kBody;
  uint32_t char_start = 0;
  uint32_t char_end = 0;
};

// Converts the byte offsets of ordered, non-overlapping hits to character offsets.
void ToCharOffsets(std::string_view text, const std::vector<PhraseHit>& hits,
                   std::vector<std::pair<uint32_t, uint32_t>>& out) {
  out.clear();
  size_t byte = 0;
  uint32_t chars = 0;
  auto advance_to = [&](size_t target) {
    for (; byte < target && byte < text.size(); ++byte) {
      if (!IsContinuationByte(text[byte])) ++chars;
    }
    return chars;
  };
  for (const PhraseHit& h : hits) {
    uint32_t s = advance_to(h.start);
    uint32_t e = advance_to(h.end);
    out.emplace_back(s, e);
  }
}

// True when another hit in `sorted` lies within `window` characters of `loc`.
// With title_frames, an occurrence of `loc` in the title is near any occurrence of
// the other group: a policy title frames the whole text.
bool IsNear(const Located& loc, const std::vector<const Located*>& sorted, uint32_t window,
            bool title_frames) {
  if (title_frames) {
    if (loc.field == TextField::kTitle) {
      for (const Located* x : sorted) {
        if (x != &loc) return true;
      }
      return false;
    }
  }
  const uint32_t from = loc.char_start > window ? loc.char_start - window : 0;
  auto it = std::lower_bound(sorted.begin(), sorted.end(), from,
                             [](const Located* x, uint32_t pos) { return x->char_end < pos; });
  for (; it != sorted.end(); ++it) {
    if ((*it)->char_start > loc.char_end + window) return false;
    if (*it != &loc) return true;
  }
  return false;
}

uint32_t CharCount(std::string_view text) {
  uint32_t n = 0;
  for (char c : text) n += IsContinuationByte(c) ? 0 : 1;
  return n;
}

std::string FormatNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

size_t LeadEnd(std::string_view body, size_t lead_chars) {
  size_t chars = 0;
  size_t min_chars = lead_chars / 4;
  bool seen_text = false;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\n' && seen_text && chars >= min_chars) return i;
    if (IsContinuationByte(c)) continue;
    if (chars == lead_chars) return i;
    if (c != '\n' && c != ' ' && c != '\t' && c != '\r') seen_text = true;
    ++chars;
  }
  return body.size();
}

RelevanceScorer::RelevanceScorer(TopicProfile profile, std::unique_ptr<PhraseMatcher> matcher,
                                 std::vector<PatternRef> refs)
    : profile_(std::move(profile)), matcher_(std::move(matcher)), refs_(std::move(refs)) {}

Result<std::unique_ptr<RelevanceScorer>> RelevanceScorer::Create(TopicProfile profile) {
  std::vector<PhrasePattern> patterns;
  std::vector<PatternRef> refs;
  for (size_t g = 0; g < profile.groups.size(); ++g) {
    const TermGroup& group = profile.groups[g];
    for (size_t t = 0; t < group.terms.size(); ++t) {
      const TermSpec& term = group.terms[t];
      patterns.push_back({term.text, term.is_regex, false, term.line});
      refs.push_back({static_cast<int>(g), static_cast<int>(t)});
    }
  }
  for (size_t x = 0; x < profile.exclusions.size(); ++x) {
    const TermSpec& term = profile.exclusions[x].term;
    patterns.push_back({term.text, term.is_regex, true, term.line});
    refs.push_back({-1, static_cast<int>(x)});
  }
  auto matcher = PhraseMatcher::Compile(std::move(patterns), profile.file_name);
  if (!matcher.ok()) return matcher.status();
  return std::unique_ptr<RelevanceScorer>(
      new RelevanceScorer(std::move(profile), std::move(*matcher), std::move(refs)));
}

Relevance RelevanceScorer::Score(std::string_view norm_title, std::string_view norm_body,
                                 const Analysis* analysis) const {
  Relevance rel;
  rel.profile = profile_.name;
  rel.threshold = profile_.threshold;

  // Scan each text once and place every hit in document coordinates.
  std::vector<Located> located;
  std::vector<std::pair<uint32_t, uint32_t>> offsets;
  const uint32_t title_chars = CharCount(norm_title);
  const size_t lead_end = LeadEnd(norm_body, profile_.lead_chars);
  std::map<int, uint32_t> exclusion_counts;  // exclusion index -> count
  for (int part = 0; part < 2; ++part) {
    std::string_view text = part == 0 ? norm_title : norm_body;
    std::vector<PhraseHit> hits = matcher_->Scan(text);
    ToCharOffsets(text, hits, offsets);
    const uint32_t base = part == 0 ? 0 : title_chars + 1;
    for (size_t i = 0; i < hits.size(); ++i) {
      const PatternRef& ref = refs_[hits[i].pattern];
      if (ref.group < 0) {
        ++exclusion_counts[ref.term];
        continue;
      }
      Located loc;
      loc.group = ref.group;
      loc.term = ref.term;
      loc.field = part == 0                  ? TextField::kTitle
                  : hits[i].start < lead_end ? TextField::kLead
                                             : TextField::kBody;
      loc.char_start = base + offsets[i].first;
      loc.char_end = base + offsets[i].second;
      located.push_back(loc);
    }
  }

  // Counts per term and field.
  struct Counts {
    uint32_t title = 0, lead = 0, body = 0;
  };
  std::map<std::pair<int, int>, Counts> counts;
  for (const Located& loc : located) {
    Counts& c = counts[{loc.group, loc.term}];
    (loc.field == TextField::kTitle ? c.title : loc.field == TextField::kLead ? c.lead : c.body)++;
  }

  // Contributions, grouped so caps can scale them.
  const FieldWeights& fw = profile_.field_weights;
  const double cap_count = profile_.max_count;
  std::vector<std::vector<RuleMatch>> per_group(profile_.groups.size());
  for (const auto& [key, c] : counts) {
    const TermGroup& group = profile_.groups[key.first];
    const TermSpec& term = group.terms[key.second];
    RuleMatch m;
    m.rule = term.text;
    m.group = group.name;
    m.title_count = c.title;
    m.lead_count = c.lead;
    m.body_count = c.body;
    m.weight = term.weight * (fw.title * std::min<double>(c.title, cap_count) +
                              fw.lead * std::min<double>(c.lead, cap_count) +
                              fw.body * std::min<double>(c.body, cap_count));
    per_group[key.first].push_back(std::move(m));
  }
  double score = 0;
  for (size_t g = 0; g < per_group.size(); ++g) {
    auto& matches = per_group[g];
    double sum = 0;
    for (const auto& m : matches) sum += m.weight;
    const TermGroup& group = profile_.groups[g];
    if (group.cap > 0 && std::fabs(sum) > group.cap) {
      double scale = group.cap / std::fabs(sum);
      for (auto& m : matches) m.weight *= scale;
      rel.reasons.push_back("group '" + group.name + "' capped at " + FormatNumber(group.cap) +
                            " (raw " + FormatNumber(sum) + ")");
      sum *= scale;
    }
    score += sum;
    std::sort(matches.begin(), matches.end(), [](const RuleMatch& a, const RuleMatch& b) {
      return std::fabs(a.weight) > std::fabs(b.weight);
    });
    for (auto& m : matches) rel.matches.push_back(std::move(m));
  }
  for (const auto& [index, n] : exclusion_counts) {
    const Exclusion& x = profile_.exclusions[index];
    RuleMatch m;
    m.rule = x.term.text;
    m.group = "exclusion";
    m.body_count = n;  // exclusions are reported without field detail
    rel.matches.push_back(std::move(m));
    rel.reasons.push_back("excluded '" + x.term.text + "' x" + std::to_string(n) + ": " + x.reason);
  }
  // Evidence from the policy analysis: what was done, by whom, to what.
  std::vector<EvidenceKind> present;
  if (analysis != nullptr) {
    for (const EvidenceFinding& f : FindEvidence(*analysis)) {
      present.push_back(f.kind);
      for (const EvidenceWeight& w : profile_.evidence) {
        if (w.kind != f.kind) continue;
        score += w.weight;
        RuleMatch m;
        m.rule = std::string(EvidenceKindName(f.kind)) + ": " + f.description;
        m.group = "evidence";
        m.weight = w.weight;
        rel.matches.push_back(std::move(m));
      }
    }
  }
  rel.score = std::round(score * 100) / 100;

  // Requirements.
  std::map<std::string, int> group_index;
  for (size_t g = 0; g < profile_.groups.size(); ++g) group_index[profile_.groups[g].name] = g;
  // Hits are in document order and disjoint, so each group's list is sorted.
  std::vector<std::vector<const Located*>> near_positions(profile_.groups.size());
  for (const Located& loc : located) near_positions[loc.group].push_back(&loc);
  bool requirements_met = true;
  for (const Requirement& req : profile_.requirements) {
    std::vector<int> wanted;
    for (const auto& name : req.groups) wanted.push_back(group_index.at(name));
    const int near = req.near_group.empty() ? -1 : group_index.at(req.near_group);
    Counts c;
    for (const Located& loc : located) {
      if (std::find(wanted.begin(), wanted.end(), loc.group) == wanted.end()) continue;
      if (near >= 0 && !IsNear(loc, near_positions[near], req.near_window, req.near_title_frames))
        continue;
      (loc.field == TextField::kTitle  ? c.title
       : loc.field == TextField::kLead ? c.lead
                                       : c.body)++;
    }
    const FieldMinimum& mn = req.min_count;
    bool met = (mn.title > 0 && c.title >= mn.title) || (mn.lead > 0 && c.lead >= mn.lead) ||
               (mn.body > 0 && c.body >= mn.body);
    for (EvidenceKind k : req.or_evidence) {
      met = met || std::find(present.begin(), present.end(), k) != present.end();
    }
    if (!met) {
      requirements_met = false;
      rel.reasons.push_back("requirement '" + req.name + "' not met (title " +
                            std::to_string(c.title) + ", lead " + std::to_string(c.lead) +
                            ", body " + std::to_string(c.body) + ")");
    }
  }

  const bool above = rel.score >= profile_.threshold;
  if (!above) {
    rel.reasons.push_back("score " + FormatNumber(rel.score) + " below threshold " +
                          FormatNumber(profile_.threshold));
  }
  rel.verdict = requirements_met && above ? Verdict::kRelevant : Verdict::kNotRelevant;
  if (rel.verdict == Verdict::kRelevant) {
    const ScoreLevels& lv = profile_.levels;
    rel.level = rel.score >= lv.high     ? Level::kHigh
                : rel.score >= lv.medium ? Level::kMedium
                : rel.score >= lv.low    ? Level::kLow
                                         : Level::kNone;
  }
  return rel;
}

}  // namespace newswatch
