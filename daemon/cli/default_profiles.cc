#include "daemon/cli/default_profiles.h"

#include "daemon/config/daemon_config.h"
#include "daemon/sources/source_registry.h"

namespace newswatch::cli {

namespace fs = std::filesystem;

namespace {

Result<fs::path> FindProfile(const std::string& name) {
  std::error_code ec;
  if (fs::is_regular_file(name, ec)) return fs::path(name);
  for (const char* dir : {NEWSWATCH_INSTALLED_PROFILE_DIR, NEWSWATCH_SOURCE_PROFILE_DIR}) {
    const fs::path p = fs::path(dir) / (name + ".yaml");
    if (fs::is_regular_file(p, ec)) return p;
  }
  return NotFound("no topic profile '" + name + "' (looked in " NEWSWATCH_INSTALLED_PROFILE_DIR
                  " and " NEWSWATCH_SOURCE_PROFILE_DIR ")");
}

}  // namespace

Result<std::vector<fs::path>> ResolveProfiles(const std::vector<std::string>& named,
                                              const std::string& config_file) {
  std::vector<fs::path> out;
  if (!named.empty()) {
    for (const std::string& n : named) {
      auto p = FindProfile(n);
      if (!p.ok()) return p.status();
      out.push_back(*p);
    }
    return out;
  }
  if (!config_file.empty()) {
    auto config = LoadDaemonConfig(config_file, SourceOptionTables());
    if (!config.ok()) return config.status();
    if (!config->profiles.empty()) return config->profiles;
  }
  auto p = FindProfile("metaverse-policy");
  if (!p.ok()) return p.status();
  out.push_back(*p);
  return out;
}

}  // namespace newswatch::cli
