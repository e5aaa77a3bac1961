#include "filters/facts/quantities.h"

#include <array>
#include <cstdlib>
#include <optional>
#include <tuple>

#include "filters/facts/text_scan.h"

namespace newswatch {
namespace {

using namespace std::string_view_literals;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

struct Number {
  size_t begin = 0;
  size_t end = 0;  // after digits, a range's second number and any 多/余/+
  double value = 0;
};

// An ASCII number at `pos` (digits, one '.', ',' thousands); a range
// (2-3个, 1~2家) keeps its first value.
std::optional<Number> ReadNumber(std::string_view text, size_t pos) {
  if (pos >= text.size() || !IsDigit(text[pos])) return std::nullopt;
  if (pos > 0 && (IsDigit(text[pos - 1]) || text[pos - 1] == '.')) return std::nullopt;
  auto digits_at = [&](size_t i, std::string* digits) {
    bool dot = false;
    while (i < text.size()) {
      char c = text[i];
      if (IsDigit(c)) {
        *digits += c;
      } else if (c == '.' && !dot && i + 1 < text.size() && IsDigit(text[i + 1])) {
        dot = true;
        *digits += c;
      } else if (!(c == ',' && i + 1 < text.size() && IsDigit(text[i + 1]) && i + 3 < text.size() &&
                   IsDigit(text[i + 2]) && IsDigit(text[i + 3]))) {
        break;
      }
      ++i;
    }
    return i;
  };
  std::string digits;
  size_t end = digits_at(pos, &digits);
  Number n{pos, end, std::strtod(digits.c_str(), nullptr)};
  for (std::string_view dash : {"-"sv, "~"sv, "\u2014"sv, "\u2013"sv, "至"sv}) {
    std::string_view rest = text.substr(n.end);
    if (rest.starts_with(dash) && rest.size() > dash.size() && IsDigit(rest[dash.size()])) {
      std::string second;
      n.end = digits_at(n.end + dash.size(), &second);
      break;
    }
  }
  for (std::string_view q : {"多"sv, "余"sv, "+"sv}) {
    if (text.substr(n.end).starts_with(q)) {
      n.end += q.size();
      break;
    }
  }
  return n;
}

struct MoneyUnit {
  std::string_view text;
  double scale;
  std::string_view currency;
  bool bare;  // no 元: only money when the words around say so
};
constexpr std::array<MoneyUnit, 14> kMoneyUnits = {{
    {"万亿元", 1e12, "CNY", false},
    {"亿元", 1e8, "CNY", false},
    {"千万元", 1e7, "CNY", false},
    {"百万元", 1e6, "CNY", false},
    {"万元", 1e4, "CNY", false},
    {"亿美元", 1e8, "USD", false},
    {"万美元", 1e4, "USD", false},
    {"美元", 1, "USD", false},
    {"亿人民币", 1e8, "CNY", false},
    {"元", 1, "CNY", false},
    {"万亿", 1e12, "CNY", true},
    {"亿", 1e8, "CNY", true},
    {"千万", 1e7, "CNY", true},
    {"万", 1e4, "CNY", true},
}};

struct CountNoun {
  std::string_view noun;
  std::string_view kind;
};
// What a counted target counts; the first noun found after the number wins.
constexpr std::array<CountNoun, 26> kCountNouns = {{
    {"企业", "enterprises"}, {"公司", "enterprises"},  {"场景", "scenarios"},
    {"应用", "scenarios"},   {"项目", "projects"},     {"平台", "platforms"},
    {"载体", "platforms"},   {"园区", "parks"},        {"基地", "parks"},
    {"集聚区", "parks"},     {"发展区", "parks"},      {"示范区", "parks"},
    {"实验室", "labs"},      {"创新中心", "labs"},     {"技术中心", "labs"},
    {"标杆", "benchmarks"},  {"案例", "cases"},        {"产品", "products"},
    {"人才", "people"},      {"团队", "teams"},        {"专利", "patents"},
    {"标准", "standards"},   {"技术", "technologies"}, {"中心", "labs"},
    {"人员", "people"},      {"服务", "products"},
}};

// Counters after a number: 10家, 50个, 3项, 10大, 50名, 50000人.
constexpr std::array<std::string_view, 8> kCounters = {"家", "个", "项", "大",
                                                       "名", "人", "款", "批"};

bool IsClauseBreak(char32_t c) {
  return c == U',' || c == U';' || c == U'\u3002' || c == U'\u3001' || c == U'\n' || c == U':' ||
         c == U'!' || c == U'?';
}

// Byte bounds of the comma-delimited clause around `pos`.
std::pair<size_t, size_t> ClauseBounds(std::string_view text, size_t pos) {
  size_t b = pos;
  while (b > 0) {
    size_t prev = PrevCodepoint(text, b);
    size_t len = 0;
    char32_t c = DecodeAt(text, prev, &len);
    if (IsClauseBreak(c) && c != U'\u3001') break;
    b = prev;
  }
  size_t e = pos;
  while (e < text.size()) {
    size_t len = 0;
    char32_t c = DecodeAt(text, e, &len);
    if (IsClauseBreak(c) && c != U'\u3001') break;
    e += len;
  }
  return {b, e};
}

}  // namespace

std::string GoalYear(std::string_view s) {
  for (size_t i = 0; i + 4 < s.size(); ++i) {
    if (!(s[i] == '2' && s[i + 1] == '0' && IsDigit(s[i + 2]) && IsDigit(s[i + 3]))) continue;
    if (i > 0 && IsDigit(s[i - 1])) continue;
    std::string_view before = CharsBefore(s, i, 2);
    std::string_view after = s.substr(i + 4);
    bool marked = before.ends_with("到") || before.ends_with("至") || before.ends_with("争") ||
                  after.starts_with("年前") || after.starts_with("年底前") ||
                  after.starts_with("年末");
    if (marked && after.starts_with("年")) return std::string(s.substr(i, 4));
  }
  return "";
}

bool SetsGoal(std::string_view s) {
  return !GoalYear(s).empty() ||
         ContainsAny(s, {"力争", "目标", "争取", "确保", "预计到", "将达到", "培育", "打造", "建成",
                         "形成", "引进", "培养", "推出"});
}

bool IsPastStatistic(std::string_view clause) {
  if (ContainsAny(clause,
                  {"已", "累计", "同比", "比上年", "较上年", "去年", "上年", "增长了", "共有",
                   "现有", "目前", "截至", "截止", "实现了", "全年", "全区", "全市", "全省"})) {
    return true;
  }
  // A year that reports: 2021年实现…, 2022年全区…, 2022年税收….
  for (size_t i = 0; i + 4 < clause.size(); ++i) {
    if (!(clause[i] == '2' && clause[i + 1] == '0' && IsDigit(clause[i + 2]) &&
          IsDigit(clause[i + 3]))) {
      continue;
    }
    if ((i > 0 && IsDigit(clause[i - 1])) || !clause.substr(i + 4).starts_with("年")) continue;
    std::string_view before = CharsBefore(clause, i, 2);
    if (before.ends_with("到") || before.ends_with("至") || before.ends_with("争")) continue;
    std::string_view after = clause.substr(i + 4 + std::string_view("年").size());
    if (after.starts_with("前") || after.starts_with("底前") || after.starts_with("末")) continue;
    if (ContainsAny(CharsAfter(after, 0, 6), {"实现", "完成", "全区", "全市", "全省", "全年", "共",
                                              "税收", "收入", "营收", "产值", "规模达", "达到"})) {
      return true;
    }
  }
  return false;
}

void FindQuantities(std::string_view text, std::vector<Quantity>* targets,
                    std::vector<Quantity>* money) {
  // What a sentence and a clause say is read once for all their numbers.
  size_t s_begin = 0, s_end = 0, c_begin = 0, c_end = 0;
  std::string_view sentence, clause;
  std::string year;
  bool sentence_goal = false, sentence_past = false, sentence_aims = false, clause_past = false;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if (!IsDigit(text[pos])) continue;
    std::optional<Number> number = ReadNumber(text, pos);
    if (!number) continue;
    const size_t after_number = number->end;
    if (pos >= s_end || pos < s_begin) {
      std::tie(s_begin, s_end) = SentenceBounds(text, pos);
      sentence = text.substr(s_begin, s_end - s_begin);
      year = GoalYear(sentence);
      sentence_aims = !year.empty() || ContainsAny(sentence, {"力争", "目标", "争取"});
      // The sentence reports a past year (2021年,虹口区…同比增长30%) unless
      // it also sets a goal.
      sentence_past = !sentence_aims && (ContainsAny(sentence, {"同比", "比上年", "较上年"}) ||
                                         (sentence.size() > 8 && sentence.substr(0, 2) == "20" &&
                                          IsDigit(sentence[2]) && IsDigit(sentence[3]) &&
                                          sentence.substr(4).starts_with("年,")));
      sentence_goal = SetsGoal(sentence);
      c_end = 0;
    }
    if (pos >= c_end || pos < c_begin) {
      std::tie(c_begin, c_end) = ClauseBounds(text, pos);
      clause = text.substr(c_begin, c_end - c_begin);
      clause_past = IsPastStatistic(clause);
    }
    const bool past = sentence_past || (clause_past && !sentence_aims);
    const bool goal = sentence_goal && !past;

    // Money: a unit right after the number.
    const MoneyUnit* unit = nullptr;
    for (const MoneyUnit& u : kMoneyUnits) {
      if (text.substr(after_number).starts_with(u.text)) {
        unit = &u;
        break;
      }
    }
    if (unit != nullptr) {
      const size_t end = after_number + unit->text.size();
      std::string_view rest = text.substr(end);
      // 10万人, 5万平方米: a bare 万 counts something else.
      if (unit->bare &&
          (rest.starts_with("人") || rest.starts_with("平") || rest.starts_with("家") ||
           rest.starts_with("个") || rest.starts_with("吨") || rest.starts_with("台") ||
           rest.starts_with("件") || rest.starts_with("次") || rest.starts_with("户") ||
           rest.starts_with("元"))) {
        pos = end - 1;
        continue;
      }
      std::string_view before = CharsBefore(text.substr(s_begin, pos - s_begin), pos - s_begin, 14);
      std::string_view after = CharsAfter(text, end, 10);
      Quantity q;
      q.text = std::string(text.substr(pos, end - pos));
      q.value = number->value * unit->scale;
      q.unit = std::string(unit->currency);
      q.year = year;
      q.sentence = SentenceAround(text, pos, end);
      if (ContainsAny(before, {"基金"}) || ContainsAny(after, {"基金"})) {
        q.kind = "fund";
      } else if (ContainsAny(before,
                             {"产业规模", "规模", "营收", "营业收入", "产值", "收入", "销售额"})) {
        q.kind = "industry-scale";
      } else if (ContainsAny(before, {"补贴", "补助", "资助", "奖励", "扶持", "支持", "奖补",
                                      "最高", "给予", "奖"}) ||
                 ContainsAny(after, {"补贴", "补助", "资助", "奖励", "扶持", "支持", "奖补"})) {
        q.kind = "subsidy";
      }
      if (q.kind == "industry-scale") {
        if (goal) targets->push_back(std::move(q));
      } else if ((q.kind == "fund" || q.kind == "subsidy") && !past) {
        money->push_back(std::move(q));
      }
      pos = end - 1;
      continue;
    }
    if (!goal) continue;

    // Counts: 10家…企业, 50+示范场景, 2-3个…集聚发展区, 专利超过800项.
    std::string_view rest = text.substr(after_number);
    size_t counter = 0;
    for (std::string_view c : kCounters) {
      if (rest.starts_with(c)) {
        counter = c.size();
        break;
      }
    }
    if (counter == 0 && text.substr(number->end - 1, 1) != "+") continue;
    const size_t scan = after_number + counter;
    std::string_view window = CharsAfter(text, scan, 18);
    for (std::string_view stop : {"、", ",", "。", ";", "\n", "和", "及", ":"}) {
      size_t cut = window.find(stop);
      if (cut != std::string_view::npos) window = window.substr(0, cut);
    }
    const CountNoun* found = nullptr;
    size_t found_at = std::string_view::npos;
    for (const CountNoun& n : kCountNouns) {
      size_t at = window.find(n.noun);
      if (at != std::string_view::npos && at < found_at) {
        found = &n;
        found_at = at;
      }
    }
    size_t begin = pos;
    size_t end = 0;
    if (found != nullptr) {
      end = scan + found_at + found->noun.size();
    } else if (rest.starts_with("项") || rest.starts_with("名") || rest.starts_with("人")) {
      // The noun before the number: 专利超过800项, 从业人员50000人.
      std::string_view lead = CharsBefore(text.substr(c_begin, pos - c_begin), pos - c_begin, 10);
      size_t lead_at = std::string_view::npos;
      for (const CountNoun& n : kCountNouns) {
        size_t at = lead.rfind(n.noun);
        if (at != std::string_view::npos && (found == nullptr || at > lead_at)) {
          found = &n;
          lead_at = at;
        }
      }
      if (found == nullptr) continue;
      begin = pos - lead.size() + lead_at;
      end = scan;
    } else {
      continue;
    }
    Quantity q;
    q.kind = std::string(found->kind);
    q.text = std::string(text.substr(begin, end - begin));
    q.value = number->value;
    q.unit = std::string(found->kind);
    q.year = year;
    q.sentence = SentenceAround(text, pos, end);
    targets->push_back(std::move(q));
    pos = std::max(pos, end - 1);
  }
}

}  // namespace newswatch
