// SanitizeHtml: HTML taken from the web (a feed's summary or content) made safe to show inside
// another page (the dashboard, chat cards). An allow-list of elements and attributes: scripts,
// styles, frames and applets go with their content, other unknown elements lose their tags but
// keep their text, event handlers and unknown attributes go, URLs must be http(s), ftp, mailto
// or similar (never javascript:, vbscript: or data:), relative URLs resolve against the base,
// and inline styles keep only properties that cannot hide, move or overlay anything. The output
// is balanced: every element opened is closed, so nothing bleeds into the surrounding page.
// Thread-safety: a pure function.
#pragma once

#include <string>
#include <string_view>

namespace newswatch {

struct SanitizeOptions {
  std::string base_url;  // relative href/src values resolve against it; "" leaves them relative
};

// Returns the sanitized markup (UTF-8 in, UTF-8 out; whitespace at both ends trimmed). Never
// fails: what cannot be read as markup is kept as escaped text. Attributes are written in name
// order with double quotes, void elements as "<br />".
std::string SanitizeHtml(std::string_view html, const SanitizeOptions& options);

}  // namespace newswatch
