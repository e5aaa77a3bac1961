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

bool ContainsAny(std::string_view text, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (text.find(w) != std::string_view::npos) return true;
  }
  return false;
}

// At most `chars` code points of `text` from `pos` (forward) or before it.
std::string_view After(std::string_view text, size_t pos, size_t chars) {
  size_t end = pos;
  for (size_t i = 0; i < chars && end < text.size(); ++i) {
    size_t len = 0;
    DecodeAt(text, end, &len);
    end += len;
  }
  return text.substr(pos, end - pos);
}
std::string_view Before(std::string_view text, size_t pos, size_t chars) {
  size_t begin = pos;
  for (size_t i = 0; i < chars && begin > 0; ++i) begin = PrevCodepoint(text, begin);
  return text.substr(begin, pos - begin);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// ---- Issuing bodies -------------------------------------------------------

// National bodies named without a region in front.
constexpr std::array<std::string_view, 24> kNationalBodies = {"中共中央办公厅",
                                                              "国务院办公厅",
                                                              "中共中央",
                                                              "国务院",
                                                              "工业和信息化部",
                                                              "工信部",
                                                              "科学技术部",
                                                              "科技部",
                                                              "商务部",
                                                              "财政部",
                                                              "教育部",
                                                              "文化和旅游部",
                                                              "文旅部",
                                                              "国家发展和改革委员会",
                                                              "国家发展改革委",
                                                              "国家发改委",
                                                              "中央网信办",
                                                              "国家网信办",
                                                              "国家广播电视总局",
                                                              "国家知识产权局",
                                                              "人力资源社会保障部",
                                                              "国家数据局",
                                                              "人民银行",
                                                              "国家市场监督管理总局"};

// How a body's name ends, longest first within a family.
constexpr std::array<std::string_view, 44> kBodySuffixes = {"人民政府办公厅",
                                                            "人民政府办公室",
                                                            "人民政府",
                                                            "政府办公厅",
                                                            "政府办公室",
                                                            "政府",
                                                            "领导小组办公室",
                                                            "科学技术委员会",
                                                            "经济和信息化委员会",
                                                            "经济信息化委员会",
                                                            "发展和改革委员会",
                                                            "发展改革委员会",
                                                            "委员会",
                                                            "经济信息化委",
                                                            "发展改革委",
                                                            "科委",
                                                            "经信委",
                                                            "发改委",
                                                            "商务委",
                                                            "网信办",
                                                            "工信厅",
                                                            "工信局",
                                                            "科技局",
                                                            "科技厅",
                                                            "商务局",
                                                            "文化和旅游局",
                                                            "文化旅游局",
                                                            "文旅局",
                                                            "经信局",
                                                            "经信厅",
                                                            "大数据局",
                                                            "数据局",
                                                            "财政局",
                                                            "财政厅",
                                                            "教育局",
                                                            "办公厅",
                                                            "办公室",
                                                            "管理局",
                                                            "管委会",
                                                            "服务局",
                                                            "发展局",
                                                            "促进中心",
                                                            "委",
                                                            "局"};

struct BodyCandidate {
  std::string name;
  BodyLevel level = BodyLevel::kUnknown;
  size_t offset = 0;
  size_t end = 0;
};

BodyLevel LevelOfRegion(const RegionEntry* e) {
  if (e == nullptr) return BodyLevel::kUnknown;
  switch (e->level) {
    case RegionLevel::kProvince:
      return BodyLevel::kProvincial;
    case RegionLevel::kCity:
      return BodyLevel::kCity;
    case RegionLevel::kCounty:
      return BodyLevel::kDistrict;
    default:
      return BodyLevel::kUnknown;
  }
}

// "到2025年" / "至2025年" / "2025年前" in `s`: the target year, else "".
std::string TargetYear(std::string_view s) {
  for (size_t i = 0; i + 4 < s.size(); ++i) {
    if (!(s[i] == '2' && s[i + 1] == '0' && IsDigit(s[i + 2]) && IsDigit(s[i + 3]))) continue;
    if (i > 0 && IsDigit(s[i - 1])) continue;
    std::string_view before = Before(s, i, 2);
    std::string_view after = s.substr(i + 4);
    bool marked = before.ends_with("到") || before.ends_with("至") || before.ends_with("争") ||
                  after.starts_with("年前") || after.starts_with("年底前") ||
                  after.starts_with("年末");
    if (marked && after.starts_with("年")) return std::string(s.substr(i, 4));
  }
  return "";
}

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

DocumentFactsExtractor::DocumentFactsExtractor(const RegionTable& table)
    : table_(table), region_names_([&] {
        std::vector<std::string> texts;
        for (const RegionName& n : table.Names()) {
          if (n.kind == NameKind::kWeakAlias) continue;
          texts.push_back(n.text);
          region_codes_.push_back(n.code);
        }
        return texts;
      }()) {}

IssuingBody DocumentFactsExtractor::FindIssuer(std::string_view title,
                                               std::string_view body) const {
  auto candidates_in = [&](std::string_view text) {
    std::vector<BodyCandidate> found;
    // Anchors: where a body's name may start, with the level it implies.
    struct Anchor {
      size_t begin, end;
      BodyLevel level;
    };
    std::vector<Anchor> anchors;
    std::vector<bool> in_region(text.size() + 1, false);
    for (const LiteralMatcher::Match& m : region_names_.Find(text)) {
      if (!anchors.empty() && anchors.back().begin == m.begin) continue;
      std::vector<const RegionEntry*> entries =
          table_.Lookup(text.substr(m.begin, m.end - m.begin));
      const RegionEntry* e =
          entries.empty() ? table_.Find(region_codes_[m.phrase]) : entries.front();
      anchors.push_back({m.begin, m.end, LevelOfRegion(e)});
      for (size_t i = m.begin; i < m.end; ++i) in_region[i] = true;
    }
    for (auto [marker, level] : {std::pair{"省"sv, BodyLevel::kProvincial},
                                 {"市"sv, BodyLevel::kCity},
                                 {"区"sv, BodyLevel::kDistrict},
                                 {"县"sv, BodyLevel::kDistrict},
                                 {"国家"sv, BodyLevel::kNational}}) {
      for (size_t p = text.find(marker); p != std::string_view::npos;
           p = text.find(marker, p + 1)) {
        if (!in_region[p]) anchors.push_back({p, p + marker.size(), level});
      }
    }
    std::sort(anchors.begin(), anchors.end(),
              [](const Anchor& a, const Anchor& b) { return a.begin < b.begin; });

    for (std::string_view national : kNationalBodies) {
      for (size_t p = text.find(national); p != std::string_view::npos;
           p = text.find(national, p + national.size())) {
        found.push_back({std::string(national), BodyLevel::kNational, p, p + national.size()});
      }
    }
    // Each suffix occurrence, joined to the nearest anchor before it.
    size_t pos = 0;
    while (pos < text.size()) {
      std::string_view suffix;
      for (std::string_view s : kBodySuffixes) {
        if (text.substr(pos).starts_with(s)) {
          suffix = s;
          break;
        }
      }
      if (suffix.empty()) {
        size_t len = 0;
        DecodeAt(text, pos, &len);
        pos += len;
        continue;
      }
      size_t end = pos + suffix.size();
      // The nearest anchor ending at or before `pos`, with only Han between.
      const Anchor* nearest = nullptr;
      for (const Anchor& a : anchors) {
        if (a.end > pos) break;
        if (a.begin + 48 < pos) continue;  // at most ~16 Han characters away
        bool han_between = true;
        for (size_t i = a.end; i < pos;) {
          size_t len = 0;
          if (!IsHan(DecodeAt(text, i, &len))) han_between = false;
          i += len;
        }
        if (han_between) nearest = &a;
      }
      // A bare 委 or 局 needs words between anchor and suffix (市科技局,
      // not 市委 the party committee).
      bool generic = suffix == "委" || suffix == "局";
      if (nearest != nullptr && (!generic || nearest->end < pos)) {
        size_t begin = nearest->begin;
        BodyLevel level = nearest->level;
        // Extend over anchors that touch (上海市 + 虹口区 + 人民政府).
        for (auto it = anchors.rbegin(); it != anchors.rend(); ++it) {
          if (it->end == begin) {
            begin = it->begin;
            if (level == BodyLevel::kUnknown) level = it->level;
          }
        }
        found.push_back({std::string(text.substr(begin, end - begin)), level, begin, end});
      }
      pos = end;
    }
    std::sort(found.begin(), found.end(),
              [](const BodyCandidate& a, const BodyCandidate& b) { return a.offset < b.offset; });
    return found;
  };

  std::vector<BodyCandidate> in_title = candidates_in(title);
  std::vector<BodyCandidate> in_body = candidates_in(body);
  // A bare name (区政府, 市经信委) is completed from a fuller mention of the
  // same body elsewhere (虹口区政府).
  auto to_issuer = [&](const BodyCandidate& c) {
    for (const auto* list : {&in_title, &in_body}) {
      for (const BodyCandidate& other : *list) {
        if (other.name.size() > c.name.size() && other.name.ends_with(c.name) &&
            CountCodepoints(c.name) <= 8 && other.level != BodyLevel::kUnknown) {
          return IssuingBody{other.name, other.level};
        }
      }
    }
    return IssuingBody{c.name, c.level};
  };

  // 1. A header or signature line that is exactly a body's name (optionally
  // followed by a date on the same line).
  std::vector<std::string_view> lines = SplitLines(body);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i >= 20 && i + 12 < lines.size()) continue;
    std::string_view trimmed = Trim(lines[i]);
    for (const BodyCandidate& c : in_body) {
      if (trimmed.empty() || !trimmed.starts_with(c.name)) continue;
      std::string_view rest = Trim(trimmed.substr(c.name.size()));
      if (rest.empty() || (rest.size() <= 20 && IsDigit(rest.front()) &&
                           rest.find("日") != std::string_view::npos)) {
        return to_issuer(c);
      }
    }
  }
  // 2. A body that issues something.
  auto issues = [](std::string_view text, const BodyCandidate& c) {
    std::string_view after = After(text, c.end, 5);
    std::string_view before = Before(text, c.offset, 1);
    return ContainsAny(after, {"印发", "发布", "出台", "制定", "关于", "联合", "公布", "答复"}) ||
           before == "由";
  };
  for (const BodyCandidate& c : in_title) {
    if (issues(title, c)) return to_issuer(c);
  }
  for (const BodyCandidate& c : in_body) {
    if (issues(body, c)) return to_issuer(c);
  }
  // 3. The first named.
  if (!in_title.empty()) return to_issuer(in_title.front());
  if (!in_body.empty()) return to_issuer(in_body.front());
  return {};
}

