#include "daemon/config/daemon_config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "daemon/config/yaml_options.h"

namespace newswatch {

namespace fs = std::filesystem;

const std::vector<OptionSpec>& LoggingOptions() {
  static const std::vector<OptionSpec> kOptions = {
      {"log_file", OptionType::kString, "",
       "Write logs to this file (rotated by size) instead of the journal or the console."},
      {"log_levels", OptionType::kStringMap, "",
       "Per-module levels overriding log_level, e.g. {fetch: debug, pipeline: info}."},
      {"log_max_size", OptionType::kSize, "16MiB", "Rotate log_file at this size."},
      {"log_max_files", OptionType::kInt, "5", "Rotated log files kept besides log_file."},
  };
  return kOptions;
}

const std::vector<OptionSpec>& DaemonOptions() {
  static const std::vector<OptionSpec> kOptions = [] {
    std::vector<OptionSpec> options = {
        {"id", OptionType::kString, "newswatch", "Publisher id carried in every event."},
        {"state_dir", OptionType::kString, "/var/lib/newswatch",
         "Folder for the SQLite state (fetch state, seen articles, journal)."},
        {"publish", OptionType::kString, "tcp://127.0.0.1:5556", "ZeroMQ PUB endpoint to bind."},
        {"replay", OptionType::kString, "tcp://127.0.0.1:5557",
         "ZeroMQ ROUTER endpoint answering replay requests from the journal."},
        {"publish_all", OptionType::kBool, "false",
         "Publish every article with its verdict, not only relevant ones."},
        {"heartbeat_interval", OptionType::kDuration, "5s", "Period of heartbeat events."},
        {"startup_grace", OptionType::kDuration, "1s",
         "After binding, hold events until a subscriber has subscribed or this much time has "
         "passed "
         "(ZeroMQ's slow-joiner problem)."},
        {"workers", OptionType::kInt, "2", "Pipeline worker threads."},
        {"queue_size", OptionType::kInt, "1000",
         "Articles waiting for the pipeline before sources pause."},
        {"log_level", OptionType::kString, "info", "trace, debug, info, warn, error or off."},
        {"max_connections", OptionType::kInt, "64", "HTTP transfers in flight at once."},
        {"per_host_concurrency", OptionType::kInt, "2", "HTTP transfers in flight per host."},
        {"per_host_gap", OptionType::kDuration, "1s", "Minimum time between requests to one host."},
        {"user_agent", OptionType::kString,
         "newswatch/0.1 (+https://github.com/newswatch/newswatch)",
         "User-Agent header for every request unless a source sets its own."},
        {"drain_timeout", OptionType::kDuration, "10s",
         "On SIGTERM (or --once), how long to wait for in-flight work before exiting."},
        {"retention_days", OptionType::kInt, "30",
         "Journal rows older than this are pruned (hourly)."},
        {"retention_max_journal_rows", OptionType::kInt, "0",
         "Keep at most this many newest journal rows (0: no limit)."},
        {"retention_max_journal_bytes", OptionType::kSize, "0",
         "Keep the newest journal rows up to this payload size (0: no limit)."},
        {"story_window_days", OptionType::kInt, "7",
         "Days a repost can still join its story; older story-index rows are pruned."},
        {"regions_file", OptionType::kString, "",
         "Extra regions (CSV written by `newswatch gazetteer import`) added to the built-in "
         "table."},
        {"metrics", OptionType::kString, "127.0.0.1:9464",
         "HOST:PORT serving /metrics (Prometheus), /healthz and /readyz; empty disables."},
        {"curve_secret_key_file", OptionType::kString, "",
         "CURVE secret key file (`newswatch keygen`) for the publish and replay endpoints; empty: "
         "no encryption. Requires curve_allow_file."},
        {"curve_allow_file", OptionType::kString, "",
         "Subscriber public keys admitted (one Z85 key per line); reloaded on SIGHUP."},
    };
    const auto& logging = LoggingOptions();
    options.insert(options.end(), logging.begin(), logging.end());
    return options;
  }();
  return kOptions;
}

const std::vector<OptionSpec>& CommonSourceOptions() {
  static const std::vector<OptionSpec> kOptions = {
      {"id", OptionType::kString, "", "Unique source id (letters, digits, '-', '_', '.').", true},
      {"type", OptionType::kString, "", "Source type (see the source types below).", true},
      {"enabled", OptionType::kBool, "true", "Set false to keep a source configured but idle."},
      {"interval", OptionType::kDuration, "10m", "Normal time between polls."},
      {"min_interval", OptionType::kDuration, "1m", "Never poll more often than this."},
      {"max_interval", OptionType::kDuration, "6h",
       "Never poll less often than this while healthy."},
      {"max_backoff", OptionType::kDuration, "6h",
       "Cap of the exponential backoff after failures (interval x 2^failures)."},
      {"adaptive", OptionType::kBool, "true",
       "Adapt the interval to how often the source really publishes (median gap between its "
       "recent items), within min_interval and max_interval."},
  };
  return kOptions;
}

fs::path DaemonConfig::Resolve(std::string_view path) const {
  fs::path p(path);
  if (p.is_absolute() || path.empty()) return p;
  return (base_dir / p).lexically_normal();
}

namespace {

bool ValidId(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) {
      return false;
    }
  }
  return true;
}

