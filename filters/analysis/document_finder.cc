#include "filters/analysis/document_finder.h"

#include <cctype>

#include "filters/facts/text_scan.h"

namespace newswatch::analysis {
namespace {

constexpr uint32_t kMaxTitleBytes = 240;  // ~80 Han characters

// Kinds that are instruments of policy (a 白皮书 or 报告 is not one).
bool IsPolicyKind(DocumentKind k) {
  switch (k) {
    case DocumentKind::kActionPlan:
    case DocumentKind::kImplementationPlan:
    case DocumentKind::kMeasures:
    case DocumentKind::kNotice:
    case DocumentKind::kConsultationDraft:
    case DocumentKind::kProposal:
    case DocumentKind::kProposalReply:
    case DocumentKind::kPlan:
    case DocumentKind::kOpinion:
      return true;
    default:
      return false;
  }
}

int FirstYear(std::string_view s) {
  for (size_t i = 0; i + 4 <= s.size(); ++i) {
    if ((s[i] == '1' || s[i] == '2') &&
        (i == 0 || !std::isdigit(static_cast<unsigned char>(s[i - 1]))) &&
        std::isdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isdigit(static_cast<unsigned char>(s[i + 2])) &&
        std::isdigit(static_cast<unsigned char>(s[i + 3])) &&
        (i + 4 == s.size() || !std::isdigit(static_cast<unsigned char>(s[i + 4])))) {
      int y = std::stoi(std::string(s.substr(i, 4)));
      if (y >= 1990 && y <= 2100) return y;
    }
  }
  return 0;
}

}  // namespace

std::string DocumentKey(std::string_view title) {
  std::string_view t = Trim(title);
  const bool draft = t.find("征求意见稿") != std::string_view::npos;
  // 关于印发X的通知 -> X
  if (t.starts_with("关于印发") && t.ends_with("的通知")) {
    t = t.substr(std::string_view("关于印发").size());
    t.remove_suffix(std::string_view("的通知").size());
  }
  std::string out;
  for (size_t i = 0; i < t.size();) {
    size_t len = 0;
    char32_t c = DecodeAt(t, i, &len);
    std::string_view piece = t.substr(i, len);
    i += len;
    switch (c) {
      case U' ':
      case U'\t':
      case U'"':
      case U'\'':
      case U'\u201c':
      case U'\u201d':
      case U'\u2018':
      case U'\u2019':
      case U'\u300c':
      case U'\u300d':
      case U'\u300e':
      case U'\u300f':
      case U'\u300a':
      case U'\u300b':
      case U'\u3000':
        continue;  // quotes and spaces vary between outlets
      case U'\u2014':
      case U'\u2013':
      case U'~':
      case U'\u301c':
      case U'\uff5e':
      case U'\u2015':
        out += '-';
        continue;
      case U'\uff08':
      case U'\u3014':
      case U'[':
      case U'\u3010':
        out += '(';
        continue;
      case U'\uff09':
      case U'\u3015':
      case U']':
      case U'\u3011':
        out += ')';
        continue;
      default:
        out.append(piece);
    }
  }
  // Outlets add or drop the year range, the (征求意见稿) note and a 的:
  // the key keeps the name and whether it is a draft.
  std::string key;
  int depth = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '(') ++depth;
    if (depth == 0 && !std::string_view(out).substr(i).starts_with("的")) key += out[i];
    if (std::string_view(out).substr(i).starts_with("的") && depth == 0) i += 2;
    if (out[i] == ')' && depth > 0) --depth;
  }
  if (draft) key += "(征求意见稿)";
  return key;
}

void DescribeDocument(const TokenScanner& scanner, const std::vector<Token>& tokens,
                      NamedDocument* doc) {
  DocumentKind kind = scanner.lexicon().KindOfTitle(doc->title);
  doc->kind = static_cast<int>(kind);
  doc->policy = IsPolicyKind(kind);
  doc->year = FirstYear(doc->title);
  doc->key = DocumentKey(doc->title);
  for (const Token& t : tokens) {
    if (t.begin < doc->span.begin || t.end > doc->span.end) continue;
    if (t.kind == TokenKind::kTopic) doc->on_topic = true;
    if (t.kind == TokenKind::kNationalBody && doc->region_code.empty()) doc->region_code = "000000";
    if (t.kind == TokenKind::kForeignPlace && doc->region_code.empty())
      doc->region_code = "foreign";
    if (t.kind == TokenKind::kRegion) {
      // The most specific region the title names.
      const std::string& code = scanner.RegionCode(t);
      if (doc->region_code.empty() || scanner.regions().IsAncestor(doc->region_code, code)) {
        doc->region_code = code;
      }
    }
  }
}

