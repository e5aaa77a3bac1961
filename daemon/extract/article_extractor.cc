#include "daemon/extract/article_extractor.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "daemon/extract/article_extractor_internal.h"
#include "daemon/extract/byline.h"
#include "daemon/extract/cjk_text.h"
#include "daemon/extract/content_choice.h"
#include "daemon/extract/html_parse.h"
#include "daemon/extract/node_stats.h"
#include "daemon/extract/title_choice.h"
#include "daemon/text/dates.h"
#include "daemon/text/libxml_owners.h"

namespace newswatch {
namespace {

using extract_internal::AppendCollapsed;
using extract_internal::Attr;
using extract_internal::ClassHints;
using extract_internal::CollapseSpaces;
using extract_internal::CountVisible;
using extract_internal::IndexOf;
using extract_internal::IsParagraphTag;
using extract_internal::IsProsePunct;
using extract_internal::IsSpace;
using extract_internal::LinkDensity;
using extract_internal::Name;
using extract_internal::NextCodePoint;
using extract_internal::NodeStats;
using extract_internal::TagKind;
using extract_internal::TrimSpaces;

// Deeper nesting than this is treated as opaque: real pages stay far below it,
// and hostile ones must not exhaust the stack.
constexpr int kMaxDepth = 400;

// <video> and <audio> are invisible: what they hold besides their sources is
// fallback text ("您的浏览器暂时无法播放此视频") shown only by browsers that
// cannot play them.
TagKind ClassifyTag(std::string_view name) {
  static const std::unordered_map<std::string_view, TagKind> kTags = {
      {"a", TagKind::kInline},           {"span", TagKind::kInline},
      {"font", TagKind::kInline},        {"strong", TagKind::kInline},
      {"b", TagKind::kInline},           {"em", TagKind::kInline},
      {"i", TagKind::kInline},           {"u", TagKind::kInline},
      {"img", TagKind::kInline},         {"sup", TagKind::kInline},
      {"sub", TagKind::kInline},         {"small", TagKind::kInline},
      {"big", TagKind::kInline},         {"label", TagKind::kInline},
      {"abbr", TagKind::kInline},        {"cite", TagKind::kInline},
      {"code", TagKind::kInline},        {"mark", TagKind::kInline},
      {"q", TagKind::kInline},           {"s", TagKind::kInline},
      {"strike", TagKind::kInline},      {"tt", TagKind::kInline},
      {"var", TagKind::kInline},         {"time", TagKind::kInline},
      {"ins", TagKind::kInline},         {"del", TagKind::kInline},
      {"wbr", TagKind::kInline},         {"nobr", TagKind::kInline},
      {"br", TagKind::kBreak},           {"script", TagKind::kInvisible},
      {"style", TagKind::kInvisible},    {"noscript", TagKind::kInvisible},
      {"template", TagKind::kInvisible}, {"head", TagKind::kInvisible},
      {"title", TagKind::kInvisible},    {"meta", TagKind::kInvisible},
      {"link", TagKind::kInvisible},     {"svg", TagKind::kInvisible},
      {"canvas", TagKind::kInvisible},   {"object", TagKind::kInvisible},
      {"embed", TagKind::kInvisible},    {"iframe", TagKind::kInvisible},
      {"select", TagKind::kInvisible},   {"option", TagKind::kInvisible},
      {"textarea", TagKind::kInvisible}, {"button", TagKind::kDrop},
      {"input", TagKind::kDrop},  // <form> is kept: CMSs (VSB) wrap whole articles in one.
      {"video", TagKind::kInvisible},    {"audio", TagKind::kInvisible},
      {"nav", TagKind::kDrop},           {"aside", TagKind::kDrop},
      {"footer", TagKind::kDrop},        {"header", TagKind::kDrop},
      {"menu", TagKind::kDrop},          {"dialog", TagKind::kDrop},
  };
  auto it = kTags.find(name);
  return it == kTags.end() ? TagKind::kBlock : it->second;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// class/id tokens split on anything not a letter or digit.
std::vector<std::string_view> Tokens(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    const bool alnum =
        i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'));
    if (!alnum) {
      if (i > start) out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// Readability-style hints from class and id. Long words match inside tokens
// ("articleBody"), short ones only as whole tokens ("ad" must not match
// "head").
ClassHints HintsFor(const xmlNode* n) {
  ClassHints hints;
  std::string_view cls = Attr(n, "class");
  std::string_view id = Attr(n, "id");
  if (cls.empty() && id.empty()) return hints;
  std::string both = Lower(cls);
  both.push_back(' ');
  both += Lower(id);
  // Pages repeat their class names: the hints of a class/id string are worked out once per
  // thread (profiled: 13 % of extraction before).
  thread_local std::unordered_map<std::string, ClassHints> known;
  if (const auto it = known.find(both); it != known.end()) return it->second;
  static constexpr std::array<std::string_view, 13> kPositiveParts = {
      "content", "article",  "artibody", "trs_editor", "zoom", "story",  "entry",
      "detail",  "zhengwen", "post",     "text",       "main", "neirong"};
  static constexpr std::array<std::string_view, 6> kPositiveTokens = {"body", "zw", "con",
                                                                      "txt",  "wz", "news"};
  static constexpr std::array<std::string_view, 19> kNegativeParts = {
      "comment",    "share",     "qrcode",  "related",   "recommend", "sidebar", "footer",
      "breadcrumb", "copyright", "advert",  "banner",    "navbar",    "toolbar", "login",
      "erweima",    "tuijian",   "pinglun", "xiangguan", "loading"};
  static constexpr std::array<std::string_view, 19> kNegativeTokens = {
      "nav", "menu",  "ad", "ads",    "side", "foot", "hot",    "rank",   "tags",  "xgxw",
      "ewm", "crumb", "gg", "header", "head", "top",  "bottom", "topbar", "social"};
  for (std::string_view p : kPositiveParts) {
    if (both.find(p) != std::string::npos) hints.positive = true;
  }
  for (std::string_view p : kNegativeParts) {
    if (both.find(p) != std::string::npos) hints.negative = true;
  }
  for (std::string_view tok : Tokens(both)) {
    for (std::string_view p : kPositiveTokens) hints.positive = hints.positive || tok == p;
    for (std::string_view p : kNegativeTokens) hints.negative = hints.negative || tok == p;
  }
  // Bounded: at most 8,192 short strings (a hostile page's megabyte-long class names are not
  // kept across pages).
  if (both.size() > 256) return hints;
  if (known.size() >= 8192) known.clear();
  known.emplace(std::move(both), hints);
  return hints;
}

bool IsHidden(const xmlNode* n) {
  if (xmlHasProp(n, reinterpret_cast<const xmlChar*>("hidden")) != nullptr) return true;
  std::string style = Lower(Attr(n, "style"));
  if (style.empty()) return false;
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  return style.find("display:none") != std::string::npos ||
         style.find("visibility:hidden") != std::string::npos;
}

// What the page says about itself outside the body.
struct PageMeta {
  std::vector<std::pair<std::string, std::string>> metas;  // lower-case key, content
  std::string title_tag;
  std::vector<std::string> h1;
  std::vector<std::string> h2;
  std::vector<std::string> json_ld;
  std::string time_datetime;  // first <time datetime> / itemprop=datePublished value
};

std::string NodeText(const xmlNode* n, int depth = 0) {
  std::string out;
  if (depth > kMaxDepth) return out;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content != nullptr) out += reinterpret_cast<const char*>(c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      const TagKind k = ClassifyTag(Name(c));
      if (k == TagKind::kInvisible) continue;
      if (k != TagKind::kInline) out.push_back(' ');
      out += NodeText(c, depth + 1);
    }
  }
  return out;
}

// One DOM pass: per-element statistics, the page's visible text (for dates and
// bylines near the title), and the metadata elements.
class PageScan {
 public:
  PageScan(bool use_class_hints, PageMeta* meta) : use_class_hints_(use_class_hints), meta_(meta) {}

  void Run(xmlNode* root) {
    stats_.reserve(4096);
    Visit(root, -1, -1, false, false, 0);
  }

  std::vector<NodeStats>& stats() { return stats_; }
  const std::string& page_text() const { return page_text_; }
  // Visible text outside links anywhere in the page, dropped elements included.
  size_t unlinked_text() const { return unlinked_text_; }

 private:
  void AddText(std::string_view text, int element, int unit, bool in_link, bool dropped) {
    // Whitespace between elements separates words ("<span>GameForce</span> <span>2019-..").
    auto space = [this] {
      if (!page_text_.empty() && page_text_.back() != '\n' && page_text_.back() != ' ') {
        page_text_.push_back(' ');
      }
    };
    if (!text.empty() && IsSpace(static_cast<unsigned char>(text.front()))) space();
    // The collapsed text goes straight into the page text, counted on the way.
    const extract_internal::CollapsedCounts counts = AppendCollapsed(text, &page_text_);
    if (!text.empty() && IsSpace(static_cast<unsigned char>(text.back()))) space();
    if (!in_link) unlinked_text_ += counts.visible;
    if (dropped || element < 0) return;
    const uint32_t visible = counts.visible;
    const uint32_t punct = counts.punct;
    NodeStats& e = stats_[element];
    e.text += visible;
    e.punct += punct;
    if (in_link) e.link += visible;
    if (unit >= 0) {
      NodeStats& u = stats_[unit];
      u.own_text += visible;
      u.own_punct += punct;
      if (in_link) u.own_link += visible;
    }
  }

  void CollectMeta(xmlNode* n, std::string_view name) {
    if (name == "meta") {
      std::string_view key = Attr(n, "property");
      if (key.empty()) key = Attr(n, "name");
      if (key.empty()) key = Attr(n, "itemprop");
      std::string_view content = Attr(n, "content");
      if (!key.empty() && !content.empty()) meta_->metas.emplace_back(Lower(key), content);
    } else if (name == "title" && meta_->title_tag.empty()) {
      meta_->title_tag = NodeText(n);
    } else if (name == "h1" && meta_->h1.size() < 8) {
      meta_->h1.push_back(NodeText(n));
    } else if (name == "h2" && meta_->h2.size() < 8) {
      meta_->h2.push_back(NodeText(n));
    } else if (name == "script" && Lower(Attr(n, "type")) == "application/ld+json") {
      meta_->json_ld.push_back(NodeText(n));
    }
    // Most elements have neither attribute: one pass over the attributes to see.
    if (meta_->time_datetime.empty() && n->properties != nullptr && HasTimeAttributes(n)) {
      std::string_view dt = Attr(n, "datetime");
      if (!dt.empty() && (name == "time" || Attr(n, "itemprop") == "datePublished")) {
        meta_->time_datetime = dt;
      } else if (Attr(n, "itemprop") == "datePublished") {
        meta_->time_datetime = Attr(n, "content");
      }
    }
  }

  static bool HasTimeAttributes(const xmlNode* n) {
    for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
      const auto* attr = reinterpret_cast<const char*>(a->name);
      if (std::strcmp(attr, "datetime") == 0 || std::strcmp(attr, "itemprop") == 0) return true;
    }
    return false;
  }

  // <head> and friends hold no text but do hold <meta> and <title>.
  void CollectMetaBelow(xmlNode* n, int depth) {
    if (depth > kMaxDepth) return;
    for (xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      CollectMeta(c, Name(c));
      CollectMetaBelow(c, depth + 1);
    }
  }

  void Visit(xmlNode* n, int parent, int unit, bool in_link, bool dropped, int depth) {
    if (depth > kMaxDepth) return;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content != nullptr) {
        AddText(reinterpret_cast<const char*>(n->content), parent, unit, in_link, dropped);
      }
      return;
    }
    if (n->type != XML_ELEMENT_NODE && n->type != XML_DOCUMENT_NODE &&
        n->type != XML_HTML_DOCUMENT_NODE) {
      return;  // comments, processing instructions, DTDs
    }
    if (n->type != XML_ELEMENT_NODE) {
      for (xmlNode* c = n->children; c != nullptr; c = c->next) {
        Visit(c, parent, unit, in_link, dropped, depth + 1);
      }
      return;
    }
    const std::string_view name = Name(n);
    if (meta_ != nullptr) CollectMeta(n, name);
    const TagKind kind = ClassifyTag(name);
    if (kind == TagKind::kInvisible) {
      if (meta_ != nullptr && depth <= kMaxDepth) CollectMetaBelow(n, depth + 1);
      return;
    }
    if (kind == TagKind::kBreak) {
      page_text_.push_back('\n');
      return;
    }
    const int index = static_cast<int>(stats_.size());
    stats_.emplace_back();
    NodeStats& s = stats_.back();
    s.node = n;
    s.parent = parent;
    s.kind = kind;
    s.hints = HintsFor(n);
    s.page_offset = page_text_.size();
    n->_private = reinterpret_cast<void*>(static_cast<intptr_t>(index) + 1);
    bool drop = dropped || kind == TagKind::kDrop || IsHidden(n);
    if (!drop && use_class_hints_ && s.hints.negative && !s.hints.positive && name != "body" &&
        name != "html" && name != "a") {
      drop = true;
    }
    s.dropped = drop;
    const bool block = kind != TagKind::kInline;
    if (block && !page_text_.empty() && page_text_.back() != '\n') page_text_.push_back('\n');
    const int child_unit = block ? index : unit;
    const bool child_link = in_link || name == "a";
    for (xmlNode* c = n->children; c != nullptr; c = c->next) {
      Visit(c, index, child_unit, child_link, drop, depth + 1);
    }
    if (block && !page_text_.empty() && page_text_.back() != '\n') page_text_.push_back('\n');
    // A link ends a byline value: "来源：<a>某报</a><a>举报</a>".
    if (name == "a" && !page_text_.empty() && page_text_.back() != '\n' &&
        page_text_.back() != ' ') {
      page_text_.push_back(' ');
    }
    stats_[index].page_end = page_text_.size();
    const NodeStats& done = stats_[index];
    if (!done.dropped && parent >= 0) {
      NodeStats& p = stats_[parent];
      p.text += done.text;
      p.link += done.link;
      p.punct += done.punct;
    }
  }

