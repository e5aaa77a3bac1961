// Where the CLI finds topic profiles when none is named: the installed
// configuration first (/etc/newswatch/topics), then the source tree's
// config/topics (for running from a build directory).
// Thread-safety: pure function.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "daemon/core/result.h"

namespace newswatch::cli {

// Resolves the profiles to use: `named` if given (files, or names looked up
// in the profile folders, e.g. "metaverse-policy"), else the profiles of
// `config_file` if given, else the default profile "metaverse-policy".
Result<std::vector<std::filesystem::path>> ResolveProfiles(const std::vector<std::string>& named,
                                                           const std::string& config_file);

}  // namespace newswatch::cli
