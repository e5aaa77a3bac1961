#include "filters/analysis/token_scan.h"

namespace newswatch {
namespace {

// Roles of people who propose: deputies, members, their groups. Plain 委员
// and 代表 are left out: a committee's member or a company's representative
// is no deputy.
constexpr std::string_view kRoles[] = {"全国人大代表", "全国政协委员", "人大代表", "政协委员",
                                       "两会代表"};
// Words whose parts would otherwise read as something else.
constexpr std::string_view kBlocks[] = {"发布会",   "委员会", "新闻发布",     "发布时间",
                                        "发布日期", "来源:",  "政府工作报告", "建议书"};

}  // namespace

Result<std::unique_ptr<TokenScanner>> TokenScanner::Create(
    const Lexicon& lexicon, const RegionTable& regions,
    const std::vector<std::string>& topic_terms) {
  std::unique_ptr<TokenScanner> scanner(new TokenScanner(lexicon, regions));
  std::vector<PhrasePattern> phrases;
  auto add = [&](const std::string& text, TokenKind kind, uint32_t index) {
    if (text.empty()) return;
    phrases.push_back({text, false, false, 0});
    scanner->entries_.push_back({kind, index});
  };
  // The order decides ties between equal spans: regions first.
  for (const RegionName& n : regions.Names()) {
    if (n.kind == NameKind::kWeakAlias) continue;
    add(n.text, TokenKind::kRegion, static_cast<uint32_t>(scanner->region_codes_.size()));
    scanner->region_codes_.push_back(n.code);
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
  auto matcher = PhraseMatcher::Compile(std::move(phrases), "analysis lexicon");
  if (!matcher.ok()) return matcher.status();
  scanner->matcher_ = std::move(*matcher);
  return scanner;
}

std::vector<Token> TokenScanner::Scan(std::string_view text) const {
  std::vector<Token> out;
  // Leftmost-longest; on equal spans the lowest index (the kind listed first
  // in Create()) wins.
  for (const PhraseHit& h : matcher_->Scan(text)) {
    const Entry& e = entries_[h.pattern];
    out.push_back({e.kind, h.start, h.end, e.index});
  }
  return out;
}

}  // namespace newswatch