  bool use_class_hints_;
  PageMeta* meta_;
  std::vector<NodeStats> stats_;
  std::string page_text_;
  size_t unlinked_text_ = 0;
};

double TagWeight(std::string_view name) {
  if (name == "div" || name == "article" || name == "section" || name == "main") return 5;
  if (name == "pre" || name == "td" || name == "blockquote") return 3;
  if (name == "ol" || name == "ul" || name == "dl" || name == "dd" || name == "dt" ||
      name == "li" || name == "address") {
    return -3;
  }
  if (name == "h1" || name == "h2" || name == "h3" || name == "h4" || name == "th") return -5;
  return 0;
}

// Credits each paragraph's score to its container and, diminishing, two levels
// above (Readability), with a paragraph's weight from its length and its prose
// punctuation.
// Comment-box notices score nothing, and a list entry without a clause in it ("回复：标题 作者：某
// 2005-3-2") little: forty reply headers must not outweigh the post they answer.
void ScoreParagraphs(std::vector<NodeStats>& stats, std::string_view page_text) {
  for (size_t i = 0; i < stats.size(); ++i) {
    const NodeStats& s = stats[i];
    if (s.dropped || s.kind != TagKind::kBlock || s.own_text < 10) continue;
    if (s.own_link * 2 > s.own_text) continue;
    const std::string_view text = s.page_end > s.page_offset && s.page_end <= page_text.size()
                                      ? page_text.substr(s.page_offset, s.page_end - s.page_offset)
                                      : std::string_view();
    if (s.text < 200 && extract_internal::IsBoilerplateSentence(text)) continue;
    const std::string_view tag = Name(s.node);
    if ((tag == "li" || tag == "dd" || tag == "dt") &&
        extract_internal::IsListEntryWithoutProse(text, s.text)) {
      const int parent = s.parent;
      if (parent >= 0) stats[parent].content_score += 0.2;
      continue;
    }
    const double score = 1.0 + s.own_punct + std::min(s.own_text / 100.0, 3.0);
    int target = IsParagraphTag(Name(s.node)) ? s.parent : static_cast<int>(i);
    for (int level = 0; level < 3 && target >= 0; ++level) {
      const double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
      stats[target].content_score += score / divider;
      target = stats[target].parent;
    }
  }
}

