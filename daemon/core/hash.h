// Content hashing for identities: article ids and content hashes.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace newswatch {

// Lower-case hex SHA-256 of `data` (64 characters).
std::string Sha256Hex(std::string_view data);

// The stable article id for a canonical URL: the first 16 bytes of its
// SHA-256, hex (32 characters).
std::string ArticleIdForUrl(std::string_view canonical_url);

}  // namespace newswatch
