// Parsers for the HTTP response headers that steer polling: Retry-After, Cache-Control max-age,
// Expires and HTTP dates. Pure functions so hostile values are easy to test.
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace newswatch {

// Parses an HTTP date (RFC 9110: IMF-fixdate, obsolete RFC 850 and asctime forms) to unix
// seconds; nullopt if it is not a date.
std::optional<int64_t> ParseHttpDate(std::string_view text);

// Retry-After is delay-seconds or an HTTP date. Returns the delay from `now_unix` (a date in the
// past gives 0); nullopt for anything else (negative numbers, garbage).
std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value, int64_t now_unix);

// The max-age directive of a Cache-Control value ("public, max-age=600"), case-insensitive,
// quoted or not; nullopt if absent or malformed. Huge values saturate at ten years.
std::optional<std::chrono::seconds> ParseCacheControlMaxAge(std::string_view value);

}  // namespace newswatch