double FinalScore(const NodeStats& s) {
  double score = s.content_score + TagWeight(Name(s.node));
  if (s.hints.positive) score += 25;
  if (s.hints.negative) score -= 25;
  return score * (1.0 - LinkDensity(s));
}

// A container inside the article that is mostly link text: a related-stories
// or "reported by" list, a tag cloud, a pager. Removed whole, so that its
// non-link labels, dates and outlet names do not survive as short lines.
// Blocks with prose punctuation are kept whatever their links (Readability's
// conditional cleaning spares blocks with many commas).
bool IsLinkBlock(const NodeStats& s) {
  if (s.kind != TagKind::kBlock || IsParagraphTag(Name(s.node)) || s.punct >= 10) return false;
  return s.link * 2 > s.text;
}

// A sibling's standing next to the top candidate: its content, without the
// bonus of a positive class hint.
double SiblingScore(const NodeStats& s) {
  double score = s.content_score + TagWeight(Name(s.node));
  if (s.hints.negative) score -= 25;
  return score * (1.0 - LinkDensity(s));
}

// One emitted line of body text.
struct Line {
  std::string text;
  uint32_t visible = 0;
  uint32_t link = 0;
};

class BodyWriter {
 public:
  explicit BodyWriter(const std::vector<NodeStats>& stats) : stats_(stats) {}

