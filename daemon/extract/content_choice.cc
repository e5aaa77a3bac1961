#include "daemon/extract/content_choice.h"

#include <array>
#include <string>

#include "daemon/extract/cjk_text.h"

namespace newswatch::extract_internal {
namespace {

bool HasClausePunct(std::string_view text) {
  static constexpr std::array<std::string_view, 9> kPunct = {"，", "。", "！", "？", "；",
                                                             "、", ", ", ". ", "; "};
  for (std::string_view p : kPunct) {
    if (text.find(p) != std::string_view::npos) return true;
  }
  return false;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Posts are containers: a paragraph, a heading or an inline element (an <img id="45395153">) is
// never one.
bool CanBePost(const xmlNode* n) {
  static constexpr std::array<std::string_view, 10> kContainers = {
      "div", "table", "tbody", "tr", "td", "li", "article", "section", "dl", "dd"};
  const std::string_view name = Name(n);
  for (std::string_view c : kContainers) {
    if (name == c) return true;
  }
  return false;
}

// A class or id that names a post of a thread: words blog and forum software use, or an id with a
// number in it ("post-123", "pid4567", "postmessage_2001").
bool PostLikeName(const xmlNode* n) {
  if (!CanBePost(n)) return false;
  const std::string id = LowerAscii(Attr(n, "id"));
  for (char c : id) {
    if (IsDigit(c)) return true;
  }
  const std::string both = LowerAscii(Attr(n, "class")) + " " + id;
  static constexpr std::array<std::string_view, 9> kWords = {
      "post", "entry", "reply", "floor", "msg", "message", "thread", "topic", "blog"};
  for (std::string_view w : kWords) {
    if (both.find(w) != std::string::npos) return true;
  }
  return false;
}

// Tag and class: siblings with the same signature are instances of one template.
std::string Signature(const xmlNode* n) {
  std::string sig(Name(n));
  sig.push_back('.');
  sig += Attr(n, "class");
  return sig;
}

bool HasOwnText(const NodeStats& s) { return !s.dropped && s.text >= s.link + 10; }

// Element children of `parent` sharing the signature of `like`, in document order, each with
// text of its own.
std::vector<int> SameTemplateSiblings(const std::vector<NodeStats>& stats, const xmlNode* parent,
                                      const std::string& signature) {
  std::vector<int> out;
  for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const int i = IndexOf(c);
    if (i < 0 || Signature(c) != signature) continue;
    if (HasOwnText(stats[i])) out.push_back(i);
  }
  return out;
}

// Whether `n` or an element up to `depth` levels below it has a post-like id or class.
bool HoldsPostLikeName(const xmlNode* n, int depth) {
  if (PostLikeName(n)) return true;
  if (depth == 0) return false;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && HoldsPostLikeName(c, depth - 1)) return true;
  }
  return false;
}

// The number in a URL's fragment or pid= parameter ("#post-12", "#pid12", "?tid=3&pid=12"), and
// the fragment itself.
struct UrlPost {
  std::string fragment;
  std::string number;
};

UrlPost PostNamedBy(std::string_view url) {
  UrlPost out;
  if (const size_t hash = url.find('#'); hash != std::string_view::npos) {
    out.fragment = std::string(url.substr(hash + 1));
    for (char c : out.fragment) {
      if (IsDigit(c)) out.number.push_back(c);
    }
  }
  if (out.number.empty()) {
    if (const size_t at = url.find("pid="); at != std::string_view::npos) {
      for (size_t k = at + 4; k < url.size() && IsDigit(url[k]); ++k) out.number.push_back(url[k]);
    }
  }
  return out;
}

// Whether post `n` is the one `named` points at: its id equals the fragment, or the numbers of
// its id (or of an <a name> anchor inside it) equal the named number.
bool IsNamedPost(const xmlNode* n, const UrlPost& named, int depth = 0) {
  for (std::string_view attr : {"id", "name"}) {
    const std::string_view value = Attr(n, attr);
    if (value.empty()) continue;
    if (!named.fragment.empty() && value == named.fragment) return true;
    std::string digits;
    for (char c : value) {
      if (IsDigit(c)) digits.push_back(c);
    }
    if (!named.number.empty() && digits == named.number) return true;
  }
  if (depth >= 3) return false;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && IsNamedPost(c, named, depth + 1)) return true;
  }
  return false;
}

int ChoosePost(const std::vector<NodeStats>& stats, const std::vector<int>& posts,
               std::string_view url) {
  const UrlPost named = PostNamedBy(url);
  if (!named.fragment.empty() || !named.number.empty()) {
    for (int p : posts) {
      if (IsNamedPost(stats[p].node, named)) return p;
    }
  }
  return posts.front();
}

}  // namespace

bool IsBoilerplateSentence(std::string_view text) {
  static constexpr std::array<std::string_view, 14> kNotices = {
      "为您所发的言论的后果负责",
      "为自己所发的言论负责",
      "注意语言文明",
      "遵纪守法并注意",
      "网友评论仅供",
      "仅供网友表达个人看法",
      "仅代表网友个人观点",
      "并不表明本网同意其观点",
      "不代表本站观点",
      "不代表本网观点",
      "请遵守互联网相关的政策法规",
      "请自觉遵守互联网相关",
      "严禁发布色情",
      "发表评论请遵守",
  };
  bool found = false;
  for (std::string_view notice : kNotices) {
    if (text.find(notice) != std::string_view::npos) {
      found = true;
      break;
    }
  }
  return found && CountVisible(text) <= 200;
}

uint32_t LineProse(std::string_view line, uint32_t visible) {
  if (IsBoilerplateSentence(line)) return 0;
  if (visible > 40 || HasClausePunct(line)) return visible;
  return 0;
}

bool IsListEntryWithoutProse(std::string_view text, uint32_t visible) {
  return visible < 60 && !HasClausePunct(text);
}

bool IsWithin(const std::vector<NodeStats>& stats, int node, int ancestor) {
  for (int i = node; i >= 0; i = stats[i].parent) {
    if (i == ancestor) return true;
  }
  return false;
}

int ThreadPost(const std::vector<NodeStats>& stats, int top, std::string_view url) {
  if (top < 0) return top;
  // Posts below the top candidate: the candidate is the thread itself.
  {
    const xmlNode* n = stats[top].node;
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE || IndexOf(c) < 0 || !CanBePost(c)) continue;
      const std::vector<int> posts = SameTemplateSiblings(stats, n, Signature(c));
      if (posts.size() < 2 || !HoldsPostLikeName(c, 4)) continue;
      return ChoosePost(stats, posts, url);
    }
  }
  // The top candidate inside one post of several.
  bool post_like = false;
  int p = top;
  for (int level = 0; level < 6 && p >= 0 && stats[p].parent >= 0; ++level) {
    post_like = post_like || PostLikeName(stats[p].node);
    if (post_like && CanBePost(stats[p].node)) {
      const std::vector<int> posts =
          SameTemplateSiblings(stats, stats[stats[p].parent].node, Signature(stats[p].node));
      if (posts.size() >= 2) {
        const int chosen = ChoosePost(stats, posts, url);
        return chosen == p ? top : chosen;
      }
    }
    p = stats[p].parent;
  }
  return top;
}

}  // namespace newswatch::extract_internal
