#include "daemon/net/http_headers.h"

#include <curl/curl.h>

#include <cctype>
#include <string>

namespace newswatch {

namespace {

constexpr int64_t kMaxSeconds = int64_t{10} * 365 * 24 * 3600;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Non-negative decimal integer, saturating at kMaxSeconds; nullopt unless all digits.
std::optional<int64_t> ParseSeconds(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
    if (v > kMaxSeconds) v = kMaxSeconds;
  }
  return v;
}

}  // namespace

std::optional<int64_t> ParseHttpDate(std::string_view text) {
  std::string s(Trim(text));
  // curl_getdate is lenient: a bare number is not a date for our purposes.
  if (s.empty() || ParseSeconds(s)) return std::nullopt;
  time_t t = curl_getdate(s.c_str(), nullptr);
  if (t == -1) return std::nullopt;
  return static_cast<int64_t>(t);
}

std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value, int64_t now_unix) {
  std::string_view v = Trim(value);
  if (auto secs = ParseSeconds(v)) return std::chrono::seconds(*secs);
  auto date = ParseHttpDate(v);
  if (!date) return std::nullopt;
  int64_t delta = *date - now_unix;
  if (delta < 0) delta = 0;
  if (delta > kMaxSeconds) delta = kMaxSeconds;
  return std::chrono::seconds(delta);
}

std::optional<std::chrono::seconds> ParseCacheControlMaxAge(std::string_view value) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view directive = Trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
    size_t eq = directive.find('=');
    if (eq == std::string_view::npos) continue;
    std::string name(Trim(directive.substr(0, eq)));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name != "max-age") continue;
    std::string_view arg = Trim(directive.substr(eq + 1));
    if (arg.size() >= 2 && arg.front() == '"' && arg.back() == '"') {
      arg = arg.substr(1, arg.size() - 2);
    }
    auto secs = ParseSeconds(arg);
    if (!secs) return std::nullopt;
    return std::chrono::seconds(*secs);
  }
  return std::nullopt;
}

}  // namespace newswatch
