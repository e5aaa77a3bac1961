#include "daemon/sources/auth_step.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>
#include <utility>

#include "daemon/sources/http_options.h"
#include "daemon/sources/json_path.h"
#include "daemon/sources/request_template.h"

namespace newswatch {
namespace {

// The pre-step's own fetch; far from the wrapped source's tags (small numbers, and
// FullTextFetcher's bit 63).
constexpr uint64_t kAuthTag = (uint64_t{1} << 62) | 0x5A17;

struct AuthSettings {
  FetchRequest request;              // the auth request (method, body, the source's headers)
  JsonPath token_path;               // empty: cookies only
  std::string header, header_value;  // "Authorization", "Bearer {token}"
  bool use_cookies = true;
  int64_t max_age_seconds = 1800;
  std::vector<long> refresh_status;
};

class AuthStepSource final : public Source {
 public:
  AuthStepSource(std::unique_ptr<Source> inner, AuthSettings settings)
      : Source(inner->id(), inner->type()), inner_(std::move(inner)), s_(std::move(settings)) {}

  PollStep StartPoll(const PollContext& context) override {
    now_unix_ = context.now_unix;
    retried_ = false;
    held_.clear();
    outstanding_.clear();
    auth_in_flight_ = false;
    if (have_credentials_ && s_.max_age_seconds > 0 &&
        now_unix_ - obtained_unix_ >= s_.max_age_seconds) {
      have_credentials_ = false;  // too old: fetch a fresh one before the list
    }
    return Gate(inner_->StartPoll(context));
  }

  PollStep OnFetched(uint64_t tag, const FetchResponse& response) override {
    if (tag == kAuthTag) return OnAuthFetched(response);
    auto sent = outstanding_.find(tag);
    if (sent != outstanding_.end()) {
      FetchRequest request = std::move(sent->second);
      outstanding_.erase(sent);
      if (response.status.ok() && Refreshes(response.http_status) && !retried_) {
        // Refused: the token expired or was revoked. Get a new one and send this again.
        retried_ = true;
        have_credentials_ = false;
        PollStep step;
        held_.push_back(SourceFetch{std::move(request), tag});
        RequestAuth(step);
        return step;
      }
    }
    return Gate(inner_->OnFetched(tag, response));
  }

 private:
  bool Refreshes(long status) const {
    for (long s : s_.refresh_status) {
      if (s == status) return true;
    }
    return false;
  }

  void RequestAuth(PollStep& step) {
    if (auth_in_flight_) return;
    auth_in_flight_ = true;
    step.fetches.push_back(SourceFetch{s_.request, kAuthTag});
  }

  // Sends the step's fetches with the credentials, or holds them until the credentials arrive.
  PollStep Gate(PollStep step) {
    if (step.fetches.empty()) return step;
    if (!have_credentials_) {
      for (SourceFetch& f : step.fetches) held_.push_back(std::move(f));
      step.fetches.clear();
      RequestAuth(step);
      return step;
    }
    for (SourceFetch& f : step.fetches) Apply(f);
    return step;
  }

  // Adds the token header and cookies to `f` (the version sent is remembered for a retry).
  void Apply(SourceFetch& f) {
    outstanding_[f.tag] = f.request;
    if (!token_.empty() && !s_.header.empty()) {
      auto& headers = f.request.headers;
      std::erase_if(headers, [&](const auto& h) { return SameName(h.first, s_.header); });
      headers.emplace_back(s_.header, ReplaceAll(s_.header_value, "{token}", token_));
    }
    if (!cookies_.empty()) {
      f.request.cookie = f.request.cookie.empty() ? cookies_ : f.request.cookie + "; " + cookies_;
    }
  }

  static bool SameName(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(a[i])) !=
          std::tolower(static_cast<unsigned char>(b[i])))
        return false;
    }
    return true;
  }

  PollStep OnAuthFetched(const FetchResponse& response) {
    auth_in_flight_ = false;
    PollStep step;
    const std::string where = "source '" + id() + "': auth step " + s_.request.url;
    Status problem;
    std::string token, cookies;
    if (!response.status.ok()) {
      problem = response.status.WithContext(where);
    } else if (response.http_status >= 400) {
      problem = HttpError(where + ": HTTP " + std::to_string(response.http_status));
    } else {
      if (s_.use_cookies) {
        for (const std::string& c : response.set_cookies) {
          cookies += (cookies.empty() ? "" : "; ") + c;
        }
      }
      if (!s_.token_path.empty()) {
        nlohmann::json doc = nlohmann::json::parse(response.body, nullptr, false);
        const nlohmann::json* v = doc.is_discarded() ? nullptr : s_.token_path.Find(doc);
        if (v != nullptr && v->is_string()) token = v->get<std::string>();
        if (v != nullptr && v->is_number()) token = v->dump();
        if (token.empty() || token.find_first_of("\r\n") != std::string::npos) {
          problem = ParseError(where + ": no token at '" + s_.token_path.text() + "'" +
                               (doc.is_discarded() ? " (the response is not JSON)" : ""));
        }
      } else if (cookies.empty()) {
        problem = ParseError(where + ": the response set no cookie");
      }
    }
    if (!problem.ok()) {
      held_.clear();  // the list cannot be fetched without credentials: the poll fails
      step.error = problem;
      return step;
    }
    token_ = std::move(token);
    cookies_ = std::move(cookies);
    have_credentials_ = true;
    obtained_unix_ = now_unix_;
    step.fetches = std::move(held_);
    held_.clear();
    for (SourceFetch& f : step.fetches) Apply(f);
    return step;
  }

  std::unique_ptr<Source> inner_;
  AuthSettings s_;
  bool have_credentials_ = false;
  std::string token_, cookies_;
  int64_t obtained_unix_ = 0, now_unix_ = 0;
  bool auth_in_flight_ = false, retried_ = false;
  std::vector<SourceFetch> held_;                           // waiting for credentials
  std::unordered_map<uint64_t, FetchRequest> outstanding_;  // sent, as sent
};

}  // namespace

