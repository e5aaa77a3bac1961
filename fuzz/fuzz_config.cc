// libFuzzer target: configuration loading (YAML -> option tables of the daemon, every source
// type and the HTTP options). Oracle: a bad file is a kConfig error naming the file, never a
// crash or an exception escaping.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/config/daemon_config.h"
#include "daemon/sources/source_registry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newswatch;
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  static const SourceOptionLookup lookup = SourceOptionTables();
  const Result<DaemonConfig> config = ParseDaemonConfig(yaml, "/nonexistent/fuzz.yaml", lookup);
  if (!config.ok() && config.status().message().find("fuzz.yaml") == std::string::npos &&
      config.status().kind() == ErrorKind::kConfig) {
    std::abort();  // every configuration error names the file
  }
  return 0;
}
