#include "filters/story/story_fingerprint.h"

#include <algorithm>
#include <array>

#include "daemon/text/utf8.h"

namespace newswatch {
namespace {

// Decodes one UTF-8 code point at `pos`, advancing it; invalid bytes become U+FFFD.
char32_t NextCodePoint(std::string_view s, size_t& pos) {
  const auto c = static_cast<unsigned char>(s[pos]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || pos + len > s.size()) {
    ++pos;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t i = 1; i < len; ++i) {
    const auto cc = static_cast<unsigned char>(s[pos + i]);
    if ((cc >> 6) != 0x2) {
      ++pos;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  pos += len;
  return cp;
}

bool IsContentChar(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FFFF);
}

// A line that starts with one of these (after brackets and spaces) is frame, not story.
constexpr std::array<std::string_view, 17> kFrameLeads = {
    "来源",     "原标题",   "原文标题", "责任编辑", "责编",     "图片来源",
    "本文来源", "文章来源", "稿件来源", "转自",     "转载自",   "免责声明",
    "原文链接", "原文地址", "编者按",   "版权声明", "copyright"};

// The same for short lines only: "记者从市经信委获悉……" opens a real paragraph.
constexpr std::array<std::string_view, 13> kShortLineLeads = {
    "编辑", "校对", "审核",       "作者",   "记者", "通讯员", "摄影",
    "点击", "扫码", "扫描二维码", "分享到", "声明", "版权"};

// A short line containing one of these is site furniture (navigation, sharing, counters).
constexpr std::array<std::string_view, 18> kFurniture = {
    "来源:",    "来源：",   "二维码",   "分享",      "打印",       "关闭窗口",
    "字号",     "返回顶部", "上一篇",   "下一篇",    "阅读量",     "浏览次数",
    "相关链接", "©",        "版权所有", "发布时间:", "发布时间：", "【纠错】"};

constexpr size_t kFurnitureLineBytes = 120;  // about 40 CJK characters
constexpr size_t kFrameLineBytes = 300;      // about 100 CJK characters

std::string_view TrimLead(std::string_view line) {
  for (;;) {
    bool trimmed = false;
    for (std::string_view p : {" ", "\t", "【", "[", "(", "（", "〔", "<", "《", "*", "#"}) {
      if (line.starts_with(p)) {
        line.remove_prefix(p.size());
        trimmed = true;
      }
    }
    if (!trimmed) return line;
  }
}

bool IsFrameLine(std::string_view line) {
  const std::string_view lead = TrimLead(line);
  // A long line is a paragraph, even when it opens with 来源: (a feed summary
  // with no line breaks); its frame words cost a few shingles, not the text.
  if (line.size() > kFrameLineBytes) return false;
  for (std::string_view w : kFrameLeads) {
    if (lead.starts_with(w)) return true;
  }
  if (line.size() <= kFurnitureLineBytes) {
    for (std::string_view w : kShortLineLeads) {
      if (lead.starts_with(w)) return true;
    }
    for (std::string_view w : kFurniture) {
      if (line.find(w) != std::string_view::npos) return true;
    }
  }
  return false;
}

uint32_t HashShingle(const char32_t* chars) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a over the code points, then a finalizer
  for (size_t i = 0; i < kShingleChars; ++i) {
    h ^= static_cast<uint64_t>(chars[i]);
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return static_cast<uint32_t>(h);
}

}  // namespace

std::string StripRepostFrame(std::string_view title, std::string_view body) {
  std::string out;
  auto add_line = [&out](std::string_view line) {
    size_t pos = 0;
    while (pos < line.size()) {
      const char32_t c = NextCodePoint(line, pos);
      if (IsContentChar(c)) AppendUtf8((c >= 'A' && c <= 'Z') ? c + 32 : c, out);
    }
  };
  add_line(title);
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view line = body.substr(start, end - start);
    if (!IsFrameLine(line)) add_line(line);
    start = end + 1;
  }
  return out;
}

StoryFingerprint FingerprintStory(std::string_view title, std::string_view body) {
  const std::string text = StripRepostFrame(title, body);
  std::vector<char32_t> chars;
  chars.reserve(text.size() / 3 + 1);
  size_t pos = 0;
  while (pos < text.size()) chars.push_back(NextCodePoint(text, pos));
  StoryFingerprint fp;
  if (chars.size() >= kShingleChars) {
    fp.shingles.reserve(chars.size());
    for (size_t i = 0; i + kShingleChars <= chars.size(); ++i) {
      fp.shingles.push_back(HashShingle(&chars[i]));
    }
  }
  std::sort(fp.shingles.begin(), fp.shingles.end());
  fp.shingles.erase(std::unique(fp.shingles.begin(), fp.shingles.end()), fp.shingles.end());
  for (uint32_t h : fp.shingles) {
    if (h % kKeyModulus == 0) fp.keys.push_back(static_cast<int64_t>(h));
  }
  return fp;
}

StoryOverlap CompareShingles(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  StoryOverlap o;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++o.shared;
      ++i;
      ++j;
    }
  }
  const size_t smaller = std::min(a.size(), b.size());
  const size_t united = a.size() + b.size() - o.shared;
  if (smaller > 0) o.containment = static_cast<double>(o.shared) / static_cast<double>(smaller);
  if (united > 0) o.jaccard = static_cast<double>(o.shared) / static_cast<double>(united);
  return o;
}

bool IsSameStory(const StoryOverlap& overlap, size_t size_a, size_t size_b) {
  return std::min(size_a, size_b) >= kMinShingles && overlap.containment >= kSameStoryContainment;
}

std::string EncodeShingles(const std::vector<uint32_t>& shingles) {
  std::string out;
  out.reserve(shingles.size() * 4);
  for (uint32_t h : shingles) {
    for (int b = 0; b < 4; ++b) out += static_cast<char>((h >> (8 * b)) & 0xFF);
  }
  return out;
}

std::vector<uint32_t> DecodeShingles(std::string_view blob) {
  std::vector<uint32_t> out(blob.size() / 4);
  for (size_t i = 0; i < out.size(); ++i) {
    uint32_t h = 0;
    for (int b = 0; b < 4; ++b) {
      h |= static_cast<uint32_t>(static_cast<unsigned char>(blob[i * 4 + b])) << (8 * b);
    }
    out[i] = h;
  }
  return out;
}

}  // namespace newswatch