  void Write(const xmlNode* n, bool in_link, int depth) {
    if (depth > kMaxDepth) return;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content == nullptr) return;
      std::string_view t = reinterpret_cast<const char*>(n->content);
      current_ += t;
      const auto visible = static_cast<uint32_t>(CountVisible(t));
      visible_ += visible;
      if (in_link) link_ += visible;
      return;
    }
    if (n->type != XML_ELEMENT_NODE) return;
    const TagKind kind = ClassifyTag(Name(n));
    if (kind == TagKind::kInvisible) return;
    if (kind == TagKind::kBreak) {
      Flush();
      return;
    }
    const int index = IndexOf(n);
    if (index >= 0 && stats_[index].dropped) return;
    if (index >= 0 && depth > 0 && IsLinkBlock(stats_[index])) return;
    const bool block = kind != TagKind::kInline;
    if (block) Flush();
    const bool child_link = in_link || Name(n) == "a";
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      Write(c, child_link, depth + 1);
    }
    if (block) Flush();
  }

  void Flush() {
    if (visible_ > 0) {
      lines_.push_back({CollapseSpaces(current_), visible_, link_});
    }
    current_.clear();
    visible_ = 0;
    link_ = 0;
  }

  std::vector<Line>& lines() { return lines_; }

 private:
  const std::vector<NodeStats>& stats_;
  std::vector<Line> lines_;
  std::string current_;
  uint32_t visible_ = 0;
  uint32_t link_ = 0;
};

// The top candidate and the siblings that belong with it, in document order.
// The best-scoring element, or with `within` >= 0 the best one in that subtree (`within` itself
// when nothing inside it scores). -1 when nothing scores.
int TopCandidate(const std::vector<NodeStats>& stats, int within) {
  int top = -1;
  double top_score = 0;
  for (size_t i = within < 0 ? 0 : static_cast<size_t>(within); i < stats.size(); ++i) {
    const NodeStats& s = stats[i];
    if (s.dropped || s.content_score <= 0) continue;
    // Elements are numbered in document order: a subtree is a contiguous run from its root.
    if (within >= 0 && !extract_internal::IsWithin(stats, static_cast<int>(i), within)) {
      if (s.page_offset >= stats[within].page_end) break;
      continue;
    }
    const double score = FinalScore(s);
    if (top < 0 || score > top_score) {
      top = static_cast<int>(i);
      top_score = score;
    }
  }
  return top < 0 ? within : top;
}

