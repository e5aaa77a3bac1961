// Signatures and encodings the receivers' platforms require (HMAC-SHA256,
// base64, hex, URL encoding), over OpenSSL. Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace newswatch::alert {

// Raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);
std::string Base64Encode(std::string_view bytes);
std::string HexEncode(std::string_view bytes);
// Percent-encodes everything except unreserved characters (RFC 3986).
std::string UrlEncode(std::string_view text);

}  // namespace newswatch::alert
