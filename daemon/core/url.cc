#include "daemon/core/url.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <memory>
#include <vector>

namespace newswatch {
namespace {

struct CurluDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using CurluPtr = std::unique_ptr<CURLU, CurluDeleter>;

struct CurlStrDeleter {
  void operator()(char* s) const { curl_free(s); }
};
using CurlStr = std::unique_ptr<char, CurlStrDeleter>;

std::string GetPart(CURLU* u, CURLUPart part, unsigned flags = 0) {
  char* raw = nullptr;
  if (curl_url_get(u, part, &raw, flags) != CURLUE_OK || raw == nullptr) return {};
  CurlStr owned(raw);
  return std::string(raw);
}

bool IsTrackingParam(std::string_view name) {
  static constexpr std::array<std::string_view, 14> kExact = {
      "spm", "from", "fromsource", "share_token", "share_from", "scm", "fbclid", "gclid",
      "wfr", "isappinstalled", "sharer", "sharetype", "timestamp_share", "mc_cid"};
  if (name.substr(0, 4) == "utm_") return true;
  return std::find(kExact.begin(), kExact.end(), name) != kExact.end();
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

Result<std::string> CanonicalizeUrl(std::string_view url) {
  CurluPtr u(curl_url());
  const std::string in(url);
  if (!u || curl_url_set(u.get(), CURLUPART_URL, in.c_str(), CURLU_NON_SUPPORT_SCHEME) !=
                CURLUE_OK) {
    return InvalidArgument("not an absolute URL: " + in);
  }
  curl_url_set(u.get(), CURLUPART_FRAGMENT, nullptr, 0);
  const std::string scheme = Lower(GetPart(u.get(), CURLUPART_SCHEME));
  curl_url_set(u.get(), CURLUPART_SCHEME, scheme.c_str(), CURLU_NON_SUPPORT_SCHEME);
  const std::string host = GetPart(u.get(), CURLUPART_HOST);
  if (!host.empty()) curl_url_set(u.get(), CURLUPART_HOST, Lower(host).c_str(), 0);
  const std::string port = GetPart(u.get(), CURLUPART_PORT);
  if ((scheme == "http" && port == "80") || (scheme == "https" && port == "443")) {
    curl_url_set(u.get(), CURLUPART_PORT, nullptr, 0);
  }
  const std::string query = GetPart(u.get(), CURLUPART_QUERY);
  if (!query.empty()) {
    std::string kept;
    size_t start = 0;
    while (start <= query.size()) {
      size_t end = query.find('&', start);
      if (end == std::string::npos) end = query.size();
      const std::string_view pair(query.data() + start, end - start);
      const std::string name = Lower(std::string(pair.substr(0, pair.find('='))));
      if (!pair.empty() && !IsTrackingParam(name)) {
        if (!kept.empty()) kept += '&';
        kept.append(pair);
      }
      start = end + 1;
    }
    curl_url_set(u.get(), CURLUPART_QUERY, kept.empty() ? nullptr : kept.c_str(), 0);
  }
  std::string out = GetPart(u.get(), CURLUPART_URL);
  if (out.empty()) return InvalidArgument("cannot canonicalize URL: " + in);
  return out;
}

Result<std::string> ResolveUrl(std::string_view base, std::string_view reference) {
  CurluPtr u(curl_url());
  const std::string b(base), r(reference);
  if (!u) return InternalError("curl_url failed");
  if (curl_url_set(u.get(), CURLUPART_URL, b.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    // No usable base: the reference must stand on its own.
    if (curl_url_set(u.get(), CURLUPART_URL, r.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
      return InvalidArgument("cannot resolve '" + r + "' without a base URL");
    }
    return GetPart(u.get(), CURLUPART_URL);
  }
  if (curl_url_set(u.get(), CURLUPART_URL, r.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    return InvalidArgument("cannot resolve '" + r + "' against '" + b + "'");
  }
  return GetPart(u.get(), CURLUPART_URL);
}

std::string UrlHost(std::string_view url) {
  CurluPtr u(curl_url());
  const std::string in(url);
  if (!u || curl_url_set(u.get(), CURLUPART_URL, in.c_str(), CURLU_NON_SUPPORT_SCHEME) !=
                CURLUE_OK) {
    return {};
  }
  return Lower(GetPart(u.get(), CURLUPART_HOST));
}

}  // namespace newswatch