std::vector<const xmlNode*> PickContentNodes(const std::vector<NodeStats>& stats, int top) {
  std::vector<const xmlNode*> nodes;
  if (top < 0) return nodes;
  const NodeStats& t = stats[top];
  const double top_score = FinalScore(t);
  if (t.parent < 0) {
    nodes.push_back(t.node);
    return nodes;
  }
  const double threshold = std::max(10.0, top_score * 0.2);
  const std::string_view top_class = Attr(t.node, "class");
  for (const xmlNode* c = stats[t.parent].node->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const int i = IndexOf(c);
    if (i < 0) continue;
    const NodeStats& s = stats[i];
    if (i == top) {
      nodes.push_back(c);
      continue;
    }
    if (s.dropped || s.text == 0) continue;
    // Class hints pick the container; a sibling joins on what it holds. The
    // bar is lower only for a sibling sharing the top's class (an article
    // split into several "content" blocks), as in Readability.
    const std::string_view cls = Attr(c, "class");
    const double bar = !cls.empty() && cls == top_class ? threshold - top_score * 0.2 : threshold;
    bool keep = s.content_score > 0 && SiblingScore(s) >= bar;
    if (!keep && IsParagraphTag(Name(c))) {
      const double ld = LinkDensity(s);
      keep = (s.text > 80 && ld < 0.25) || (s.punct > 0 && ld == 0);
    }
    if (keep) nodes.push_back(c);
  }
  return nodes;
}

bool ContainsAny(std::string_view s, std::initializer_list<std::string_view> words) {
  for (std::string_view w : words) {
    if (s.find(w) != std::string_view::npos) return true;
  }
  return false;
}

// Site chrome that survives inside content blocks: the site's copyright
// footer, share prompts, pagers. An article's own reprint notice ("本文为…
// 独家稿件，未经授权不得转载") is not chrome: like the editor line, the
// publisher printed it with the article, and readers' cuts keep it.
bool IsChromeLine(const Line& line) {
  if (extract_internal::IsBoilerplateSentence(line.text)) return true;
  if (line.visible <= 120 &&
      ContainsAny(line.text, {"版权所有", "Copyright", "copyright", "©", "ICP备", "ICP证"})) {
    return true;
  }
  if (line.visible <= 30 &&
      ContainsAny(line.text, {"分享到", "二维码", "扫一扫", "打印本页", "关闭窗口", "【打印】",
                              "【关闭】", "字号", "返回顶部", "上一篇", "下一篇", "点击数"})) {
    return true;
  }
  // A line that is all link text and no sentence is navigation (a related
  // story, a pager); a line with its own words beside a link ("美樹營地資訊",
  // "此前报道：<a>…</a>") is the article speaking. Lists of links as a whole
  // are removed as blocks (IsLinkBlock).
  if (line.link * 10 >= line.visible * 9 && line.text.find("。") == std::string::npos) return true;
  return false;
}

// Who and where from, as the byline fields name them; `editor` (责任编辑/编辑) is the author of
// last resort.
struct BylineHarvest {
  std::string author, source, editor;
};

void Harvest(const std::vector<BylineField>& fields, BylineHarvest* out) {
  for (const BylineField& f : fields) {
    if (f.kind == BylineKind::kSource && out->source.empty() && !f.value.empty() &&
        CountVisible(f.value) <= 30) {
      out->source = f.value;
    } else if (f.kind == BylineKind::kAuthor && out->author.empty() && !IsOutletName(f.value)) {
      out->author = CleanAuthor(f.value);
    } else if (f.kind == BylineKind::kEditor && out->editor.empty()) {
      out->editor = CleanAuthor(f.value);
    }
  }
}

// A meta tag's date as the CMSs write it: gov.cn's "2023-04-18-09:30:00" joins date and time
// with a hyphen; other values hold a date inside other text.
std::optional<Timestamp> MetaDate(std::string candidate, int32_t offset) {
  if (candidate.size() >= 16 && candidate[4] == '-' && candidate[7] == '-' &&
      candidate[10] == '-' && candidate[13] == ':') {
    candidate[10] = ' ';
  }
  if (auto t = ParseDate(candidate, offset)) return t;
  if (auto found = FindDateInText(candidate, offset)) return found->time;
  return std::nullopt;
}

std::string MetaValue(const PageMeta& meta, std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    for (const auto& [k, v] : meta.metas) {
      if (k == key && CountVisible(v) > 0) return v;
    }
  }
  return "";
}

// Looks for "datePublished", "headline" and "author" in JSON-LD blocks, @graph
// included.
void ScanJsonLd(const nlohmann::json& j, std::string* date, std::string* headline,
                std::string* author, int depth = 0) {
  if (depth > 8) return;
  if (j.is_array()) {
    for (const auto& e : j) ScanJsonLd(e, date, headline, author, depth + 1);
    return;
  }
  if (!j.is_object()) return;
  if (date->empty() && j.contains("datePublished") && j["datePublished"].is_string()) {
    *date = j["datePublished"].get<std::string>();
  }
  if (headline->empty() && j.contains("headline") && j["headline"].is_string()) {
    *headline = j["headline"].get<std::string>();
  }
  if (author->empty() && j.contains("author")) {
    const auto& a = j["author"];
    const auto& first = a.is_array() && !a.empty() ? a[0] : a;
    if (first.is_string()) *author = first.get<std::string>();
    if (first.is_object() && first.contains("name") && first["name"].is_string()) {
      *author = first["name"].get<std::string>();
    }
  }
  if (j.contains("@graph")) ScanJsonLd(j["@graph"], date, headline, author, depth + 1);
}

