#include "daemon/extract/byline.h"

#include <array>
#include <utility>

#include "daemon/extract/cjk_text.h"

namespace newswatch {
namespace {

using extract_internal::CountVisible;
using extract_internal::IsSpace;
using extract_internal::NextCodePoint;
using extract_internal::TrimSpaces;

struct Label {
  std::string_view text;
  BylineKind kind;
  bool needs_colon;        // "记者 张三" is a byline without a colon; "来源" in prose
                           // is not
  bool delimited = false;  // the label ends in its own separator ("文/张三")
};

// Longest labels first so "责任编辑" wins over "编辑" and "文章来源" over
// "来源".
constexpr std::array<Label, 18> kLabels = {{
    {"责任编辑", BylineKind::kEditor, false},
    {"文章来源", BylineKind::kSource, false},
    {"信息来源", BylineKind::kSource, false},
    {"稿件来源", BylineKind::kSource, false},
    {"新闻来源", BylineKind::kSource, false},
    {"本文来源", BylineKind::kSource, false},
    {"原标题", BylineKind::kOriginalTitle, true},
    {"来源", BylineKind::kSource, true},
    {"编辑", BylineKind::kEditor, true},
    {"校对", BylineKind::kEditor, true},
    {"审核", BylineKind::kEditor, true},
    {"作者", BylineKind::kAuthor, true},
    {"记者", BylineKind::kAuthor, false},
    {"撰稿", BylineKind::kAuthor, true},
    {"文/", BylineKind::kAuthor, false, true},
    {"文／", BylineKind::kAuthor, false, true},
    {"文｜", BylineKind::kAuthor, false, true},
    {"文|", BylineKind::kAuthor, false, true},
}};

bool IsOpeningBracket(char32_t c) {
  return c == 0xFF08 || c == '(' || c == 0x3010 || c == '[' || c == 0x3014;  // （ ( 【 [ 〔
}
bool IsClosingBracket(char32_t c) {
  return c == 0xFF09 || c == ')' || c == 0x3011 || c == ']' || c == 0x3015;
}
bool IsColon(char32_t c) { return c == 0xFF1A || c == ':'; }

// Whether a label may start right after code point `prev` (0 = line start).
bool LabelBoundary(char32_t prev) {
  if (prev == 0 || IsSpace(prev) || IsOpeningBracket(prev) || IsClosingBracket(prev)) return true;
  if (prev == '|' || prev == 0xFF5C || prev == '/' || prev == 0x3000) return true;
  if (prev < 0x80) return !((prev >= '0' && prev <= '9') || (prev >= 'A' && prev <= 'z'));
  return extract_internal::IsProsePunct(prev) || prev == 0x3000 || prev == 0xFF5C ||
         (prev >= 0x2000 && prev <= 0x206F);  // general punctuation (…, —)
}

// Matches a label at `pos`; on success returns the label and sets *value_begin
// past the label, its colon and spaces.
const Label* MatchLabel(std::string_view line, size_t pos, size_t* value_begin) {
  for (const Label& label : kLabels) {
    if (line.substr(pos, label.text.size()) != label.text) continue;
    size_t p = pos + label.text.size();
    bool colon = false;
    bool space = false;
    while (p < line.size()) {
      size_t next = p;
      const char32_t c = NextCodePoint(line, &next);
      if (IsColon(c) && !colon) {
        colon = true;
      } else if (IsSpace(c)) {
        space = true;
      } else {
        break;
      }
      p = next;
    }
    if (label.needs_colon && !colon) continue;
    if (!colon && !space && !label.delimited) continue;  // "记者会", "来源于" are words
    *value_begin = p;
    return &label;
  }
  return nullptr;
}

// The value runs to the next whitespace, closing bracket or label.
size_t ValueEnd(std::string_view line, size_t begin) {
  size_t p = begin;
  char32_t prev = 0;
  while (p < line.size()) {
    size_t next = p;
    const char32_t c = NextCodePoint(line, &next);
    if (IsSpace(c) || IsClosingBracket(c) || c == '|' || c == 0xFF5C) break;
    size_t dummy = 0;
    if (p > begin && LabelBoundary(prev) && MatchLabel(line, p, &dummy) != nullptr) break;
    prev = c;
    p = next;
  }
  return p;
}

std::string CleanValue(std::string_view v) {
  v = TrimSpaces(v);
  // Trailing clause punctuation belongs to the sentence, not the name.
  while (!v.empty()) {
    const std::string_view tail_candidates[] = {"，", "。", "；", "、", ",", ";"};
    bool cut = false;
    for (std::string_view t : tail_candidates) {
      if (v.size() >= t.size() && v.substr(v.size() - t.size()) == t) {
        v.remove_suffix(t.size());
        cut = true;
      }
    }
    if (!cut) break;
  }
  return std::string(v);
}

}  // namespace

std::vector<BylineField> FindBylineFields(std::string_view line) {
  std::vector<BylineField> fields;
  char32_t prev = 0;
  for (size_t pos = 0; pos < line.size();) {
    size_t value_begin = 0;
    const Label* label = MatchLabel(line, pos, &value_begin);
    // "本报记者 张三": the reporter label may follow the outlet's name
    // directly.
    if (label != nullptr && !LabelBoundary(prev) && label->text != "记者") label = nullptr;
    if (label != nullptr) {
      size_t end =
          label->kind == BylineKind::kOriginalTitle ? line.size() : ValueEnd(line, value_begin);
      std::string_view raw = line.substr(value_begin, end - value_begin);
      if (label->kind == BylineKind::kOriginalTitle) {
        // The original title runs to the end, minus a closing bracket of a
        // "（原标题：...）" note.
        raw = TrimSpaces(raw);
        for (std::string_view close : {"）", ")", "】", "]"}) {
          if (raw.size() >= close.size() && raw.substr(raw.size() - close.size()) == close) {
            raw.remove_suffix(close.size());
          }
        }
      }
      fields.push_back({label->kind, CleanValue(raw)});
      pos = end;
      prev = ' ';
      continue;
    }
    prev = NextCodePoint(line, &pos);
  }
  return fields;
}

bool IsBylineLine(std::string_view line) {
  line = TrimSpaces(line);
  if (line.empty()) return false;
  size_t pos = 0;
  size_t first_end = 0;
  char32_t first = NextCodePoint(line, &first_end);
  if (IsOpeningBracket(first)) pos = first_end;
  size_t value_begin = 0;
  if (MatchLabel(line, pos, &value_begin) != nullptr) {
    // A label opening the line: a byline unless it is the start of a long
    // paragraph.
    return CountVisible(line) <= 80 || line.find("。") == std::string_view::npos;
  }
  if (CountVisible(line) > 50) return false;
  // A sentence that merely mentions a label ("……施行。来源：某局") is prose.
  if (line.find("。") != std::string_view::npos || line.find("，") != std::string_view::npos) {
    return false;
  }
  return !FindBylineFields(line).empty();
}

std::string StripTrailingBylineNote(std::string_view paragraph, std::vector<BylineField>* fields) {
  std::string_view text = TrimSpaces(paragraph);
  // Find the last opening bracket; the note must run from it to a closing
  // bracket at the end.
  size_t last_open = std::string_view::npos;
  char32_t last = 0;
  for (size_t pos = 0; pos < text.size();) {
    const size_t start = pos;
    last = NextCodePoint(text, &pos);
    if (IsOpeningBracket(last)) last_open = start;
  }
  if (last_open == std::string_view::npos || !IsClosingBracket(last)) {
    return std::string(paragraph);
  }
  size_t inner = last_open;
  NextCodePoint(text, &inner);
  size_t value_begin = 0;
  while (inner < text.size()) {  // allow spaces after the bracket
    size_t next = inner;
    if (!IsSpace(NextCodePoint(text, &next))) break;
    inner = next;
  }
  if (MatchLabel(text, inner, &value_begin) == nullptr) return std::string(paragraph);
  std::string_view note = text.substr(inner);
  for (BylineField& f : FindBylineFields(note)) fields->push_back(std::move(f));
  return std::string(TrimSpaces(text.substr(0, last_open)));
}

std::string CleanAuthor(std::string_view raw) {
  std::string_view v = TrimSpaces(raw);
  for (std::string_view prefix :
       {"作者：", "作者:", "记者：", "记者:", "文/", "文／", "作者", "记者"}) {
    if (v.substr(0, prefix.size()) == prefix) {
      v = TrimSpaces(v.substr(prefix.size()));
      break;
    }
  }
  while (!v.empty()) {
    size_t pos = 0;
    const char32_t c = NextCodePoint(v, &pos);
    if (!IsOpeningBracket(c) && !IsClosingBracket(c)) break;
    v.remove_prefix(pos);
  }
  for (std::string_view close : {"）", ")", "】", "]"}) {
    if (v.size() >= close.size() && v.substr(v.size() - close.size()) == close) {
      v.remove_suffix(close.size());
    }
  }
  v = TrimSpaces(v);
  // "杜硕_NB12556": the editor's staff code in the CMS.
  if (const size_t underscore = v.find('_');
      underscore != std::string_view::npos && underscore > 0) {
    bool code = underscore + 1 < v.size();
    for (size_t k = underscore + 1; k < v.size(); ++k) {
      const char c = v[k];
      code = code && ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
    }
    if (code) v = v.substr(0, underscore);
  }
  if (v.empty() || CountVisible(v) > 40) return "";
  if (v.find("://") != std::string_view::npos || v.find("www.") != std::string_view::npos)
    return "";
  bool all_digits = true;
  for (char ch : v) all_digits = all_digits && ch >= '0' && ch <= '9';
  if (all_digits) return "";
  return std::string(v);
}

bool IsOutletName(std::string_view name) {
  name = TrimSpaces(name);
  if (name.empty()) return false;
  for (std::string_view sep : {"-", "－", "|", "｜"}) {
    if (name.find(sep) != std::string_view::npos) return true;
  }
  static constexpr std::array<std::string_view, 14> kEndings = {
      "报",   "网",   "社",   "台",   "站",   "刊",     "频道",
      "中心", "新闻", "杂志", "综合", "作者", "编辑部", "客户端"};
  for (std::string_view e : kEndings) {
    if (name.size() >= e.size() && name.substr(name.size() - e.size()) == e) return true;
  }
  return false;
}

}  // namespace newswatch
