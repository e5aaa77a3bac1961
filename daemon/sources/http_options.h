// The options every HTTP-based source accepts (timeouts, size limit, proxy,
// headers, ...), the FetchRequest they describe, and the conditional-GET and
// server-hint plumbing every HTTP source shares.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/options.h"
#include "daemon/net/fetch.h"
#include "daemon/sources/source.h"
#include "daemon/sources/source_registry.h"

namespace newswatch {

// Appends the HTTP options to a source type's own table.
std::vector<OptionSpec> WithHttpOptions(std::vector<OptionSpec> own);

// The secret HTTP options of a source, resolved from `<name>_file` or
// `<name>_env` (daemon/security/secret.h): `proxy` (inline allowed only
// without a password) and `cookie` (never inline: session cookies are
// credentials). Fails with kConfig naming the option and line, never the value.
struct HttpSecrets {
  std::string proxy;
  std::string cookie;
};
Result<HttpSecrets> ResolveHttpSecrets(const OptionValues& options, const SourceEnvironment& env);

// A request for `url` carrying the source's HTTP options and resolved secrets.
FetchRequest MakeFetchRequest(const OptionValues& options, const SourceEnvironment& env,
                              std::string url, const HttpSecrets& secrets);

// The first step of a poll: fetch `request` (tag 0) with the validators the
// last poll left (If-None-Match / If-Modified-Since).
PollStep ConditionalFetch(FetchRequest request, const PollContext& context);

// Copies the scheduling hints of the main URL's response into `step`:
// Retry-After (only on 429 and 503), Cache-Control max-age, Expires (as time
// from now), and not_modified on 304. Call it for a response that arrived.
void TakeServerHints(const FetchResponse& response, PollStep& step);

// Turns a configured location into a URL: http(s) and file URLs pass through;
// a bare path becomes a file:// URL, relative to env.base_dir.
std::string LocationToUrl(const std::string& location, const SourceEnvironment& env);

// True for the URL schemes an HTTP source may fetch: http, https and file.
bool IsFetchableUrl(std::string_view url);

// A kConfig error for `option` of source `config`: "FILE:LINE: source 'ID': why", at the
// option's line (the source entry's when the option was not written).
Status SourceOptionError(const SourceConfig& config, std::string_view option, std::string_view why);

// The source's `url` option as a fetchable URL (LocationToUrl), or the kConfig error naming
// its line.
Result<std::string> SourceUrl(const SourceConfig& config, const SourceEnvironment& env);

}  // namespace newswatch