// The first editor named by a 责任编辑/编辑 line in the page text from `from` on (within 20,000
// bytes), cleaned; "" when none.
std::string EditorAfter(std::string_view page_text, size_t from) {
  if (from >= page_text.size()) return "";
  const std::string_view rest = page_text.substr(from, 20000);
  for (std::string_view label : {"责任编辑", "编辑"}) {
    for (size_t at = rest.find(label); at != std::string_view::npos;
         at = rest.find(label, at + label.size())) {
      size_t line_begin = rest.rfind('\n', at);
      line_begin = line_begin == std::string_view::npos ? 0 : line_begin + 1;
      size_t line_end = rest.find('\n', at);
      if (line_end == std::string_view::npos) line_end = rest.size();
      for (const BylineField& f :
           FindBylineFields(rest.substr(line_begin, line_end - line_begin))) {
        if (f.kind != BylineKind::kEditor) continue;
        if (std::string name = CleanAuthor(f.value); !name.empty()) return name;
      }
    }
  }
  return "";
}

// A date in the URL ("/2019-12/10/", "/20191210/", "t20190522_",
// "/2019/12/10/"): day only.
std::optional<Timestamp> DateFromUrl(std::string_view url, int32_t offset) {
  for (size_t i = 0; i + 8 <= url.size(); ++i) {
    if (i > 0 && url[i - 1] >= '0' && url[i - 1] <= '9') continue;
    auto digits = [&](size_t at, size_t n) {
      if (at + n > url.size()) return false;
      for (size_t k = 0; k < n; ++k) {
        if (url[at + k] < '0' || url[at + k] > '9') return false;
      }
      return true;
    };
    if (!digits(i, 4) || (url[i] != '1' && url[i] != '2')) continue;
    std::string ymd;
    if (digits(i, 8) && (i + 8 == url.size() || url[i + 8] < '0' || url[i + 8] > '9')) {
      ymd = std::string(url.substr(i, 4)) + "-" + std::string(url.substr(i + 4, 2)) + "-" +
            std::string(url.substr(i + 6, 2));
    } else if ((url[i + 4] == '-' || url[i + 4] == '/') && digits(i + 5, 2) &&
               (url[i + 7] == '/' || url[i + 7] == '-') && digits(i + 8, 2)) {
      ymd = std::string(url.substr(i, 4)) + "-" + std::string(url.substr(i + 5, 2)) + "-" +
            std::string(url.substr(i + 8, 2));
    }
    if (ymd.empty()) continue;
    if (auto t = ParseDate(ymd, offset)) return t;
  }
  return std::nullopt;
}

// A date right after a label such as "发布时间：".
std::optional<Timestamp> LabelledDate(std::string_view text, int32_t offset) {
  static constexpr std::array<std::string_view, 14> kLabels = {
      "发布时间", "发布日期", "发表时间", "发稿时间", "成文日期", "更新时间", "发文日期",
      "发表于",   "发布于",   "时间：",   "日期：",   "时间:",    "日期:",    "时间 "};
  for (std::string_view label : kLabels) {
    for (size_t at = text.find(label); at != std::string_view::npos;
         at = text.find(label, at + 1)) {
      const size_t from = at + label.size();
      std::string_view window = text.substr(from, 80);
      auto found = FindDateInText(window, offset);
      if (found && found->begin <= 12) return found->time;
    }
  }
  return std::nullopt;
}

struct BodyResult {
  std::vector<Line> lines;
  size_t content_offset = 0;  // page-text offset where the content starts
  size_t visible = 0;
  size_t prose = 0;          // LineProse of the lines that are not chrome
  size_t page_prose = 0;     // visible text of <body> outside links and dropped elements
  size_t page_unlinked = 0;  // visible text outside links, dropped elements included
};

BodyResult ExtractBody(xmlNode* root, bool use_class_hints, std::string_view url, PageMeta* meta,
                       std::string* page_text) {
  PageScan scan(use_class_hints, meta);
  scan.Run(root);
  std::vector<NodeStats>& stats = scan.stats();
  ScoreParagraphs(stats, scan.page_text());
  int top = TopCandidate(stats, -1);
  // A thread's article is its first post (or the one the URL names), whichever post scores best.
  if (const int post = extract_internal::ThreadPost(stats, top, url); post != top) {
    top = TopCandidate(stats, post);
  }
  std::vector<const xmlNode*> nodes = PickContentNodes(stats, top);
  BodyResult result;
  BodyWriter writer(stats);
  if (nodes.empty()) {
    // No paragraph anywhere: fall back to <body> when it holds text at all.
    for (const NodeStats& s : stats) {
      if (Name(s.node) == "body" && !s.dropped && s.text > 0) {
        nodes.push_back(s.node);
        result.content_offset = s.page_offset;
        break;
      }
    }
  } else {
    result.content_offset = stats[IndexOf(nodes.front())].page_offset;
  }
  for (const xmlNode* n : nodes) writer.Write(n, false, 0);
  writer.Flush();
  result.lines = std::move(writer.lines());
  for (const Line& l : result.lines) {
    result.visible += l.visible;
    if (!IsChromeLine(l)) result.prose += extract_internal::LineProse(l.text, l.visible);
  }
  for (const NodeStats& s : stats) {
    if (Name(s.node) == "body" && !s.dropped) result.page_prose = s.text - s.link;
  }
  result.page_unlinked = scan.unlinked_text();
  if (page_text != nullptr) *page_text = scan.page_text();
  return result;
}

}  // namespace

