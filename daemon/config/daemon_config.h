// DaemonConfig: the validated contents of a newswatchd YAML file. Loading
// checks every key against the option tables (daemon section, the options
// every source has, and each source type's own table) and fails with
// "file:line: reason" on the first problem, so a running daemon never meets
// a bad option. Relative paths are resolved against the file's folder.
// Thread-safety: an immutable value after loading.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/options.h"
#include "daemon/core/result.h"

namespace newswatch {

struct SourceConfig {
  std::string id;
  std::string type;
  OptionValues options;  // common and type-specific options together
  std::string where;     // "file:line" of the source's entry
  std::string fingerprint;  // the entry's YAML, normalized: equal means unchanged (reload)
};

struct DaemonConfig {
  std::filesystem::path file;      // the file it came from
  std::filesystem::path base_dir;  // its folder; relative paths resolve here
  OptionValues daemon;             // the `daemon:` section (see DaemonOptions())
  std::vector<std::filesystem::path> profiles;  // topic profile files, absolute
  std::vector<SourceConfig> sources;  // its own, then those of each included file in order
  std::vector<std::filesystem::path> includes;  // files read through `include:`, absolute

  // Resolves a path from the configuration against base_dir.
  std::filesystem::path Resolve(std::string_view path) const;
};

// The option tables. DaemonOptions() includes LoggingOptions().
const std::vector<OptionSpec>& DaemonOptions();
// The `daemon:` options of logging (daemon/service/logging.h reads them).
const std::vector<OptionSpec>& LoggingOptions();
const std::vector<OptionSpec>& CommonSourceOptions();

// Given a source type, returns its own option table, or nullptr for an unknown type.
using SourceOptionLookup = std::function<const std::vector<OptionSpec>*(std::string_view type)>;

// Loads and validates a configuration file. Fails with kConfig naming the
// file and line for: YAML syntax errors, unknown keys, wrong types, unknown
// source types, duplicate source ids, missing profile files.
// `include:` (a file or a list of files; a '*' in the file name matches several, e.g.
// sources/*.yaml, sorted by name) adds the `sources:` of other files; their errors name
// their own file and line, and a pattern matching nothing is an error.
Result<DaemonConfig> LoadDaemonConfig(const std::filesystem::path& file,
                                      const SourceOptionLookup& source_options);
// The same from text (for tests); `file_name` is used in messages and for base_dir.
Result<DaemonConfig> ParseDaemonConfig(std::string_view yaml, const std::filesystem::path& file_name,
                                       const SourceOptionLookup& source_options);

}  // namespace newswatch