DocumentKind DocumentFactsExtractor::Classify(std::string_view title, std::string_view body,
                                              bool spread_regions) {
  std::string_view opening = After(body, 0, 500);
  auto kind_of = [&](std::string_view t) -> DocumentKind {
    if (ContainsAny(t, {"提案的答复", "建议的答复", "提案答复", "答复的函", "提案办理"}) ||
        (ContainsAny(t, {"答复"}) && ContainsAny(t, {"提案", "建议"}))) {
      return DocumentKind::kProposalReply;
    }
    if (ContainsAny(t, {"征求意见稿", "公开征求", "征求意见"})) {
      return DocumentKind::kConsultationDraft;
    }
    if (ContainsAny(t, {"解读", "一图读懂", "答记者问", "图解"})) {
      return DocumentKind::kInterpretation;
    }
    if (ContainsAny(t, {"盘点", "各地", "多地", "汇总", "一览", "梳理"})) {
      return DocumentKind::kRoundup;
    }
    if (ContainsAny(t, {"新闻发布会", "发布会", "讲话", "致辞", "答问", "访谈"})) {
      return DocumentKind::kSpeech;
    }
    if (ContainsAny(t, {"通知", "通告", "公告", "指南"}) &&
        ContainsAny(t, {"申报", "申请", "征集", "遴选", "推荐", "评选", "认定", "补贴", "资金"})) {
      return DocumentKind::kNotice;
    }
    if (ContainsAny(t, {"若干措施", "若干政策", "扶持政策", "支持政策", "若干意见", "扶持办法",
                        "措施", "政策", "办法", "细则"})) {
      return DocumentKind::kMeasures;
    }
    if (ContainsAny(t, {"实施方案", "实施意见", "工作方案", "实施细则", "规划"})) {
      return DocumentKind::kImplementationPlan;
    }
    if (ContainsAny(t, {"行动计划", "行动方案", "三年行动", "行动纲要"})) {
      return DocumentKind::kActionPlan;
    }
    if (ContainsAny(t, {"提案", "议案", "建议"})) return DocumentKind::kProposal;
    return DocumentKind::kUnknown;
  };
  DocumentKind kind = kind_of(title);
  // A reply or a press conference announces itself in the opening lines.
  DocumentKind opening_kind = kind_of(opening);
  if (opening_kind == DocumentKind::kProposalReply ||
      (kind == DocumentKind::kUnknown && opening_kind == DocumentKind::kSpeech)) {
    return opening_kind;
  }
  if (spread_regions && (kind == DocumentKind::kUnknown || kind == DocumentKind::kNewsReport ||
                         kind == DocumentKind::kMeasures || kind == DocumentKind::kRoundup)) {
    return DocumentKind::kRoundup;
  }
  if (kind != DocumentKind::kUnknown) return kind;
  if (opening_kind != DocumentKind::kUnknown && opening_kind != DocumentKind::kRoundup &&
      opening_kind != DocumentKind::kMeasures) {
    return opening_kind;
  }
  if (title.empty() && body.empty()) return DocumentKind::kUnknown;
  return DocumentKind::kNewsReport;
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
      std::string_view before = Before(text, begin, 1);
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
    std::string_view before = Before(text, pos, 6);
    std::string_view after = After(text, end, 8);
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
      } else if (ContainsAny(After(text, end, 14), {"印发", "发布", "出台", "签发", "公布"}) ||
                 ContainsAny(before, {"印发", "发布", "成文日期", "发文日期", "发布日期"})) {
        add("issued", date, pos, end);
      }
    } else {
      std::string_view window = text.substr(pos - Before(text, pos, 2).size());
      window = window.substr(0, std::min<size_t>(window.size(), 40));
      std::string target = TargetYear(window);
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
