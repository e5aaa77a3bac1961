// AuthStep: a pre-step for sources whose list requests need a token or a session cookie got
// from another request first (21jingji's cbhChannelAuth token, cookie-priming WAFs that set a
// cookie on the column page). It wraps any HTTP source: before the wrapped source's first
// request it fetches `auth_url`, takes the token (a JSON path of that response) and/or its
// Set-Cookie values, and adds them to every request of the source. The token is kept across
// polls and fetched again when it is older than `auth_max_age` or a request is answered with
// one of `auth_refresh_status` (then that request is retried once with the new token).
// Thread-safety: like every Source, engine thread only.
#pragma once

#include <memory>
#include <vector>

#include "daemon/config/daemon_config.h"
#include "daemon/config/options.h"
#include "daemon/core/result.h"
#include "daemon/sources/source.h"
#include "daemon/sources/source_registry.h"

namespace newswatch {

// The auth_* options, appended by WithHttpOptions.
std::vector<OptionSpec> AuthStepOptions();

// `inner` itself when the source has no auth_url; else `inner` wrapped in the pre-step.
// Fails (kConfig naming the line) on a bad auth option.
Result<std::unique_ptr<Source>> WithAuthStep(const SourceConfig& config,
                                             const SourceEnvironment& env,
                                             std::unique_ptr<Source> inner);

}  // namespace newswatch
