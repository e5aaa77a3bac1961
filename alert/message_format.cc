#include "alert/message_format.h"

#include <map>
#include <vector>

namespace newswatch::alert {
namespace {

struct Line {
  std::string label;  // "地区"; empty for the title line
  std::string value;
};

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string FigureText(const KeyFigure& f) {
  std::string out = f.text;
  std::vector<std::string> notes;
  static const std::map<std::string, std::string> kKinds = {{"industry-scale", "产业规模"},
                                                            {"enterprises", "企业"},
                                                            {"scenarios", "应用场景"},
                                                            {"fund", "基金"},
                                                            {"subsidy", "补贴"},
                                                            {"award", "奖励"}};
  auto it = kKinds.find(f.kind);
  if (it != kKinds.end()) notes.push_back(it->second);
  if (!f.year.empty()) notes.push_back(f.year + "年");
  if (!notes.empty()) out += "（" + Join(notes, "，") + "）";
  return out;
}

std::vector<Line> StoryLines(const StoryReport& s) {
  const AlertEvent& e = s.event;
  std::vector<Line> lines;
  if (e.kind == EventKind::kSourceStatus) {
    lines.push_back({"", "信息源 " + e.source_id + " 状态：" + e.status_state});
    if (!e.status_reason.empty()) lines.push_back({"原因", e.status_reason});
    return lines;
  }
  lines.push_back({"", e.title.empty() ? "（无标题）" : e.title});
  if (!e.region_name.empty() || !e.region_code.empty()) {
    lines.push_back(
        {"地区",
         Join({e.region_name, e.region_code.empty() ? "" : "(" + e.region_code + ")"}, " ")});
  }
  if (!e.issuer_name.empty()) {
    std::string v = e.issuer_name;
    if (!e.issuer_level.empty()) v += "（" + IssuerLevelLabel(e.issuer_level) + "）";
    lines.push_back({"发文机关", v});
  }
  if (!e.document_kind.empty() || !e.document_number.empty()) {
    lines.push_back(
        {"文件类型", Join({DocumentKindLabel(e.document_kind), e.document_number}, " ")});
  }
  if (!e.documents.empty()) {
    std::vector<std::string> named;
    for (size_t i = 0; i < e.documents.size() && i < 3; ++i)
      named.push_back("《" + e.documents[i] + "》");
    if (e.documents.size() > 3) named.push_back("等" + std::to_string(e.documents.size()) + "份");
    lines.push_back({"政策文件", Join(named, "、")});
  }
  std::vector<std::string> figures;
  for (const KeyFigure& f : e.targets) figures.push_back(FigureText(f));
  for (const KeyFigure& f : e.money) figures.push_back(FigureText(f));
  for (const KeyDate& d : e.dates) {
    if (d.kind == "deadline")
      figures.push_back("截止 " + d.date);
    else if (d.kind == "effective")
      figures.push_back("施行 " + d.date);
  }
  if (!figures.empty()) lines.push_back({"关键数据", Join(figures, "；")});
  std::string why = "相关度" + LevelLabel(e.level);
  char score[32];
  std::snprintf(score, sizeof score, "（得分 %.1f）", e.score);
  why += score;
  if (!e.matched_terms.empty()) {
    std::vector<std::string> terms(
        e.matched_terms.begin(),
        e.matched_terms.begin() + std::min<size_t>(e.matched_terms.size(), 8));
    why += "，命中：" + Join(terms, "、");
  }
  lines.push_back({"匹配原因", why});
  std::string outlet = e.original_source.empty() ? e.source_id : e.original_source;
  if (e.published) outlet += " " + e.published->ToRfc3339().substr(0, 16);
  lines.push_back({"来源", outlet});
  if (!s.other_outlets.empty()) {
    lines.push_back({"其他报道", Join(s.other_outlets, "、") + "（共" +
                                     std::to_string(s.other_outlets.size()) + "家）"});
  }
  return lines;
}

// Characters that would break markdown link or emphasis syntax.
std::string EscapeMarkdown(std::string_view s, TextDialect d) {
  std::string out;
  for (char c : s) {
    if (d == TextDialect::kSlack) {
      if (c == '&')
        out += "&amp;";
      else if (c == '<')
        out += "&lt;";
      else if (c == '>')
        out += "&gt;";
      else
        out += c;
    } else if (d == TextDialect::kMarkdown && (c == '[' || c == ']' || c == '*')) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string RenderStory(const StoryReport& s, TextDialect d, size_t index) {
  std::vector<Line> lines = StoryLines(s);
  const std::string& url = s.event.url;
  std::string out;
  std::string title = EscapeMarkdown(lines[0].value, d);
  std::string num = std::to_string(index) + ". ";
  switch (d) {
    case TextDialect::kMarkdown:
      out += num + (url.empty() ? "**" + title + "**" : "**[" + title + "](" + url + ")**") + "\n";
      break;
    case TextDialect::kSlack:
      out += num + (url.empty() ? "*" + title + "*" : "*<" + url + "|" + title + ">*") + "\n";
      break;
    case TextDialect::kPlain:
      out += num + lines[0].value + "\n";
      break;
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string v = d == TextDialect::kPlain ? lines[i].value : EscapeMarkdown(lines[i].value, d);
    if (d == TextDialect::kPlain)
      out += "   " + lines[i].label + "：" + v + "\n";
    else
      out += "> " + lines[i].label + "：" + v + "\n";
  }
  if (d == TextDialect::kPlain && !url.empty()) out += "   链接：" + url + "\n";
  return out;
}

size_t Measure(std::string_view s, SizeUnit unit) {
  return unit == SizeUnit::kBytes ? s.size() : CodePointCount(s);
}

// Cuts to `limit` units at a character boundary.
std::string Cut(std::string_view s, size_t limit, SizeUnit unit) {
  if (unit == SizeUnit::kBytes) return TruncateUtf8(s, limit);
  size_t count = 0, i = 0;
  while (i < s.size() && count < limit) {
    unsigned char c = s[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + len > s.size()) break;
    i += len;
    ++count;
  }
  return std::string(s.substr(0, i));
}

}  // namespace

std::string DocumentKindLabel(std::string_view kind) {
  static const std::map<std::string, std::string, std::less<>> kLabels = {
      {"action-plan", "行动计划"},
      {"implementation-plan", "实施方案"},
      {"measures", "若干措施"},
      {"notice", "申报通知"},
      {"consultation-draft", "征求意见稿"},
      {"proposal", "提案建议"},
      {"proposal-reply", "提案答复"},
      {"interpretation", "政策解读"},
      {"speech", "讲话/发布会"},
      {"news-report", "新闻报道"},
      {"roundup", "政策汇总"},
      {"plan", "发展规划"},
      {"opinion", "指导意见"}};
  auto it = kLabels.find(kind);
  return it == kLabels.end() ? std::string(kind) : it->second;
}

std::string IssuerLevelLabel(std::string_view level) {
  if (level == "national") return "国家级";
  if (level == "provincial") return "省级";
  if (level == "city") return "市级";
  if (level == "district") return "区县级";
  return std::string(level);
}

std::string LevelLabel(int level) {
  switch (level) {
    case 3:
      return "高";
    case 2:
      return "中";
    case 1:
      return "低";
    default:
      return "未定";
  }
}

std::string NotificationTitle(const Notification& n) {
  if (n.stories.empty()) return "【新闻监测】";
  const AlertEvent& first = n.stories.front().event;
  std::string head = n.digest ? "【免打扰期间汇总】" : n.repeat ? "【再次提醒】" : "";
  if (first.kind == EventKind::kSourceStatus) return head + "【信息源状态】" + first.source_id;
  std::string profile = first.profile.empty() ? "新闻监测" : first.profile;
  std::string where = Join({first.region_name, DocumentKindLabel(first.document_kind)}, "·");
  std::string title =
      head + "【" + profile + "】" + (where.empty() ? "" : where + "：") + first.title;
  if (n.stories.size() > 1) title += "（等" + std::to_string(n.stories.size()) + "条）";
  return title;
}

std::string RenderText(const Notification& n, TextDialect d, size_t limit, SizeUnit unit) {
  std::string header;
  std::string title = NotificationTitle(n);
  switch (d) {
    case TextDialect::kMarkdown:
      header = "### " + EscapeMarkdown(title, d) + "\n";
      break;
    case TextDialect::kSlack:
      header = "*" + EscapeMarkdown(title, d) + "*\n";
      break;
    case TextDialect::kPlain:
      header = title + "\n\n";
      break;
  }
  std::string out = header;
  if (Measure(out, unit) > limit) return Cut(out, limit, unit);
  for (size_t i = 0; i < n.stories.size(); ++i) {
    std::string story = RenderStory(n.stories[i], d, i + 1);
    if (Measure(out, unit) + Measure(story, unit) <= limit) {
      out += story;
      continue;
    }
    const std::string more = "……另有 " + std::to_string(n.stories.size() - i) + " 条未显示\n";
    if (i == 0) {
      // Not even one story fits: cut the first one and say so.
      const std::string marker = "……（已截断）\n";
      const std::string rest =
          n.stories.size() > 1 ? "……另有 " + std::to_string(n.stories.size() - 1) + " 条未显示\n"
                               : "";
      const size_t used = Measure(out, unit) + Measure(marker, unit) + Measure(rest, unit);
      if (used < limit) out += Cut(story, limit - used, unit) + marker + rest;
      return Cut(out, limit, unit);
    }
    if (Measure(out, unit) + Measure(more, unit) <= limit) out += more;
    return out;
  }
  return out;
}

std::string RenderHtml(const Notification& n) {
  auto esc = [](std::string_view s) {
    std::string out;
    for (char c : s) {
      switch (c) {
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '&':
          out += "&amp;";
          break;
        case '"':
          out += "&quot;";
          break;
        default:
          out += c;
      }
    }
    return out;
  };
  std::string out = "<html><head><meta charset=\"utf-8\"></head><body>\n<h3>" +
                    esc(NotificationTitle(n)) + "</h3>\n<ol>\n";
  for (const StoryReport& s : n.stories) {
    std::vector<Line> lines = StoryLines(s);
    out += "<li><p><b>";
    if (!s.event.url.empty())
      out += "<a href=\"" + esc(s.event.url) + "\">" + esc(lines[0].value) + "</a>";
    else
      out += esc(lines[0].value);
    out += "</b></p>\n<ul>\n";
    for (size_t i = 1; i < lines.size(); ++i) {
      out += "<li>" + esc(lines[i].label) + "：" + esc(lines[i].value) + "</li>\n";
    }
    out += "</ul></li>\n";
  }
  out += "</ol>\n</body></html>\n";
  return out;
}

std::string TruncateUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  // Step back over continuation bytes so no character is split.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

size_t CodePointCount(std::string_view text) {
  size_t n = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace newswatch::alert
