#include "daemon/net/address_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>
#include <string>

namespace newswatch {

namespace {

bool IsPublicV4(uint32_t a) {  // host byte order
  auto in = [a](uint32_t net, int bits) {
    uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
    return (a & mask) == net;
  };
  return !(in(0x00000000, 8) ||     // 0.0.0.0/8 "this network"
           in(0x0A000000, 8) ||     // 10/8
           in(0x64400000, 10) ||    // 100.64/10 carrier-grade NAT
           in(0x7F000000, 8) ||     // 127/8 loopback
           in(0xA9FE0000, 16) ||    // 169.254/16 link-local (cloud metadata lives here)
           in(0xAC100000, 12) ||    // 172.16/12
           in(0xC0000000, 24) ||    // 192.0.0/24 IETF protocol assignments
           in(0xC0A80000, 16) ||    // 192.168/16
           in(0xC6120000, 15) ||    // 198.18/15 benchmarking
           in(0xE0000000, 4) ||     // multicast
           in(0xF0000000, 4));      // reserved, broadcast
}

bool IsPublicV6(const uint8_t* b) {
  static const uint8_t kZero[16] = {};
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated) carry an IPv4 address.
  bool mapped = std::memcmp(b, kZero, 10) == 0 && b[10] == 0xff && b[11] == 0xff;
  bool compatible = std::memcmp(b, kZero, 12) == 0;
  if (mapped || compatible) {
    uint32_t v4 = (uint32_t{b[12]} << 24) | (uint32_t{b[13]} << 16) | (uint32_t{b[14]} << 8) | b[15];
    return IsPublicV4(v4);  // also rejects :: and ::1 (0.0.0.0 and 0.0.0.1 are in 0/8)
  }
  if (b[0] == 0xff) return false;                        // multicast
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;  // fe80::/10 link-local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return false;  // fec0::/10 site-local
  if ((b[0] & 0xfe) == 0xfc) return false;               // fc00::/7 unique-local
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) {
    // 64:ff9b::/96 NAT64 embeds an IPv4 address in the last 4 bytes.
    uint32_t v4 = (uint32_t{b[12]} << 24) | (uint32_t{b[13]} << 16) | (uint32_t{b[14]} << 8) | b[15];
    return IsPublicV4(v4);
  }
  return true;
}

}  // namespace

bool IsPublicAddress(const struct sockaddr* address) {
  if (address == nullptr) return false;
  if (address->sa_family == AF_INET) {
    sockaddr_in in;
    std::memcpy(&in, address, sizeof(in));
    return IsPublicV4(ntohl(in.sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6;
    std::memcpy(&in6, address, sizeof(in6));
    return IsPublicV6(in6.sin6_addr.s6_addr);
  }
  return false;
}

bool IsPublicAddressText(std::string_view text) {
  std::string s(text);
  sockaddr_in in{};
  if (inet_pton(AF_INET, s.c_str(), &in.sin_addr) == 1) {
    in.sin_family = AF_INET;
    return IsPublicAddress(reinterpret_cast<const sockaddr*>(&in));
  }
  sockaddr_in6 in6{};
  if (inet_pton(AF_INET6, s.c_str(), &in6.sin6_addr) == 1) {
    in6.sin6_family = AF_INET6;
    return IsPublicAddress(reinterpret_cast<const sockaddr*>(&in6));
  }
  return false;
}

}  // namespace newswatch
