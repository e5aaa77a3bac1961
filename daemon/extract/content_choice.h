// Second opinions on the extractor's choice of content block: comment-box disclaimers that must
// never count as prose, how much prose a chosen cut really holds, and threads (multi-post blog
// pages, forum threads) where the article is the first post or the post the URL names.
// Internal to nw_extract. Thread-safety: pure functions over one page's stats.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "daemon/extract/node_stats.h"

namespace newswatch::extract_internal {

// True for the short notices sites print around comment boxes and forms ("您要为您所发的言论的
// 后果负责…", "网友评论仅供其表达个人看法…", "请遵守互联网相关的政策法规…"). Text longer than a
// notice (over 200 visible characters) is prose even when it quotes one.
bool IsBoilerplateSentence(std::string_view text);

// The prose a body line adds to a cut: its visible characters when it reads as running text (has
// clause or sentence punctuation, or is over 40 characters), else 0. Boilerplate counts 0.
uint32_t LineProse(std::string_view line, uint32_t visible);

// True for a short list entry without clause or sentence punctuation ("回复：标题 作者：某 日期"):
// many of them are a list, not an article.
bool IsListEntryWithoutProse(std::string_view text, uint32_t visible);

// For a chosen top candidate `top`, the element whose content is the article when the page is a
// thread: if `top` lies in one of several sibling posts (same tag and class, a post-like class or
// an id with a number, each with text of its own), or holds such posts, returns the post named by
// `url` (fragment "#post-12" or "pid=12" matching the post's id) or else the first post.
// Returns `top` itself when the page is not a thread or `top` already lies in the chosen post.
int ThreadPost(const std::vector<NodeStats>& stats, int top, std::string_view url);

// True if stats[node] is `ancestor` or lies below it.
bool IsWithin(const std::vector<NodeStats>& stats, int node, int ancestor);

}  // namespace newswatch::extract_internal
