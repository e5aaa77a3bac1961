#include "daemon/text/headline.h"

#include <array>
#include <cctype>

namespace newswatch {
namespace {

constexpr int kLinesExamined = 8;
constexpr size_t kMinChars = 8;  // shorter lines are chrome (24小时资讯), places, names
constexpr size_t kMaxChars = 64;

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

size_t Chars(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += IsContinuation(c) ? 0 : 1;
  return n;
}

std::string_view TrimLine(std::string_view s) {
  auto is_space = [](std::string_view v, bool front) {
    if (v.empty()) return size_t{0};
    char c = front ? v.front() : v.back();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return size_t{1};
    constexpr std::string_view kIdeographic = "\u3000";
    if (front ? v.starts_with(kIdeographic) : v.ends_with(kIdeographic)) return kIdeographic.size();
    return size_t{0};
  };
  while (size_t n = is_space(s, true)) s.remove_prefix(n);
  while (size_t n = is_space(s, false)) s.remove_suffix(n);
  return s;
}

bool ContainsAny(std::string_view s, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (s.find(w) != std::string_view::npos) return true;
  }
  return false;
}

// Mostly digits and date words: 2023年06月05日 星期一, 2023-06-05 10:00.
bool IsDateLine(std::string_view s) {
  size_t digits = 0, other = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= '0' && c <= '9') {
      ++digits;
      ++i;
      continue;
    }
    bool date_word = false;
    for (std::string_view w : {"年", "月", "日", "星期", "周", "一", "二", "三", "四", "五", "六",
                               "天", "-", "/", ":", ".", " ", "\u3000"}) {
      if (s.substr(i).starts_with(w)) {
        i += w.size();
        date_word = true;
        break;
      }
    }
    if (!date_word) {
      ++other;
      ++i;
      while (i < s.size() && IsContinuation(s[i])) ++i;
    }
  }
  return digits >= 4 && other <= 1;
}

// "办理结果:解决或采纳", "发布日期: …", "来源:…": a label and its value.
bool IsLabelLine(std::string_view s) {
  size_t colon = s.find(':');
  size_t wide = s.find("\uff1a");
  if (wide != std::string_view::npos && (colon == std::string_view::npos || wide < colon)) {
    colon = wide;
  }
  if (colon == std::string_view::npos) return false;
  std::string_view label = s.substr(0, colon);
  // A short label before the colon; a headline "上海:壮大元宇宙…" has a
  // place before it, so labels are told by their words.
  return Chars(label) <= 6 &&
         ContainsAny(
             label,
             {"结果", "日期", "时间",   "来源",     "作者", "编辑", "标签",    "分类", "关键词",
              "浏览", "点击", "阅读",   "索引",     "文号", "状态", "发布",    "签发", "责任",
              "字号", "主题", "访问",   "当前位置", "位置", "結果", "時間",    "來源", "編輯",
              "標籤", "分類", "關鍵詞", "瀏覽",     "點擊", "閱讀", "文號",    "狀態", "發布",
              "發佈", "簽發", "責任",   "字號",     "主題", "訪問", "當前位置"});
}

// A section heading inside a text: 一、…, (二)…, 1.…, 第三条…
bool IsSectionHeading(std::string_view s) {
  static constexpr std::string_view kNumerals[] = {"一", "二", "三", "四", "五",
                                                   "六", "七", "八", "九", "十"};
  std::string_view t = s;
  if (t.starts_with("(")) t.remove_prefix(1);
  if (t.starts_with("\uff08")) t.remove_prefix(std::string_view("\uff08").size());
  if (t.starts_with("第")) return true;
  bool numeral = false;
  while (true) {
    bool cut = false;
    for (std::string_view n : kNumerals) {
      if (t.starts_with(n)) {
        t.remove_prefix(n.size());
        numeral = cut = true;
      }
    }
    if (!t.empty() && t.front() >= '0' && t.front() <= '9') {
      t.remove_prefix(1);
      numeral = cut = true;
    }
    if (!cut) break;
  }
  return numeral && (t.starts_with("、") || t.starts_with(")") || t.starts_with(".") ||
                     t.starts_with("\uff09") || t.starts_with("是"));
}