Result<ExtractedArticle> ExtractArticle(std::string_view html_utf8, const ExtractOptions& options) {
  return extract_internal::ExtractArticleParsing(html_utf8, options, /*fast=*/true);
}

Result<ExtractedArticle> extract_internal::ExtractArticleParsing(std::string_view html_utf8,
                                                                 const ExtractOptions& options,
                                                                 bool fast) {
  if (html_utf8.empty()) return ParseError("empty page");
  if (html_utf8.size() > static_cast<size_t>(INT_MAX)) return ParseError("page too large");
  const ParsedHtml parsed =
      ParseHtmlPage(html_utf8, options.url.empty() ? nullptr : options.url.c_str(),
                    fast ? HtmlParseMode::kFast : HtmlParseMode::kPlain);
  if (!parsed.doc) return ParseError("HTML parser produced no document");
  xmlNode* root = reinterpret_cast<xmlNode*>(parsed.doc.get());

  PageMeta meta;
  std::string page_text;
  BodyResult body = ExtractBody(root, /*use_class_hints=*/true, options.url, &meta, &page_text);
  // Class hints can remove the article itself (class="comment-free
  // content-side") or crown a caption; retry without them when they left too
  // little (Readability does the same), or a cut whose prose is a small part of
  // the page's text: choose again when the plain choice holds much more prose.
  if (body.visible < 100 || body.prose < 100 || body.prose * 5 < body.page_unlinked) {
    BodyResult plain = ExtractBody(root, /*use_class_hints=*/false, options.url, nullptr, nullptr);
    const bool too_little = body.visible < 100 && plain.visible > body.visible * 2;
    const bool small_part = plain.prose > body.prose * 3 && body.prose * 5 < plain.page_prose;
    if (too_little || small_part) body = std::move(plain);
  }
  if (body.visible < 10) return ParseError("no article body found");

  ExtractedArticle article;
  const int32_t offset = options.default_offset_minutes;

  // Title.
  std::string ld_date;
  std::string ld_headline;
  std::string ld_author;
  for (const std::string& block : meta.json_ld) {
    nlohmann::json j = nlohmann::json::parse(block, nullptr, /*allow_exceptions=*/false);
    if (!j.is_discarded()) ScanJsonLd(j, &ld_date, &ld_headline, &ld_author);
  }
  TitleEvidence evidence;
  evidence.meta_title = MetaValue(meta, {"og:title", "title", "articletitle", "twitter:title"});
  if (evidence.meta_title.empty()) evidence.meta_title = ld_headline;
  evidence.title_tag = meta.title_tag;
  evidence.headings = meta.h1;
  evidence.headings.insert(evidence.headings.end(), meta.h2.begin(), meta.h2.end());
  article.title = ChooseTitle(evidence);

  // The region between the title and the body holds the date/source/author
  // line.
  size_t title_pos = std::string::npos;
  if (!article.title.empty()) {
    title_pos = page_text.find(article.title);
    if (title_pos == std::string::npos) {
      // Titles split across elements: look for their first few characters.
      std::string head;
      size_t pos = 0;
      for (int k = 0; k < 8 && pos < article.title.size(); ++k) {
        NextCodePoint(article.title, &pos);
      }
      head = article.title.substr(0, pos);
      if (CountVisible(head) >= 4) title_pos = page_text.find(head);
    }
  }
  size_t region_begin = 0;
  size_t region_end = 0;
  if (title_pos != std::string::npos) {
    region_begin = title_pos + article.title.size();
    region_end = body.content_offset > region_begin
                     ? std::min(body.content_offset, region_begin + 1500)
                     : region_begin + 800;
  } else {
    region_end = body.content_offset;
    region_begin = region_end > 1000 ? region_end - 1000 : 0;
  }
  region_end = std::min(region_end, page_text.size());
  region_begin = std::min(region_begin, region_end);
  std::string_view region(page_text.data() + region_begin, region_end - region_begin);

  // Body lines: drop chrome, the repeated title and a bare timestamp opening
  // the body. Byline lines inside the body ("（原标题：…）", "本文来源：…",
  // "责任编辑：…", "记者 某某") stay: the publisher printed them as part of the
  // article and readers' cuts of it keep them (readability-zh, GNE); their
  // fields also give author and source.
  BylineHarvest in_body;
  std::vector<std::string> paragraphs;
  const size_t title_visible = CountVisible(article.title);
  for (size_t i = 0; i < body.lines.size(); ++i) {
    Line& line = body.lines[i];
    if (IsChromeLine(line)) continue;
    const bool byline = IsBylineLine(line.text);
    if (byline) {
      Harvest(FindBylineFields(line.text), &in_body);
    } else {
      std::vector<BylineField> note;
      StripTrailingBylineNote(line.text, &note);
      Harvest(note, &in_body);
    }
    // The headline repeated at the top of the body, also with a badge beside
    // it ("<span>原创</span>标题", "标题[组图]"); "原标题：…" is a byline line.
    if (paragraphs.empty() && !byline && title_visible > 0 && line.visible <= title_visible + 4 &&
        CollapseSpaces(line.text).find(article.title) != std::string::npos) {
      continue;
    }
    // A bare timestamp line opening the body ("2019-12-10 08:23:11",
    // "2023年3月1日 14:30 来源：某某日报") is metadata.
    if (paragraphs.size() < 3 && line.visible <= 30) {
      auto found = FindDateInText(line.text, offset);
      if (found && CountVisible(std::string_view(line.text).substr(found->begin,
                                                                   found->end - found->begin)) *
                           2 >=
                       line.visible) {
        continue;
      }
    }
    paragraphs.push_back(std::move(line.text));
  }
  for (const std::string& p : paragraphs) {
    if (!article.text.empty()) article.text.push_back('\n');
    article.text += p;
  }
  if (CountVisible(article.text) == 0) return ParseError("no article body found");

  // Source and author.
  BylineHarvest in_region;
  size_t line_begin = 0;
  while (line_begin < region.size()) {
    size_t line_end = region.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = region.size();
    Harvest(FindBylineFields(region.substr(line_begin, line_end - line_begin)), &in_region);
    line_begin = line_end + 1;
  }
  article.source = !in_region.source.empty() ? in_region.source : in_body.source;
  if (article.source.empty()) {
    std::string meta_source =
        MetaValue(meta, {"source", "contentsource", "article:source", "og:article:source"});
    std::vector<BylineField> fields = FindBylineFields(meta_source);
    if (!fields.empty() && fields.front().kind == BylineKind::kSource) {
      article.source = fields.front().value;
    } else if (CountVisible(meta_source) <= 30) {
      article.source = std::string(TrimSpaces(meta_source));
    }
  }
  article.author =
      CleanAuthor(MetaValue(meta, {"author", "article:author", "byline", "dc.creator"}));
  // Many sites put their own name (or a template placeholder) in <meta
  // name="author">.
  if (article.author.find('@') != std::string::npos ||
      (!article.author.empty() && meta.title_tag.find(article.author) != std::string::npos) ||
      article.author == article.source || IsOutletName(article.author)) {
    article.author.clear();
  }
  if (article.author.empty()) article.author = CleanAuthor(ld_author);
  if (article.author.empty()) article.author = in_region.author;
  if (article.author.empty()) article.author = in_body.author;
  if (article.author.empty()) article.author = in_region.editor;
  if (article.author.empty()) article.author = in_body.editor;
  // The editor line often sits just after the article block ("[责任编辑：某某 PK155]").
  if (article.author.empty()) article.author = EditorAfter(page_text, body.content_offset);

  // Publication time: declared metadata first, then what the page shows near
  // the title.
  const std::string meta_date =
      MetaValue(meta, {"article:published_time", "og:release_date", "pubdate", "publishdate",
                       "publish_date", "publish-date", "publishtime", "pubtime", "releasedate",
                       "datepublished", "dc.date.issued", "dc.date", "sailthru.date",
                       "weibo:article:create_at", "firstpublishedtime"});
  for (const std::string& candidate : {meta_date, ld_date, meta.time_datetime}) {
    if (candidate.empty()) continue;
    if (auto t = MetaDate(candidate, offset)) {
      article.published = t;
      break;
    }
  }
  std::optional<Timestamp> shown = LabelledDate(region, offset);
  if (!shown) {
    if (auto found = FindDateInText(region, offset)) shown = found->time;
  }
  // A date-only meta value ("2019-06-15") is refined by the same day's time
  // shown on the page.
  if (article.published && shown &&
      article.published->utc_offset_minutes == shown->utc_offset_minutes) {
    const int64_t local =
        article.published->unix_seconds + article.published->utc_offset_minutes * 60;
    if (local % 86400 == 0 && shown->unix_seconds >= article.published->unix_seconds &&
        shown->unix_seconds < article.published->unix_seconds + 86400) {
      article.published = shown;
    }
  }
  if (!article.published) article.published = shown;
  if (!article.published) {
    const size_t from = title_pos == std::string::npos ? 0 : title_pos;
    std::string_view rest(
        page_text.data() + std::min(from, page_text.size()),
        std::min<size_t>(page_text.size() - std::min(from, page_text.size()), 20000));
    article.published = LabelledDate(rest, offset);
    if (!article.published) {
      if (auto found = FindDateInText(rest, offset)) article.published = found->time;
    }
  }
  if (!article.published) article.published = DateFromUrl(options.url, offset);
  return article;
}

}  // namespace newswatch
