#include "daemon/sources/http_options.h"

#include <chrono>
#include <filesystem>

#include "daemon/security/secret.h"
#include "daemon/sources/auth_step.h"

namespace newswatch {

std::vector<OptionSpec> WithHttpOptions(std::vector<OptionSpec> own) {
  static const std::vector<OptionSpec> kHttp = {
      {"timeout", OptionType::kDuration, "30s", "Total time allowed for one request."},
      {"connect_timeout", OptionType::kDuration, "10s", "Time allowed to connect."},
      {"max_body", OptionType::kSize, "16MiB", "Larger responses are cut off and count as errors."},
      {"max_redirects", OptionType::kInt, "5", "Redirects followed before giving up."},
      {"user_agent", OptionType::kString, "",
       "User-Agent for this source (default: the daemon's, which names newswatch). Some "
       "government WAFs refuse non-browser agents: set a browser string for those only."},
      {"referer", OptionType::kString, "", "Referer header (some government sites require one)."},
      {"cookie", OptionType::kString, "",
       "Not accepted inline (a session cookie is a credential): use cookie_file or cookie_env."},
      {"proxy", OptionType::kString, "",
       "Proxy URL: http://, https://, socks5:// or socks5h:// (host:port). Inline only without a "
       "password; with credentials use proxy_file or proxy_env."},
      {"headers", OptionType::kStringMap, "", "Extra request headers."},
      {"verify_tls", OptionType::kBool, "true", "Verify HTTPS certificates."},
      {"allow_private", OptionType::kBool, "false",
       "Let article pages found in the source's items (full text, list articles) be fetched "
       "from loopback, link-local and private addresses. The source's own url is always allowed."},
  };
  own.insert(own.end(), kHttp.begin(), kHttp.end());
  for (OptionSpec& o : AuthStepOptions()) own.push_back(std::move(o));
  for (auto specs : {SecretOptionSpecs("proxy", "the proxy URL"),
                     SecretOptionSpecs("cookie", "the Cookie header value")}) {
    own.insert(own.end(), specs.begin(), specs.end());
  }
  return own;
}

Result<HttpSecrets> ResolveHttpSecrets(const OptionValues& options, const SourceEnvironment& env) {
  auto proxy = ResolveSecret(options, "proxy", env.base_dir, InlineSecret::kAllowWithoutPassword);
  if (!proxy.ok()) return proxy.status();
  auto cookie = ResolveSecret(options, "cookie", env.base_dir, InlineSecret::kRefuse);
  if (!cookie.ok()) return cookie.status();
  return HttpSecrets{std::move(proxy).value(), std::move(cookie).value()};
}

FetchRequest MakeFetchRequest(const OptionValues& options, const SourceEnvironment& env,
                              std::string url, const HttpSecrets& secrets) {
  FetchRequest r;
  r.url = std::move(url);
  r.total_timeout = options.DurationMs("timeout");
  r.connect_timeout = options.DurationMs("connect_timeout");
  r.max_body_bytes = options.Size("max_body");
  r.max_redirects = static_cast<int>(options.Int("max_redirects"));
  r.user_agent =
      options.String("user_agent").empty() ? env.user_agent : options.String("user_agent");
  r.referer = options.String("referer");
  r.cookie = secrets.cookie;
  r.proxy = secrets.proxy;
  for (auto& [k, v] : options.Map("headers")) r.headers.emplace_back(k, v);
  r.verify_tls = options.Bool("verify_tls");
  return r;
}

PollStep ConditionalFetch(FetchRequest request, const PollContext& context) {
  PollStep step;
  request.etag = context.etag;
  request.last_modified = context.last_modified;
  step.fetches.push_back(SourceFetch{std::move(request), 0});
  return step;
}

void TakeServerHints(const FetchResponse& response, PollStep& step) {
  if (response.http_status == 429 || response.http_status == 503) {
    step.retry_after = response.retry_after;  // the server asks to slow down
  }
  step.max_age = response.max_age;
  if (response.expires_unix) {
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    if (*response.expires_unix > now) {
      step.expires_in = std::chrono::seconds(*response.expires_unix - now);
    }
  }
  step.not_modified = response.not_modified();
}

bool IsFetchableUrl(std::string_view url) {
  return url.starts_with("http://") || url.starts_with("https://") || url.starts_with("file://");
}

Status SourceOptionError(const SourceConfig& config, std::string_view option,
                         std::string_view why) {
  const std::string where = config.options.Where(option);
  return ConfigError((where.empty() ? config.where : where) + ": source '" + config.id +
                     "': " + std::string(why));
}

Result<std::string> SourceUrl(const SourceConfig& config, const SourceEnvironment& env) {
  std::string url = LocationToUrl(config.options.String("url"), env);
  if (!IsFetchableUrl(url)) {
    return SourceOptionError(config, "url", "url must be http(s), file, or a path: " + url);
  }
  return url;
}

std::string LocationToUrl(const std::string& location, const SourceEnvironment& env) {
  if (location.find("://") != std::string::npos) return location;
  std::filesystem::path p(location);
  if (p.is_relative()) p = env.base_dir / p;
  return "file://" + p.lexically_normal().string();
}

}  // namespace newswatch
