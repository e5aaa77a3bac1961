#include "filters/facts/document_facts.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>
#include <set>

#include "filters/facts/quantities.h"
#include "filters/facts/text_scan.h"

namespace newswatch {
namespace {

using namespace std::string_view_literals;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string_view DocumentKindName(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::kActionPlan:
      return "action-plan";
    case DocumentKind::kImplementationPlan:
      return "implementation-plan";
    case DocumentKind::kMeasures:
      return "measures";
    case DocumentKind::kNotice:
      return "notice";
    case DocumentKind::kConsultationDraft:
      return "consultation-draft";
    case DocumentKind::kProposal:
      return "proposal";
    case DocumentKind::kProposalReply:
      return "proposal-reply";
    case DocumentKind::kInterpretation:
      return "interpretation";
    case DocumentKind::kSpeech:
      return "speech";
    case DocumentKind::kNewsReport:
      return "news-report";
    case DocumentKind::kRoundup:
      return "roundup";
    case DocumentKind::kPlan:
      return "plan";
    case DocumentKind::kOpinion:
      return "opinion";
    case DocumentKind::kUnknown:
      break;
  }
  return "unknown";
}

std::string_view BodyLevelName(BodyLevel level) {
  switch (level) {
    case BodyLevel::kNational:
      return "national";
    case BodyLevel::kProvincial:
      return "provincial";
    case BodyLevel::kCity:
      return "city";
    case BodyLevel::kDistrict:
      return "district";
    case BodyLevel::kUnknown:
      break;
  }
  return "unknown";
}

std::vector<DocumentNumberMatch> DocumentFactsExtractor::FindDocumentNumbers(
    std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kBrackets = {
      {{"〔", "〕"},
       {"[", "]"},
       {"（", "）"},
       {"(", ")"},
       {"【", "】"},
       {"［", "］"},
       {"﹝", "﹞"},
       {"〖", "〗"}}};
  std::vector<DocumentNumberMatch> out;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    // Every bracket opens with one of these bytes; most text has none here.
    const unsigned char lead = static_cast<unsigned char>(text[pos]);
    if (lead != 0xE3 && lead != 0xEF && lead != '[' && lead != '(') continue;
    for (auto [open, close] : kBrackets) {
      if (!text.substr(pos).starts_with(open)) continue;
      size_t i = pos + open.size();
      size_t year_at = i;
      while (i < text.size() && text[i] == ' ') ++i;
      year_at = i;
      if (i + 4 > text.size() || !(text.substr(i, 2) == "19" || text.substr(i, 2) == "20") ||
          !IsDigit(text[i + 2]) || !IsDigit(text[i + 3])) {
        continue;
      }
      i += 4;
      while (i < text.size() && text[i] == ' ') ++i;
      if (!text.substr(i).starts_with(close)) continue;
      i += close.size();
      while (i < text.size() && text[i] == ' ') ++i;
      if (text.substr(i).starts_with("第")) i += std::string_view("第").size();
      size_t digits = i;
      while (i < text.size() && IsDigit(text[i])) ++i;
      if (i == digits || i - digits > 5 || !text.substr(i).starts_with("号")) continue;
      size_t end = i + std::string_view("号").size();
      // The issuer's abbreviation: Han characters before the bracket.
      size_t begin = pos;
      int chars = 0;
      size_t spaced = begin;  // "深发改规 (2022) 5号": one space may precede the bracket
      while (spaced > 0 && text[spaced - 1] == ' ' && pos - spaced < 2) --spaced;
      if (spaced != begin && spaced > 0 && IsHan([&] {
            size_t len = 0;
            return DecodeAt(text, PrevCodepoint(text, spaced), &len);
          }())) {
        begin = spaced;
      }
      while (begin > 0 && chars < 12) {
        size_t prev = PrevCodepoint(text, begin);
        size_t len = 0;
        char32_t c = DecodeAt(text, prev, &len);
        if (!IsHan(c) || c == U'的' || c == U'和' || c == U'及' || c == U'与' || c == U'据' ||
            c == U'见' || c == U'号' || c == U'文' || c == U'照') {
          // 文 ends labels (发文字号, 文号); 号 ends a preceding number.
          break;
        }
        begin = prev;
        ++chars;
      }
      if (chars == 0) continue;
      (void)year_at;
      DocumentNumberMatch m;
      m.text = std::string(text.substr(begin, end - begin));
      m.offset = begin;
      size_t line_begin = text.rfind('\n', begin == 0 ? 0 : begin - 1);
      line_begin = line_begin == std::string_view::npos || begin == 0 ? 0 : line_begin + 1;
      size_t line_end = text.find('\n', end);
      if (line_end == std::string_view::npos) line_end = text.size();
      std::string_view line = Trim(text.substr(line_begin, line_end - line_begin));
      m.own_line =
          line == m.text ||
          (line.ends_with(m.text) && CountCodepoints(line) <= CountCodepoints(m.text) + 6 &&
           line.find("号") == line.size() - std::string_view("号").size());
      std::string_view before = CharsBefore(text, begin, 1);
      m.cited = before == "（" || before == "(" || before == "》" || before == "、";
      out.push_back(std::move(m));
      pos = end - 1;
      break;
    }
  }
  return out;
}

