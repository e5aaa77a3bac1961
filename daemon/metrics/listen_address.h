// ListenAddress: a "HOST:PORT" text (the daemon's --metrics flag, the
// daemon.metrics option) parsed into host and port.
// Thread-safety: plain values and a pure function.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/core/result.h"

namespace newswatch {

struct ListenAddress {
  std::string host;  // a name or an address; IPv6 without brackets ("::1")
  uint16_t port = 0;  // 0: the operating system chooses

  // "HOST:PORT", with brackets around an IPv6 host.
  std::string ToString() const;
};

// Parses "127.0.0.1:9464", "localhost:0", "[::1]:9464" or "0.0.0.0:9464". The
// host must not be empty and the port must be a number from 0 to 65535.
// Errors: kInvalidArgument quoting the text and saying what is wrong.
Result<ListenAddress> ParseListenAddress(std::string_view text);

}  // namespace newswatch
