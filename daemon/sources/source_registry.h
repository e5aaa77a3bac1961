// The catalogue of source types. Adding a type is new files plus one line in
// source_registry.cc; nothing else switches on the type name.
// Thread-safety: the catalogue is built once and is read-only afterwards.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/daemon_config.h"
#include "daemon/config/options.h"
#include "daemon/core/result.h"
#include "daemon/sources/source.h"

namespace newswatch {

// What a source factory gets besides its own options.
struct SourceEnvironment {
  std::filesystem::path base_dir;  // the configuration file's folder
  std::string user_agent;          // the daemon-wide default
};

struct SourceType {
  std::string name;  // the `type:` value ("feed")
  std::string help;  // one line for the configuration reference
  std::vector<OptionSpec> options;  // type-specific options
  // Builds a source from validated options; fails (kConfig, naming
  // config.where) for values only the type can judge (a bad XPath, a URL).
  std::function<Result<std::unique_ptr<Source>>(const SourceConfig& config,
                                                const SourceEnvironment& env)>
      create;
};

// Every built-in source type.
const std::vector<SourceType>& SourceTypes();
const SourceType* FindSourceType(std::string_view name);
// For LoadDaemonConfig.
SourceOptionLookup SourceOptionTables();

}  // namespace newswatch