std::vector<NamedDocument> FindBracketedDocuments(const TokenScanner& scanner,
                                                  std::string_view text,
                                                  const std::vector<Token>& tokens, bool in_title) {
  static constexpr std::string_view kOpen = "《", kClose = "》";
  std::vector<NamedDocument> out;
  for (size_t p = text.find(kOpen); p != std::string_view::npos; p = text.find(kOpen, p + 1)) {
    const size_t begin = p + kOpen.size();
    // Nested 《》 (a notice that carries a plan) end at the matching close.
    int depth = 1;
    size_t q = begin;
    while (q < text.size() && q - begin <= kMaxTitleBytes && text[q] != '\n') {
      if (text.substr(q).starts_with(kOpen)) ++depth;
      if (text.substr(q).starts_with(kClose) && --depth == 0) break;
      ++q;
    }
    if (depth != 0 || q >= text.size() || q == begin) continue;
    NamedDocument doc;
    doc.title = std::string(Trim(text.substr(begin, q - begin)));
    doc.span = {in_title, static_cast<uint32_t>(begin), static_cast<uint32_t>(q)};
    DescribeDocument(scanner, tokens, &doc);
    out.push_back(std::move(doc));
    p = q;
  }
  return out;
}

NamedDocument DocumentAfterVerb(const TokenScanner& scanner, std::string_view text,
                                const std::vector<Token>& tokens, uint32_t pos, bool in_title) {
  NamedDocument doc;
  size_t begin = pos;
  if (text.substr(begin).starts_with("了")) begin += std::string_view("了").size();
  bool quoted = false;
  for (std::string_view q : {"\u201c", "\"", "\u300c"}) {
    if (text.substr(begin).starts_with(q)) {
      begin += q.size();
      quoted = true;
      break;
    }
  }
  size_t end = begin;
  while (end < text.size() && end - begin <= kMaxTitleBytes) {
    size_t len = 0;
    char32_t c = DecodeAt(text, end, &len);
    bool keep = IsHan(c) || (c < 0x80 && std::isalnum(static_cast<int>(c))) || c == U'(' ||
                c == U')' || c == U'-' || c == U'\u2014' ||
                (quoted && c != U'\u201d' && c != U'"' && c != U'\u300d' && c != U'\n');
    if (!keep || c == U'\u3001' || c == U'\u300a') break;
    end += len;
  }
  std::string_view candidate = text.substr(begin, end - begin);
  // Cut after the first kind ending (a verb may follow: 行动计划提出…).
  const Lexicon& lex = scanner.lexicon();
  size_t best = std::string_view::npos;
  for (const KindEnding& e : lex.kind_endings) {
    size_t at = candidate.find(e.text);
    while (at != std::string_view::npos) {
      size_t stop = at + e.text.size();
      // A year range may follow the ending.
      if (candidate.substr(stop).starts_with("(")) {
        size_t close = candidate.find(')', stop);
        if (close != std::string_view::npos && close - stop <= 24) stop = close + 1;
      }
      if (best == std::string_view::npos || stop < best) best = stop;
      break;
      at = candidate.find(e.text, at + 1);
    }
  }
  if (best == std::string_view::npos || CountCodepoints(candidate.substr(0, best)) < 6) return doc;
  // A named document opens with its region, 关于, or the topic itself; a
  // count or an adjective opens a description (41个专项规划, 省级规划).
  bool opens_name = false;
  for (const Token& t : tokens) {
    if (t.begin == begin && (t.kind == TokenKind::kRegion || t.kind == TokenKind::kTopic ||
                             t.kind == TokenKind::kNationalBody)) {
      opens_name = true;
    }
  }
  if (!opens_name && !candidate.starts_with("关于")) return doc;
  // A generic ending (方案, 规划) does not close an unbracketed name.
  std::string_view named = candidate.substr(0, best);
  size_t close = named.rfind('(');
  std::string_view core = close == std::string_view::npos ? named : named.substr(0, close);
  bool specific = false;
  for (const KindEnding& e : lex.kind_endings) {
    if (CountCodepoints(e.text) >= 3 && core.ends_with(e.text)) specific = true;
  }
  if (!specific) return doc;
  doc.title = std::string(candidate.substr(0, best));
  doc.span = {in_title, static_cast<uint32_t>(begin), static_cast<uint32_t>(begin + best)};
  DescribeDocument(scanner, tokens, &doc);
  if (!doc.policy) doc.title.clear();
  return doc;
}

}  // namespace newswatch::analysis