// A byline or credit without a colon: 审核编辑 黄某, 责任编辑 某某.
bool IsCreditLine(std::string_view s) {
  // Lines are read in their original script: traditional forms too.
  for (std::string_view w :
       {"审核编辑", "责任编辑", "审核", "编辑",   "作者",     "记者",     "来源",
        "通讯员",   "摄影",     "校对", "审校",   "審核編輯", "責任編輯", "審核",
        "編輯",     "記者",     "來源", "通訊員", "校對",     "審校"}) {
    if (s.starts_with(w) && Chars(s) <= 16) return true;
  }
  return false;
}

// A site's menu: several very short items separated by spaces or bars.
bool IsMenuLine(std::string_view s) {
  int items = 0, short_items = 0;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find_first_of(" |\t", start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view item = s.substr(start, end - start);
    if (!item.empty()) {
      ++items;
      if (Chars(item) <= 4) ++short_items;
    }
    start = end + 1;
  }
  return items >= 4 && short_items * 4 >= items * 3;
}

// Spam and chrome: addresses, runs of symbols.
bool IsJunkLine(std::string_view s) {
  if (ContainsAny(s, {"http://",  "https://", "www.",   ".com",    ".cn",  "@",        "搜索",
                      "登录",     "注册",     "首页",   "返回",    "打印", "关闭窗口", "分享到",
                      "扫一扫",   "版权所有", "搜尋",   "登錄",    "註冊", "首頁",     "返回",
                      "關閉窗口", "分享到",   "掃一掃", "版權所有"})) {
    return true;
  }
  size_t symbols = 0, total = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    ++total;
    if (c < 0x80) {
      if (!(std::isalnum(c) || c == ' ' || c == '(' || c == ')' || c == '-' || c == ':' ||
            c == ',' || c == '!' || c == '?' || c == '"' || c == '.' || c == '%' || c == '+')) {
        ++symbols;
      }
      ++i;
    } else {
      ++i;
      while (i < s.size() && IsContinuation(s[i])) ++i;
    }
  }
  return total > 0 && symbols * 5 > total;
}

// A header line of an official document: only a body's name, or only a
// document number (杨科两会〔2023〕23号).
bool IsHeaderLine(std::string_view s) {
  if (s.ends_with("号") && ContainsAny(s, {"〔", "[", "【", "("}) && Chars(s) <= 24) return true;
  static constexpr std::array<std::string_view, 18> kBodyEnds = {
      "委员会", "人民政府",   "办公室",   "办公厅", "管委会", "局",     "厅",     "委", "部",
      "政协",   "人大常委会", "领导小组", "委員會", "辦公室", "辦公廳", "管委會", "廳", "領導小組"};
  if (Chars(s) <= 20 && !ContainsAny(s, {"关于", "的", "发布", "印发", "答复", "通知", "關於",
                                         "發布", "答覆", "通知"})) {
    for (std::string_view e : kBodyEnds) {
      if (s.ends_with(e)) return true;
    }
  }
  return false;
}

}  // namespace

bool LooksLikeHeadline(std::string_view line) {
  std::string_view s = TrimLine(line);
  const size_t chars = Chars(s);
  if (chars < kMinChars || chars > kMaxChars) return false;
  // A sentence, not a headline.
  if (s.ends_with("。") || s.ends_with(";") || s.ends_with(",") || s.ends_with("、") ||
      s.ends_with(":") || s.ends_with("\uff1a") || s.ends_with("\uff0c")) {
    return false;
  }
  if (Chars(s) > 40 && (ContainsAny(s, {"。"}))) return false;
  return !IsDateLine(s) && !IsLabelLine(s) && !IsMenuLine(s) && !IsJunkLine(s) &&
         !IsHeaderLine(s) && !IsSectionHeading(s) && !IsCreditLine(s);
}

Headline InferHeadline(std::string_view text) {
  Headline out;
  size_t pos = 0;
  int examined = 0;
  bool first = true;
  while (pos < text.size() && examined < kLinesExamined) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = TrimLine(text.substr(pos, end - pos));
    if (!line.empty()) {
      ++examined;
      bool heading = false;
      if (line.front() == '#') {
        while (!line.empty() && line.front() == '#') line.remove_prefix(1);
        line = TrimLine(line);
        heading = true;
      }
      if ((heading && !line.empty() && Chars(line) <= 2 * kMaxChars) || LooksLikeHeadline(line)) {
        out.text = std::string(line);
        out.line_begin = pos;
        out.line_end = end;
        out.first_line = first;
        return out;
      }
      first = false;
    }
    pos = end + 1;
  }
  return out;
}

}  // namespace newswatch