Status AddSources(const YAML::Node& sources, const std::string& name,
                  const SourceOptionLookup& source_options, std::set<std::string>& ids,
                  DaemonConfig& config) {
  if (sources && !sources.IsSequence()) {
    return ConfigError(YamlWhere(name, sources) + ": sources must be a list");
  }
  if (!sources) return Status::Ok();
  for (const YAML::Node& s : sources) {
    if (!s.IsMap()) return ConfigError(YamlWhere(name, s) + ": a source must be a mapping");
    const YAML::Node type = s["type"];
    const YAML::Node id = s["id"];
    if (!id || !id.IsScalar()) return ConfigError(YamlWhere(name, s) + ": source has no 'id'");
    const std::string what = "source '" + id.Scalar() + "'";
    if (!ValidId(id.Scalar())) {
      return ConfigError(YamlWhere(name, id) + ": " + what +
                         ": id may use letters, digits, '-', '_' and '.' only");
    }
    if (!type || !type.IsScalar()) {
      return ConfigError(YamlWhere(name, s) + ": " + what + " has no 'type'");
    }
    const std::vector<OptionSpec>* specific = source_options(type.Scalar());
    if (specific == nullptr) {
      return ConfigError(YamlWhere(name, type) + ": " + what + ": unknown source type '" +
                         type.Scalar() + "'");
    }
    auto options = ParseYamlOptions(s, name, what, *specific, CommonSourceOptions());
    if (!options.ok()) return options.status();
    if (!ids.insert(id.Scalar()).second) {
      return ConfigError(YamlWhere(name, id) + ": duplicate source id '" + id.Scalar() + "'");
    }
    SourceConfig sc;
    sc.id = id.Scalar();
    sc.type = type.Scalar();
    sc.options = std::move(options).value();
    sc.where = YamlWhere(name, s);
    YAML::Emitter emitter;
    emitter << s;
    sc.fingerprint = emitter.c_str();
    if (sc.options.Duration("min_interval") > sc.options.Duration("max_interval")) {
      return ConfigError(sc.where + ": " + what + ": min_interval exceeds max_interval");
    }
    config.sources.push_back(std::move(sc));
  }
  return Status::Ok();
}

