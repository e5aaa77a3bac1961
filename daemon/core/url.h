// URL helpers: canonical form for identity, and relative-reference resolution.
// Built on libcurl's URL API (CURLU). Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "daemon/core/result.h"

namespace newswatch {

// Returns the canonical form of an absolute http(s) or file URL: scheme and
// host lower-cased, default port dropped, fragment removed, tracking query
// parameters (utm_*, spm, from, share*, ...) removed, remaining parameters
// kept in their order. Fails with kInvalidArgument for a non-URL.
Result<std::string> CanonicalizeUrl(std::string_view url);

// Resolves `reference` (absolute, relative, or scheme-relative) against
// `base`. Returns `reference` unchanged if it is already absolute.
Result<std::string> ResolveUrl(std::string_view base, std::string_view reference);

// Lower-case host of an absolute URL; empty if none (file URLs).
std::string UrlHost(std::string_view url);

}  // namespace newswatch
