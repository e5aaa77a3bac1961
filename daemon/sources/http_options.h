// The options every HTTP-based source accepts (timeouts, size limit, proxy,
// headers, ...), and the FetchRequest they describe.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "daemon/config/options.h"
#include "daemon/net/fetch.h"
#include "daemon/sources/source_registry.h"

namespace newswatch {

// Appends the HTTP options to a source type's own table.
std::vector<OptionSpec> WithHttpOptions(std::vector<OptionSpec> own);

// A request for `url` carrying the source's HTTP options.
FetchRequest MakeFetchRequest(const OptionValues& options, const SourceEnvironment& env,
                              std::string url);

// Turns a configured location into a URL: http(s) and file URLs pass through;
// a bare path becomes a file:// URL, relative to env.base_dir.
std::string LocationToUrl(const std::string& location, const SourceEnvironment& env);

}  // namespace newswatch
