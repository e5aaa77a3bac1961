#include "daemon/core/url_resolve.h"

#include <cctype>

namespace newswatch {
namespace {

struct UrlParts {
  std::string scheme;
  bool has_authority = false;
  std::string authority;
  std::string path;
  bool has_query = false;
  std::string query;  // without '?'
  bool has_fragment = false;
  std::string fragment;  // without '#'
};

// Length of the "scheme" of "scheme:...", or 0 when `s` does not start with one.
size_t SchemeLength(std::string_view s) {
  if (s.empty() || std::isalpha(static_cast<unsigned char>(s[0])) == 0) return 0;
  for (size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ':') return i;
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '+' && c != '-' && c != '.') {
      return 0;
    }
  }
  return 0;
}

bool HasControl(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return true;
  }
  return false;
}

// Splits a reference without its scheme: [//authority][path][?query][#fragment].
void SplitRest(std::string_view rest, UrlParts& out) {
  if (const size_t hash = rest.find('#'); hash != std::string_view::npos) {
    out.has_fragment = true;
    out.fragment = std::string(rest.substr(hash + 1));
    rest = rest.substr(0, hash);
  }
  if (const size_t q = rest.find('?'); q != std::string_view::npos) {
    out.has_query = true;
    out.query = std::string(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  if (rest.starts_with("//")) {
    out.has_authority = true;
    const size_t slash = rest.find('/', 2);
    out.authority =
        std::string(rest.substr(2, slash == std::string_view::npos ? rest.npos : slash - 2));
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  }
  out.path = std::string(rest);
}

// RFC 3986 5.2.4.
std::string RemoveDotSegments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      const size_t last = out.rfind('/');
      out.erase(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      const size_t next = in.find('/', in[0] == '/' ? 1 : 0);
      const size_t n = next == std::string_view::npos ? in.size() : next;
      out.append(in.substr(0, n));
      in.remove_prefix(n);
    }
  }
  return out;
}

std::string Recompose(UrlParts& p) {
  for (char& c : p.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  p.path = RemoveDotSegments(p.path);
  if (p.has_authority && p.path.empty()) p.path = "/";
  std::string out = p.scheme + ":";
  if (p.has_authority) out += "//" + p.authority;
  out += p.path;
  if (p.has_query) out += "?" + p.query;
  if (p.has_fragment) out += "#" + p.fragment;
  return out;
}

// A relative reference with its spaces and non-ASCII bytes percent-encoded (as browsers and
// libcurl send them).
std::string EncodeRelative(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u == ' ' || u >= 0x80) {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xF]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// An absolute hierarchical URL ("scheme://..."), parsed; false for anything else.
bool ParseAbsolute(std::string_view url, UrlParts& out) {
  const size_t n = SchemeLength(url);
  if (n == 0 || url.substr(n + 1, 2) != "//") return false;
  if (url.find(' ') != std::string_view::npos || HasControl(url)) return false;
  out.scheme = std::string(url.substr(0, n));
  SplitRest(url.substr(n + 1), out);
  return true;
}

}  // namespace

Result<std::string> ResolveReference(std::string_view base, std::string_view reference) {
  if (HasControl(reference)) {
    return InvalidArgument("control characters in URL '" + std::string(reference) + "'");
  }
  UrlParts target;
  if (SchemeLength(reference) > 0) {
    if (!ParseAbsolute(reference, target)) {
      return InvalidArgument("not a hierarchical URL: '" + std::string(reference) + "'");
    }
    return Recompose(target);
  }
  UrlParts b;
  if (!ParseAbsolute(base, b)) {
    return InvalidArgument("cannot resolve '" + std::string(reference) + "' without a base URL");
  }
  const std::string ref = EncodeRelative(reference);
  UrlParts r;
  SplitRest(ref, r);
  target.scheme = b.scheme;
  if (r.has_authority) {
    target.has_authority = true;
    target.authority = r.authority;
    target.path = r.path;
    target.has_query = r.has_query;
    target.query = r.query;
  } else {
    target.has_authority = b.has_authority;
    target.authority = b.authority;
    if (r.path.empty()) {
      target.path = b.path;
      target.has_query = r.has_query || b.has_query;
      target.query = r.has_query ? r.query : b.query;
    } else {
      if (r.path[0] == '/') {
        target.path = r.path;
      } else {
        // RFC 3986 5.2.3: the base path up to its last '/', then the reference.
        const size_t slash = b.path.rfind('/');
        target.path = (slash == std::string::npos ? (b.has_authority ? "/" : "")
                                                  : b.path.substr(0, slash + 1)) +
                      r.path;
      }
      target.has_query = r.has_query;
      target.query = r.query;
    }
  }
  target.has_fragment = r.has_fragment;
  target.fragment = r.fragment;
  return Recompose(target);
}

}  // namespace newswatch