// The files an include entry names: one path, or a folder and a file-name pattern with '*'
// ("sources/*.yaml"), sorted by name. A pattern that matches nothing is an error too: a
// misspelt folder must not silently drop a catalogue.
Result<std::vector<fs::path>> ExpandInclude(const DaemonConfig& config, const std::string& entry) {
  const fs::path path = config.Resolve(entry);
  const std::string pattern = path.filename().string();
  std::vector<fs::path> out;
  std::error_code ec;
  if (pattern.find('*') == std::string::npos) {
    if (!fs::is_regular_file(path, ec))
      return NotFound("included file not found: " + path.string());
    out.push_back(path);
    return out;
  }
  if (path.parent_path().string().find('*') != std::string::npos) {
    return InvalidArgument("'*' is allowed in the file name only: " + entry);
  }
  const auto matches = [&pattern](const std::string& name) {
    // '*' matches any run of characters; everything else literally.
    size_t p = 0, n = 0, star = std::string::npos, mark = 0;
    while (n < name.size()) {
      if (p < pattern.size() && pattern[p] == '*') {
        star = p++;
        mark = n;
      } else if (p < pattern.size() && pattern[p] == name[n]) {
        ++p, ++n;
      } else if (star != std::string::npos) {
        p = star + 1;
        n = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
  };
  for (fs::directory_iterator it(path.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_regular_file(ec) && name[0] != '.' && matches(name)) out.push_back(it->path());
  }
  if (ec)
    return NotFound("cannot read folder " + path.parent_path().string() + ": " + ec.message());
  if (out.empty()) return NotFound("no file matches " + path.string());
  std::sort(out.begin(), out.end());
  return out;
}

// An included file holds a `sources:` list only; its errors name its own lines.
Status LoadIncludedSources(const fs::path& file, const SourceOptionLookup& source_options,
                           std::set<std::string>& ids, DaemonConfig& config) {
  const std::string name = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) return ConfigError(name + ": cannot read the included file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  YAML::Node root;
  try {
    root = YAML::Load(buffer.str());
  } catch (const YAML::Exception& e) {
    return ConfigError(name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (root.IsNull()) return Status::Ok();  // an empty (all comments) file
  if (!root.IsMap()) return ConfigError(name + ":1: an included file must be a YAML mapping");
  for (const auto& kv : root) {
    if (kv.first.Scalar() != "sources") {
      return ConfigError(YamlWhere(name, kv.first) + ": unknown key '" + kv.first.Scalar() +
                         "' in an included file (only sources)");
    }
  }
  try {
    return AddSources(root["sources"], name, source_options, ids, config);
  } catch (const YAML::Exception& e) {
    return ConfigError(name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

Result<DaemonConfig> Build(const YAML::Node& root, const fs::path& file,
                           const SourceOptionLookup& source_options) {
  const std::string name = file.string();
  DaemonConfig config;
  config.file = file;
  config.base_dir = file.has_parent_path() ? fs::absolute(file).parent_path() : fs::current_path();
  if (!root.IsMap()) return ConfigError(name + ":1: the file must be a YAML mapping");

  static const std::set<std::string> kTopKeys = {"daemon", "profiles", "sources", "include"};
  for (const auto& kv : root) {
    if (!kTopKeys.count(kv.first.Scalar())) {
      return ConfigError(YamlWhere(name, kv.first) + ": unknown top-level key '" +
                         kv.first.Scalar() + "' (known: daemon, profiles, sources, include)");
    }
  }

  auto daemon = ParseYamlOptions(root["daemon"], name, "daemon", DaemonOptions());
  if (!daemon.ok()) return daemon.status();
  config.daemon = std::move(daemon).value();
  if (config.daemon.Int("workers") < 1 || config.daemon.Int("workers") > 64) {
    return ConfigError(config.daemon.Where("workers") + ": daemon: workers must be 1..64");
  }

  const YAML::Node profiles = root["profiles"];
  if (profiles) {
    if (!profiles.IsSequence()) {
      return ConfigError(YamlWhere(name, profiles) + ": profiles must be a list of files");
    }
    for (const YAML::Node& p : profiles) {
      if (!p.IsScalar()) return ConfigError(YamlWhere(name, p) + ": profile must be a file path");
      fs::path path = config.Resolve(p.Scalar());
      std::error_code ec;
      if (!fs::is_regular_file(path, ec)) {
        return ConfigError(YamlWhere(name, p) + ": profile file not found: " + path.string());
      }
      config.profiles.push_back(std::move(path));
    }
  }

  std::set<std::string> ids;
  if (auto added = AddSources(root["sources"], name, source_options, ids, config); !added.ok()) {
    return added;
  }
  const YAML::Node include = root["include"];
  if (include) {
    if (!include.IsSequence() && !include.IsScalar()) {
      return ConfigError(YamlWhere(name, include) + ": include must be a list of files");
    }
    std::vector<YAML::Node> entries;
    if (include.IsScalar()) entries.push_back(include);
    for (const YAML::Node& e : include) entries.push_back(e);
    std::set<fs::path> seen;
    for (const YAML::Node& e : entries) {
      if (!e.IsScalar() || e.Scalar().empty()) {
        return ConfigError(YamlWhere(name, e) + ": include entries must be file paths");
      }
      auto files = ExpandInclude(config, e.Scalar());
      if (!files.ok()) return ConfigError(YamlWhere(name, e) + ": " + files.status().message());
      for (const fs::path& f : *files) {
        if (!seen.insert(f).second) continue;  // named twice (a file and a pattern)
        auto loaded = LoadIncludedSources(f, source_options, ids, config);
        if (!loaded.ok()) return loaded;
        config.includes.push_back(f);
      }
    }
  }
  return config;
}

}  // namespace

Result<DaemonConfig> ParseDaemonConfig(std::string_view yaml, const fs::path& file_name,
                                       const SourceOptionLookup& source_options) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return ConfigError(file_name.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  try {
    return Build(root, file_name, source_options);
  } catch (const YAML::Exception& e) {
    return ConfigError(file_name.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

Result<DaemonConfig> LoadDaemonConfig(const fs::path& file,
                                      const SourceOptionLookup& source_options) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return ConfigError(file.string() + ": cannot read the configuration file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return ParseDaemonConfig(buffer.str(), file, source_options);
}

}  // namespace newswatch
