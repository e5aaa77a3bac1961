#include "daemon/security/secret.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace newswatch {
namespace {

std::string Where(const OptionValues& options, const std::string& name) {
  const std::string where = options.Where(name);
  return where.empty() ? name : where + ": " + name;
}

bool IsCredentialName(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const char* const kNames[] = {"key",    "token",  "access_token", "secret", "password",
                                       "passwd", "sign",   "signature",    "auth",   "apikey",
                                       "api_key", "sig"};
  for (const char* n : kNames) {
    if (lower == n) return true;
  }
  return false;
}

}  // namespace

std::vector<OptionSpec> SecretOptionSpecs(const std::string& name, const std::string& what) {
  return {
      {name + "_file", OptionType::kString, "",
       "A file holding " + what + " (not readable by others); relative to the configuration."},
      {name + "_env", OptionType::kString, "",
       "The name of an environment variable holding " + what + "."},
  };
}

Result<std::string> ResolveSecret(const OptionValues& options, const std::string& name,
                                  const std::filesystem::path& base_dir,
                                  InlineSecret inline_policy) {
  const std::string file_opt = name + "_file";
  const std::string env_opt = name + "_env";
  const std::string file = options.String(file_opt);
  const std::string env = options.String(env_opt);
  const std::string inline_value = options.Has(name) ? options.String(name) : "";
  const int set = !file.empty() + !env.empty() + !inline_value.empty();
  if (set > 1) {
    return ConfigError(Where(options, name) + ": set only one of " + name + ", " + file_opt +
                       ", " + env_opt);
  }
  if (!file.empty()) {
    std::filesystem::path path(file);
    if (path.is_relative()) path = base_dir / path;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      return ConfigError(Where(options, file_opt) + ": cannot read " + path.string());
    }
    if (st.st_mode & S_IROTH) {
      return ConfigError(Where(options, file_opt) + ": " + path.string() +
                         " is readable by others (chmod o-r it)");
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) return ConfigError(Where(options, file_opt) + ": cannot read " + path.string());
    std::string value = text.str();
    if (!value.empty() && value.back() == '\n') value.pop_back();
    if (!value.empty() && value.back() == '\r') value.pop_back();
    if (value.empty()) return ConfigError(Where(options, file_opt) + ": " + path.string() + " is empty");
    return value;
  }
  if (!env.empty()) {
    const char* value = std::getenv(env.c_str());
    if (value == nullptr || *value == '\0') {
      return ConfigError(Where(options, env_opt) + ": environment variable " + env +
                         " is not set or empty");
    }
    return std::string(value);
  }
  if (inline_value.empty()) return std::string();
  switch (inline_policy) {
    case InlineSecret::kAllow:
      return inline_value;
    case InlineSecret::kAllowWithoutPassword:
      if (!UrlHasPassword(inline_value)) return inline_value;
      return ConfigError(Where(options, name) + ": a password written inline; move the URL to " +
                         file_opt + " or " + env_opt);
    case InlineSecret::kRefuse:
      break;
  }
  return ConfigError(Where(options, name) + ": secrets are not written inline; use " + file_opt +
                     " or " + env_opt);
}

namespace {

// Finds the userinfo of "scheme://user:pw@host/...": [begin, end) of the authority's userinfo.
bool FindUserinfo(std::string_view url, size_t& begin, size_t& end) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return false;
  begin = scheme + 3;
  const size_t authority_end = url.find_first_of("/?#", begin);
  const std::string_view authority =
      url.substr(begin, authority_end == std::string_view::npos ? url.npos : authority_end - begin);
  const size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return false;
  end = begin + at;
  return true;
}

}  // namespace

bool UrlHasPassword(std::string_view url) {
  size_t b = 0, e = 0;
  if (!FindUserinfo(url, b, e)) return false;
  return url.substr(b, e - b).find(':') != std::string_view::npos;
}

std::string Redact(std::string_view url) {
  std::string out(url);
  size_t b = 0, e = 0;
  if (FindUserinfo(out, b, e)) {
    const size_t colon = out.find(':', b);
    if (colon != std::string::npos && colon < e) out.replace(colon + 1, e - colon - 1, "***");
  }
  if (out.find("://") == std::string::npos) return out;
  const size_t q = out.find('?');
  if (q == std::string::npos) return out;
  const size_t hash = out.find('#', q);
  const size_t query_end = hash == std::string::npos ? out.size() : hash;
  std::string query = out.substr(q + 1, query_end - q - 1);
  std::string rebuilt;
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string::npos) amp = query.size();
    std::string pair = query.substr(pos, amp - pos);
    const size_t eq = pair.find('=');
    if (eq != std::string::npos && IsCredentialName(pair.substr(0, eq))) {
      pair = pair.substr(0, eq + 1) + "***";
    }
    if (pos > 0) rebuilt += '&';
    rebuilt += pair;
    pos = amp + 1;
  }
  return out.substr(0, q + 1) + rebuilt + out.substr(query_end);
}

std::string RedactUrlsInText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = std::string_view::npos;
    for (std::string_view scheme : {"http://", "https://"}) {
      const size_t at = text.find(scheme, pos);
      if (at != std::string_view::npos && (start == std::string_view::npos || at < start)) {
        start = at;
      }
    }
    if (start == std::string_view::npos) {
      out.append(text.substr(pos));
      break;
    }
    // A URL ends at whitespace or a quote, bracket or comma that follows it.
    size_t end = start;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) &&
           text[end] != '"' && text[end] != '\'' && text[end] != '<' && text[end] != '>' &&
           text[end] != ')' && text[end] != ',') {
      ++end;
    }
    out.append(text.substr(pos, start - pos));
    out.append(Redact(text.substr(start, end - start)));
    pos = end;
  }
  return out;
}

std::string RedactSecrets(std::string_view text, const std::vector<std::string>& secrets) {
  std::string out(text);
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), "***");
      pos += 3;
    }
  }
  return out;
}

}  // namespace newswatch
