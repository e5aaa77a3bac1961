// The `html-list` source: a list page (typically a government 信息公开 or 新闻 column) whose
// items are picked by XPath; each item gives a link (relative links resolve against the page)
// and optionally a title and a date; the article pages are then fetched and extracted, the
// list's title and date filling what a page lacks. The first N list pages can be fetched.
// Every XPath is compiled when the configuration loads; a bad one names its line.
// Thread-safety: see Source.
#pragma once

#include "daemon/sources/source_registry.h"

namespace newswatch {

SourceType HtmlListSourceType();

}  // namespace newswatch
