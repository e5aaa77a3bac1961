#include "filters/analysis/token_scan.h"

namespace newswatch {
namespace {

// Roles of people who propose: deputies, members, their groups.
// Plain 委员 and 代表 are left out: a committee's member or a company's
// representative is no deputy.
constexpr std::string_view kRoles[] = {"全国人大代表", "全国政协委员", "人大代表", "政协委员",
                                       "两会代表"};
// Words whose parts would otherwise read as something else.
constexpr std::string_view kBlocks[] = {"发布会",   "委员会", "新闻发布",     "发布时间",
                                        "发布日期", "来源:",  "政府工作报告", "建议书"};

}  // namespace

std::vector<std::string> TokenScanner::Phrases(const Lexicon& lexicon, const RegionTable& regions,
                                               const std::vector<std::string>& topic_terms,
                                               std::vector<Entry>* entries,
                                               std::vector<std::string>* region_codes) {
  std::vector<std::string> phrases;
  auto add = [&](const std::string& text, TokenKind kind, uint32_t index) {
    phrases.push_back(text);
    entries->push_back({kind, index});
  };
  for (const RegionName& n : regions.Names()) {
    if (n.kind == NameKind::kWeakAlias) continue;
    add(n.text, TokenKind::kRegion, static_cast<uint32_t>(region_codes->size()));
    region_codes->push_back(n.code);
  }
  for (size_t i = 0; i < lexicon.national_bodies.size(); ++i) {
    add(lexicon.national_bodies[i].text, TokenKind::kNationalBody, i);
  }
  for (size_t i = 0; i < lexicon.body_suffixes.size(); ++i) {
    add(lexicon.body_suffixes[i].text, TokenKind::kBodySuffix, i);
  }
  for (size_t i = 0; i < lexicon.non_government.size(); ++i) {
    add(lexicon.non_government[i].text, TokenKind::kNonGovernment, i);
  }
  for (size_t i = 0; i < lexicon.acts.size(); ++i) add(lexicon.acts[i].text, TokenKind::kAct, i);
  for (size_t i = 0; i < lexicon.foreign_places.size(); ++i) {
    add(lexicon.foreign_places[i], TokenKind::kForeignPlace, i);
  }
  for (std::string_view r : kRoles) add(std::string(r), TokenKind::kRole, 0);
  for (size_t i = 0; i < topic_terms.size(); ++i) add(topic_terms[i], TokenKind::kTopic, i);
  for (std::string_view b : kBlocks) add(std::string(b), TokenKind::kBlock, 0);
  return phrases;
}

TokenScanner::TokenScanner(const Lexicon& lexicon, const RegionTable& regions,
                           const std::vector<std::string>& topic_terms)
    : lexicon_(lexicon),
      regions_(regions),
      matcher_(Phrases(lexicon, regions, topic_terms, &entries_, &region_codes_)) {}

std::vector<Token> TokenScanner::Scan(std::string_view text) const {
  std::vector<Token> out;
  for (const LiteralMatcher::Match& m : matcher_.Find(text)) {
    // Equal spans report every phrase: keep the first (lowest index = the
    // kind listed first in Phrases()).
    if (!out.empty() && out.back().begin == m.begin && out.back().end == m.end) continue;
    const Entry& e = entries_[m.phrase];
    out.push_back({e.kind, static_cast<uint32_t>(m.begin), static_cast<uint32_t>(m.end), e.index});
  }
  return out;
}

}  // namespace newswatch
