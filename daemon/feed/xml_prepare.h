// PrepareXml: the decoded text of a feed rewritten for libxml2, which then needs no DTD, no
// entity definitions and no charset conversion. Drops the XML declaration (the text is UTF-8 now,
// whatever it declared) and any DOCTYPE, turns HTML named entities into numeric references and
// stray '&' into "&amp;", and keeps CDATA sections, comments and processing instructions as they
// are. Optionally sets long non-ASCII text aside (text_stash.h).
// Thread-safety: a pure function.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "daemon/feed/text_stash.h"

namespace newswatch {

// Returns the rewritten document: a part of `s` itself when only leading whitespace and the XML
// declaration go (no copy), else the text written into `storage`. Counts in `fixes` what made
// the input not well-formed (a DOCTYPE dropped, an unknown entity or a stray '&' escaped, an
// internal-subset entity substituted). With a `stash`, long runs of non-ASCII text outside
// markup are moved into it and replaced by markers, unless TextStash::Usable says the document
// cannot use one; the runs point into `s`, which must outlive the stash.
std::string_view PrepareXml(std::string_view s, size_t& fixes, TextStash* stash,
                            std::string& storage);

}  // namespace newswatch