std::vector<OptionSpec> AuthStepOptions() {
  return {
      {"auth_url", OptionType::kString, "",
       "Pre-step: fetch this first and use its token or cookies in every request of the source "
       "(e.g. a token endpoint, or the column page that sets a WAF cookie)."},
      {"auth_method", OptionType::kString, "GET", "Method of the pre-step: GET or POST."},
      {"auth_body", OptionType::kString, "", "Body of the pre-step (implies POST)."},
      {"auth_token_path", OptionType::kString, "",
       "JSON path of the token in the pre-step's response; empty: use its cookies only."},
      {"auth_header", OptionType::kString, "Authorization", "Header that carries the token."},
      {"auth_header_value", OptionType::kString, "{token}",
       "Value of auth_header; {token} is replaced, e.g. \"Bearer {token}\"."},
      {"auth_cookies", OptionType::kBool, "true",
       "Send the pre-step's Set-Cookie values as cookies with every request."},
      {"auth_max_age", OptionType::kDuration, "30m",
       "Fetch a new token when the last one is this old (0: only when refused)."},
      {"auth_refresh_status", OptionType::kStringList, "",
       "HTTP statuses meaning the token was refused: fetch a new one and retry once (default: "
       "401 and 403)."},
  };
}

Result<std::unique_ptr<Source>> WithAuthStep(const SourceConfig& config,
                                             const SourceEnvironment& env,
                                             std::unique_ptr<Source> inner) {
  const OptionValues& o = config.options;
  if (o.String("auth_url").empty()) return inner;
  const auto fail = [&](std::string_view option, const std::string& why) {
    return SourceOptionError(config, option, why);
  };
  AuthSettings s;
  const std::string url = LocationToUrl(o.String("auth_url"), env);
  if (!IsFetchableUrl(url)) return fail("auth_url", "auth_url must be http(s) or file: " + url);
  auto secrets = ResolveHttpSecrets(o, env);
  if (!secrets.ok()) return secrets.status().WithContext("source '" + config.id + "'");
  s.request = MakeFetchRequest(o, env, url, *secrets);
  const std::string method = o.String("auth_method");
  if (method != "GET" && method != "POST")
    return fail("auth_method", "auth_method must be GET or POST");
  s.request.method = o.String("auth_body").empty() ? method : "POST";
  s.request.body = o.String("auth_body");
  if (!s.request.body.empty()) {
    const char first = s.request.body.find_first_not_of(" \t") == std::string::npos
                           ? ' '
                           : s.request.body[s.request.body.find_first_not_of(" \t")];
    s.request.headers.emplace_back("Content-Type", first == '{' || first == '['
                                                       ? "application/json; charset=utf-8"
                                                       : "application/x-www-form-urlencoded");
  }
  auto path = JsonPath::Parse(o.String("auth_token_path"));
  if (!path.ok()) return fail("auth_token_path", "auth_token_path: " + path.status().message());
  s.token_path = std::move(path).value();
  s.header = o.String("auth_header");
  s.header_value = o.String("auth_header_value");
  if (s.header.find_first_of(": \r\n") != std::string::npos) {
    return fail("auth_header", "auth_header must be a header name");
  }
  if (s.header_value.find("{token}") == std::string::npos && !s.token_path.empty()) {
    return fail("auth_header_value", "auth_header_value must contain {token}");
  }
  s.use_cookies = o.Bool("auth_cookies");
  if (s.token_path.empty() && !s.use_cookies) {
    return fail("auth_cookies", "the pre-step needs auth_token_path or auth_cookies: true");
  }
  s.max_age_seconds = o.Duration("auth_max_age").count();
  for (const std::string& text : o.List("auth_refresh_status")) {
    char* end = nullptr;
    const long status = std::strtol(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0' || status < 100 || status > 599) {
      return fail("auth_refresh_status",
                  "auth_refresh_status: '" + text + "' is not an HTTP status");
    }
    s.refresh_status.push_back(status);
  }
  if (s.refresh_status.empty()) s.refresh_status = {401, 403};
  return std::unique_ptr<Source>(new AuthStepSource(std::move(inner), std::move(s)));
}

}  // namespace newswatch
