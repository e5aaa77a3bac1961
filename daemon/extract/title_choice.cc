#include "daemon/extract/title_choice.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "daemon/extract/cjk_text.h"

namespace newswatch {
namespace {

using extract_internal::CollapseSpaces;
using extract_internal::CountVisible;
using extract_internal::IsCjk;
using extract_internal::NextCodePoint;

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Share of `a`'s distinct code points found in `b`: a cheap similarity for
// short titles.
double Overlap(std::string_view a, std::string_view b) {
  std::set<char32_t> in_b;
  for (size_t pos = 0; pos < b.size();) in_b.insert(NextCodePoint(b, &pos));
  size_t total = 0;
  size_t hit = 0;
  std::set<char32_t> seen;
  for (size_t pos = 0; pos < a.size();) {
    const char32_t c = NextCodePoint(a, &pos);
    if (c == ' ' || !seen.insert(c).second) continue;
    ++total;
    if (in_b.count(c) != 0) ++hit;
  }
  return total == 0 ? 0 : static_cast<double>(hit) / total;
}

// Length weighting CJK characters over ASCII letters so "新浪财经" outweighs
// "sina.com.cn".
size_t Weight(std::string_view s) {
  size_t w = 0;
  for (size_t pos = 0; pos < s.size();) w += IsCjk(NextCodePoint(s, &pos)) ? 2 : 1;
  return w;
}

std::string FromParts(const std::string& whole, const std::vector<std::string>& headings) {
  std::vector<std::string> parts = SplitTitleParts(whole);
  if (parts.empty()) return "";
  if (parts.size() == 1) return parts[0];
  // A part most like a heading is the displayed title.
  const std::string* best = nullptr;
  double best_sim = 0.6;
  for (const std::string& h : headings) {
    for (const std::string& p : parts) {
      const double sim = std::min(Overlap(p, h), Overlap(h, p));
      if (sim > best_sim) {
        best_sim = sim;
        best = &p;
      }
    }
  }
  if (best != nullptr) return *best;
  // Otherwise the longest part; titles come first on Chinese sites, so ties
  // keep the first.
  size_t best_w = 0;
  for (const std::string& p : parts) {
    if (Weight(p) > best_w) {
      best_w = Weight(p);
      best = &p;
    }
  }
  return *best;
}

}  // namespace

std::vector<std::string> SplitTitleParts(const std::string& title) {
  std::vector<std::string> parts;
  const std::string t = CollapseSpaces(title);
  std::string current;
  auto flush = [&] {
    std::string part = std::string(extract_internal::TrimSpaces(current));
    if (CountVisible(part) > 0) parts.push_back(std::move(part));
    current.clear();
  };
  for (size_t i = 0; i < t.size();) {
    std::string_view rest(t.data() + i, t.size() - i);
    bool split = false;
    size_t skip = 0;
    for (std::string_view sep : {" - ", " – ", " — ", " | ", "｜", "--", "_", "|", " :: "}) {
      if (rest.substr(0, sep.size()) == sep) {
        split = true;
        skip = sep.size();
        break;
      }
    }
    // A bare hyphen separates only where it is not inside a word or number
    // ("1-10月", "Wi-Fi").
    if (!split && t[i] == '-') {
      const bool left_alnum = i > 0 && IsAsciiAlnum(t[i - 1]);
      const bool right_alnum = i + 1 < t.size() && IsAsciiAlnum(t[i + 1]);
      if (!left_alnum && !right_alnum) {
        split = true;
        skip = 1;
      }
    }
    if (split) {
      flush();
      i += skip;
      continue;
    }
    current.push_back(t[i]);
    ++i;
  }
  flush();
  return parts;
}

std::string ChooseTitle(const TitleEvidence& evidence) {
  const std::string meta = CollapseSpaces(evidence.meta_title);
  const std::string tag = CollapseSpaces(evidence.title_tag);
  std::vector<std::string> headings;
  for (const std::string& h : evidence.headings) {
    std::string c = CollapseSpaces(h);
    if (CountVisible(c) >= 2) headings.push_back(std::move(c));
  }
  // A heading the page's own titles contain is exactly what readers see.
  for (const std::string& h : headings) {
    if (CountVisible(h) < 4) continue;  // "首页", a logo's alt text
    if ((!tag.empty() && tag.find(h) != std::string::npos) ||
        (!meta.empty() && meta.find(h) != std::string::npos)) {
      return h;
    }
  }
  // og:title is usually clean; split it only when it is a copy of <title> with
  // the suffix.
  if (!meta.empty()) return meta == tag ? FromParts(meta, headings) : meta;
  if (!tag.empty()) return FromParts(tag, headings);
  return headings.empty() ? "" : headings.front();
}

}  // namespace newswatch
