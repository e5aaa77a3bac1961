// FetchRequest / FetchResponse: the plain data a fetch takes and everything it learned, so no
// libcurl type leaves daemon/net. Thread-safety: plain value types.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "daemon/core/status.h"

namespace newswatch {

struct FetchRequest {
  std::string url;  // http://, https:// or file://
  // "GET" (default), "POST", or another token. With a body and no method, POST is used.
  std::string method;
  std::string body;                 // sent as is (POST/PUT); set Content-Type through `headers`
  std::string etag, last_modified;  // conditional GET: If-None-Match / If-Modified-Since
  std::vector<std::pair<std::string, std::string>> headers;  // extra request headers
  std::string user_agent = "newswatch/0.1 (+https://github.com/newswatch)";
  std::string referer, cookie;
  // Empty: no proxy, whatever the environment says. Otherwise http://, https://, socks5:// or
  // socks5h:// (the proxy resolves names). Any other scheme fails with kInvalidArgument.
  std::string proxy;
  std::chrono::milliseconds connect_timeout{10000}, total_timeout{30000};
  // A transfer that moves almost nothing for this long is abandoned (kTimeout): tricklers.
  std::chrono::milliseconds low_speed_window{20000};
  int max_redirects = 5;
  size_t max_body_bytes = 16u << 20;  // counted after decompression, so gzip bombs stop too
  // false: connections to loopback, private, link-local and unique-local addresses are refused
  // (kRefused), checked after DNS and on every redirect hop. Not checked through a proxy.
  bool allow_private_addresses = true;
  bool verify_tls = true;
};

struct FetchResponse {
  // OK when an HTTP response arrived, whatever its code (check http_status). Otherwise kNetwork,
  // kTimeout, kTooLarge, kRefused, kInvalidArgument (bad URL/proxy) or kNotFound (missing file).
  Status status;
  long http_status = 0;  // 200 for a file:// URL that was read
  std::string body;      // decoded (gzip/deflate/br); on errors, whatever arrived before it
  std::string content_type, etag, last_modified;
  std::string final_url;  // after redirects
  // "name=value" of every Set-Cookie header of the final response, in order (attributes such
  // as Path or Expires dropped), for sources that carry a session cookie to their next request.
  std::vector<std::string> set_cookies;
  // Server hints, from the final response's headers.
  std::optional<std::chrono::seconds> retry_after, max_age;
  std::optional<int64_t> expires_unix;
  std::chrono::microseconds total_time{0}, connect_time{0}, first_byte_time{0};
  uint64_t bytes_received = 0;  // headers + body as received on the wire
  int redirects = 0;

  bool not_modified() const { return http_status == 304; }
};

}  // namespace newswatch