std::string DocumentFactsExtractor::DocumentNumber(std::string_view title, std::string_view body) {
  for (std::string_view text : {title, body}) {
    std::vector<DocumentNumberMatch> all = FindDocumentNumbers(text);
    for (const auto& m : all) {
      if (m.own_line) return m.text;
    }
    for (const auto& m : all) {
      if (!m.cited) return m.text;
    }
    if (!all.empty() && text.data() == title.data()) return all.front().text;
  }
  std::vector<DocumentNumberMatch> all = FindDocumentNumbers(body);
  return all.empty() ? "" : all.front().text;
}

std::vector<DatedFact> DocumentFactsExtractor::FindDates(std::string_view text) {
  std::vector<DatedFact> out;
  std::set<std::pair<std::string, std::string>> seen;
  auto add = [&](std::string kind, std::string date, size_t begin, size_t end) {
    if (!seen.insert({kind, date}).second) return;
    out.push_back({std::move(kind), std::move(date), SentenceAround(text, begin, end)});
  };
  for (size_t pos = 0; pos + 4 <= text.size(); ++pos) {
    if (!(text[pos] == '1' || text[pos] == '2') || (pos > 0 && IsDigit(text[pos - 1]))) continue;
    if (!IsDigit(text[pos + 1]) || !IsDigit(text[pos + 2]) || !IsDigit(text[pos + 3])) continue;
    if (pos + 4 < text.size() && IsDigit(text[pos + 4])) continue;
    int year = std::atoi(std::string(text.substr(pos, 4)).c_str());
    if (year < 1990 || year > 2100) continue;
    size_t i = pos + 4;
    // Separator styles: 年..月..日, -, ., /
    std::string_view rest = text.substr(i);
    std::string_view sep1, sep2, sep3;
    if (rest.starts_with("年")) {
      sep1 = "年", sep2 = "月", sep3 = "日";
    } else if (rest.starts_with("-") || rest.starts_with(".") || rest.starts_with("/")) {
      sep1 = sep2 = rest.substr(0, 1);
    }
    std::string date;
    size_t end = i;
    if (!sep1.empty()) {
      size_t j = i + sep1.size();
      size_t m0 = j;
      while (j < text.size() && IsDigit(text[j]) && j - m0 < 2) ++j;
      if (j > m0 && text.substr(j).starts_with(sep2)) {
        int month = std::atoi(std::string(text.substr(m0, j - m0)).c_str());
        size_t k = j + sep2.size();
        size_t d0 = k;
        while (k < text.size() && IsDigit(text[k]) && k - d0 < 2) ++k;
        if (k > d0 && month >= 1 && month <= 12) {
          int day = std::atoi(std::string(text.substr(d0, k - d0)).c_str());
          bool closed = sep3.empty() ? !(k < text.size() && IsDigit(text[k]))
                                     : text.substr(k).starts_with(sep3);
          if (closed && day >= 1 && day <= 31) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
            date = buf;
            end = k + sep3.size();
          }
        }
      }
    }
    std::string_view before = CharsBefore(text, pos, 6);
    std::string_view after = CharsAfter(text, end, 8);
    auto [s_begin, s_end] = SentenceBounds(text, pos);
    std::string_view sentence = text.substr(s_begin, s_end - s_begin);
    if (!date.empty()) {
      if (ContainsAny(after, {"起施行", "起实施", "起执行", "起生效", "施行", "生效"}) ||
          (before.ends_with("自") && ContainsAny(after, {"起"}))) {
        add("effective", date, pos, end);
      } else if ((ContainsAny(before, {"截止", "截至", "之前", "不晚于"}) ||
                  after.starts_with("前") || after.starts_with("之前") ||
                  after.starts_with("截止")) &&
                 ContainsAny(sentence, {"申报", "提交", "报送", "报名", "申请", "征集", "反馈",
                                        "意见", "截止"})) {
        add("deadline", date, pos, end);
      } else if (ContainsAny(CharsAfter(text, end, 14), {"印发", "发布", "出台", "签发", "公布"}) ||
                 ContainsAny(before, {"印发", "发布", "成文日期", "发文日期", "发布日期"})) {
        add("issued", date, pos, end);
      }
    } else {
      std::string_view window = text.substr(pos - CharsBefore(text, pos, 2).size());
      window = window.substr(0, std::min<size_t>(window.size(), 40));
      std::string target = GoalYear(window);
      if (target == std::string(text.substr(pos, 4))) add("target-year", target, pos, pos + 4);
    }
    pos = std::max(pos, end);
  }
  return out;
}

void DocumentFactsExtractor::FindQuantities(std::string_view text, std::vector<Quantity>* targets,
                                            std::vector<Quantity>* money) {
  newswatch::FindQuantities(text, targets, money);
}

}  // namespace newswatch
