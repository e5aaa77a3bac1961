// Byline lines of Chinese news pages: "来源：新华社", "责任编辑：张三",
// "作者：李四", "原标题：...", "（来源：人民日报）" at the end of a paragraph.
// The extractor reads outlet and author from these into fields (the lines
// themselves stay in the body text). Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newswatch {

enum class BylineKind { kSource, kAuthor, kEditor, kOriginalTitle };

struct BylineField {
  BylineKind kind = BylineKind::kSource;
  std::string value;  // trimmed; cut at the next whitespace or label
                      // ("人民网-文化频道")
};

// Finds labelled fields in one line of text ("2019-06-15 来源：人民网
// 作者：张三" -> source, author). A label counts only at the line start or
// after whitespace, punctuation or an opening bracket, so "数据来源：" is not a
// source label. Values may be empty when the label ends the line.
std::vector<BylineField> FindBylineFields(std::string_view line);

// True if `line` (a paragraph of an article body) is a byline line rather than
// prose: it starts with a label (after an optional opening bracket), or it is
// short and holds a label, or it is a bracketed editor/source note such as
// "（责任编辑：王五）".
bool IsBylineLine(std::string_view line);

// Removes a trailing "（来源：X）" / "(责任编辑：X)" note from a paragraph.
// Returns the paragraph without it (trimmed) and appends the note's fields to
// `fields`; returns `paragraph` unchanged when it has no such note.
std::string StripTrailingBylineNote(std::string_view paragraph, std::vector<BylineField>* fields);

// Cleans an author value from a meta tag or byline: rejects numeric ids, URLs
// and over-long values (returns ""), trims brackets and "记者"/"作者" prefixes
// and a CMS's staff code after an underscore ("杜硕_NB12556" -> "杜硕").
std::string CleanAuthor(std::string_view raw);

// True if `name` reads as an outlet or channel rather than a person: "新京报",
// "人民网", "新华社", "新浪财经-自媒体综合", "观察者网专栏作者". Sites put these in
// <meta name="author">.
bool IsOutletName(std::string_view name);

}  // namespace newswatch
