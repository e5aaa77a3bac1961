// Checks a YAML mapping against an option table. Internal to daemon/config
// and to modules that read YAML option blocks; yaml-cpp types stop here.
// Thread-safety: pure functions.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/options.h"
#include "daemon/core/result.h"

namespace newswatch {

// "file:LINE" for a node (1-based line).
std::string YamlWhere(std::string_view file, const YAML::Node& node);

// Parses `node` (a mapping) against `specs`, plus `extra` specs (e.g. the
// options every source has). Unknown keys, wrong types, bad durations/sizes
// and missing required options fail with kConfig "file:line: reason".
// `what` names the block in messages ("source 'sina-roll'").
Result<OptionValues> ParseYamlOptions(const YAML::Node& node, std::string_view file,
                                      std::string_view what, const std::vector<OptionSpec>& specs,
                                      const std::vector<OptionSpec>& extra = {});

}  // namespace newswatch
