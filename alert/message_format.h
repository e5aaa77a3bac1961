// Message rendering: turns a Notification into Chinese text for people, in the
// dialect each platform understands (WeCom/DingTalk/Feishu markdown, Slack
// mrkdwn, plain text, HTML), within a byte or character budget. Truncation
// drops whole stories first and never cuts a UTF-8 sequence.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "alert/notification.h"

namespace newswatch::alert {

enum class TextDialect {
  kMarkdown,  // WeCom / DingTalk / Feishu lark_md: **bold**, [text](url)
  kSlack,     // Slack mrkdwn: *bold*, <url|text>
  kPlain,     // e-mail text part, exec
};

// How the budget is counted.
enum class SizeUnit { kBytes, kCodePoints };

// One-line title: "【元宇宙政策】上海市杨浦区·行动计划：<first title>（等3条）";
// digests say "免打扰期间汇总". Not truncated.
std::string NotificationTitle(const Notification& n);

// The message body in `dialect`, at most `limit` units. When stories do not
// fit, the tail is replaced by "……另有 N 条未显示". Never returns more than
// `limit` units (a single huge story is cut at a character boundary).
std::string RenderText(const Notification& n, TextDialect dialect, size_t limit,
                       SizeUnit unit = SizeUnit::kBytes);

// A self-contained HTML fragment (escaped) for e-mail.
std::string RenderHtml(const Notification& n);

// `text` cut to at most `max_bytes` bytes at a UTF-8 character boundary.
std::string TruncateUtf8(std::string_view text, size_t max_bytes);

// Number of Unicode code points in UTF-8 `text` (invalid bytes count as one).
size_t CodePointCount(std::string_view text);

// Chinese display names ("action-plan" -> "行动计划"); the input if unknown.
std::string DocumentKindLabel(std::string_view kind);
std::string IssuerLevelLabel(std::string_view level);
std::string LevelLabel(int level);

}  // namespace newswatch::alert
