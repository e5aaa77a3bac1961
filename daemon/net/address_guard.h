// Address guard: decides whether a resolved socket address is a public Internet address, so a
// fetch for an untrusted URL cannot reach loopback, the LAN or cloud metadata services (SSRF).
// Thread-safety: pure functions.
#pragma once

#include <string_view>

struct sockaddr;

namespace newswatch {

// True for an IPv4/IPv6 address that is globally routable. False for loopback, "this network"
// (0/8, ::), private (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10), link-local
// (169.254/16, fe80::/10), unique-local (fc00::/7), multicast, reserved (240/4, broadcast),
// IPv4-mapped/compatible forms of any of those, and any other address family.
bool IsPublicAddress(const struct sockaddr* address);

// The same for a numeric address text ("10.0.0.1", "::1"); false if `text` is not one.
bool IsPublicAddressText(std::string_view text);

}  // namespace newswatch
