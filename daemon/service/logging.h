// Logging set-up for newswatchd on spdlog: to the systemd journal when stderr
// is connected to it (JOURNAL_STREAM), to a size-rotated file when `log_file`
// is set, otherwise to the console (stderr). One default level, overridden per
// module through named loggers (`log_levels: {fetch: debug, pipeline: info}`).
// Journal entries carry NW_MODULE and, inside a LogContext, NW_SOURCE and NW_URL.
// Thread-safety: ConfigureLogging runs once from main() before other threads
// log; ModuleLogger and LogContext may be used from any thread.
#pragma once

#include <spdlog/spdlog.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/config/daemon_config.h"
#include "daemon/config/options.h"
#include "daemon/core/status.h"

namespace newswatch {

struct LoggingSettings {
  std::string level = "info";  // trace, debug, info, warn, error, critical or off
  // Module name -> level; a module is a named logger obtained with ModuleLogger.
  std::vector<std::pair<std::string, std::string>> module_levels;
  // Non-empty: write here, rotating at max_file_bytes and keeping max_files old files.
  std::filesystem::path log_file;
  uint64_t max_file_bytes = 16u << 20;
  int max_files = 5;
  // Journal SYSLOG_IDENTIFIER and console prefix.
  std::string identifier = "newswatchd";
  // Kept to false by tests that must see a file or the console even under systemd.
  bool allow_journal = true;
};

// The `daemon:` options this module reads (log_file, log_levels, log_max_size,
// log_max_files) are declared with the daemon's table: LoggingOptions() in
// daemon/config/daemon_config.h.

// Builds settings from the daemon section. `level` is daemon.log_level or the
// --log-level override; a relative log_file is resolved against `base_dir`.
LoggingSettings LoggingSettingsFromOptions(const OptionValues& daemon, std::string level,
                                           const std::filesystem::path& base_dir);

// True when stderr is the journal stream systemd set up for this service
// (JOURNAL_STREAM names stderr's device and inode).
bool StderrIsJournal();

// Replaces the default logger and every module logger named in `settings`.
// Errors: kConfig naming the module and the unknown level; kIo naming the log
// file when it cannot be opened. On error the previous loggers stay in place.
Status ConfigureLogging(const LoggingSettings& settings);

// The logger for `module` ("fetch", "pipeline", "publish", ...): created on
// first use with the default logger's sinks and the module's configured level
// (or the default level). Never null.
std::shared_ptr<spdlog::logger> ModuleLogger(std::string_view module);

// Attaches a source id and a URL to every journal entry logged by this thread
// while the object lives (nesting restores the outer values).
class LogContext {
 public:
  LogContext(std::string_view source_id, std::string_view url);
  ~LogContext();
  LogContext(const LogContext&) = delete;
  LogContext& operator=(const LogContext&) = delete;

 private:
  std::string saved_source_, saved_url_;
};

// The journal fields ("KEY=value") one entry gets, including this thread's
// LogContext; exposed for tests.
std::vector<std::string> JournalFields(std::string_view identifier, std::string_view module,
                                       spdlog::level::level_enum level, std::string_view message);

}  // namespace newswatch
