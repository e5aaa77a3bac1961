#include "daemon/core/hash.h"

#include <openssl/sha.h>

namespace newswatch {

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * SHA256_DIGEST_LENGTH);
  for (unsigned char b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::string ArticleIdForUrl(std::string_view canonical_url) {
  return Sha256Hex(canonical_url).substr(0, 32);
}

}  // namespace newswatch
