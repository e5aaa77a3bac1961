// ResolveReference: RFC 3986 reference resolution without libcurl, for the code paths that must
// start fast (the feed parser and the HTML sanitizer behind `newswatch parse-feed`). It agrees
// with ResolveUrl (url.h, libcurl's URL API) on http(s), ftp and file URLs: scheme lower-cased,
// dot segments removed, an empty path with a host written "/", spaces and non-ASCII bytes of a
// relative reference percent-encoded, control characters refused. Where curl departs from the
// RFC it follows the RFC: "" is the base itself and "#f" the base with that fragment.
// Thread-safety: a pure function.
#pragma once

#include <string>
#include <string_view>

#include "daemon/core/result.h"

namespace newswatch {

// Resolves `reference` against `base`. An absolute reference ("http://...", "file:///...")
// comes back normalized whatever the base. Fails with kInvalidArgument when the reference holds
// control characters, is absolute but not hierarchical ("mailto:x", "javascript:x": callers keep
// those as written), or is relative and `base` is not an absolute hierarchical URL.
Result<std::string> ResolveReference(std::string_view base, std::string_view reference);

}  // namespace newswatch
