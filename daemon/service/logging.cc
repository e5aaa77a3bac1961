#include "daemon/service/logging.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <sys/stat.h>
#include <sys/uio.h>
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-journal.h>
#include <syslog.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>

namespace newswatch {

namespace {

thread_local std::string t_source;
thread_local std::string t_url;

int SyslogPriority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug: return LOG_DEBUG;
    case spdlog::level::info: return LOG_INFO;
    case spdlog::level::warn: return LOG_WARNING;
    case spdlog::level::err: return LOG_ERR;
    case spdlog::level::critical: return LOG_CRIT;
    default: return LOG_INFO;
  }
}

// Writes entries with sd_journal_sendv so that each carries structured fields.
class JournaldSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit JournaldSink(std::string identifier) : identifier_(std::move(identifier)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::vector<std::string> fields =
        JournalFields(identifier_, std::string_view(msg.logger_name.data(), msg.logger_name.size()),
                      msg.level, std::string_view(msg.payload.data(), msg.payload.size()));
    std::vector<iovec> iov;
    iov.reserve(fields.size());
    for (const std::string& f : fields) iov.push_back({const_cast<char*>(f.data()), f.size()});
    sd_journal_sendv(iov.data(), static_cast<int>(iov.size()));
  }
  void flush_() override {}

 private:
  std::string identifier_;
};

// Guards the module level table; spdlog's own registry guards the loggers.
std::mutex g_mu;
std::map<std::string, spdlog::level::level_enum, std::less<>> g_module_levels;
spdlog::level::level_enum g_default_level = spdlog::level::info;

bool ParseLevel(std::string_view text, spdlog::level::level_enum& out) {
  const std::string s(text);
  out = spdlog::level::from_str(s);
  return out != spdlog::level::off || s == "off";
}

}  // namespace

LoggingSettings LoggingSettingsFromOptions(const OptionValues& daemon, std::string level,
                                           const std::filesystem::path& base_dir) {
  LoggingSettings s;
  s.level = std::move(level);
  if (daemon.Has("log_levels")) s.module_levels = daemon.Map("log_levels");
  const std::string file = daemon.Has("log_file") ? daemon.String("log_file") : "";
  if (!file.empty()) {
    std::filesystem::path p(file);
    s.log_file = p.is_absolute() ? p : base_dir / p;
  }
  if (daemon.Has("log_max_size")) s.max_file_bytes = daemon.Size("log_max_size");
  if (daemon.Has("log_max_files")) s.max_files = static_cast<int>(daemon.Int("log_max_files"));
  return s;
}

bool StderrIsJournal() {
  const char* env = std::getenv("JOURNAL_STREAM");
  if (env == nullptr) return false;
  unsigned long long dev = 0, ino = 0;
  if (std::sscanf(env, "%llu:%llu", &dev, &ino) != 2) return false;
  struct stat st {};
  if (fstat(STDERR_FILENO, &st) != 0) return false;
  return static_cast<unsigned long long>(st.st_dev) == dev &&
         static_cast<unsigned long long>(st.st_ino) == ino;
}

Status ConfigureLogging(const LoggingSettings& settings) {
  spdlog::level::level_enum default_level;
  if (!ParseLevel(settings.level, default_level)) {
    return ConfigError("log_level: unknown level '" + settings.level +
                       "' (trace, debug, info, warn, error, critical or off)");
  }
  std::map<std::string, spdlog::level::level_enum, std::less<>> modules;
  for (const auto& [module, text] : settings.module_levels) {
    spdlog::level::level_enum level;
    if (!ParseLevel(text, level)) {
      return ConfigError("log_levels." + module + ": unknown level '" + text +
                         "' (trace, debug, info, warn, error, critical or off)");
    }
    modules[module] = level;
  }

  spdlog::sink_ptr sink;
  bool to_file = false;
  if (!settings.log_file.empty()) {
    try {
      sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
          settings.log_file.string(), static_cast<size_t>(settings.max_file_bytes),
          static_cast<size_t>(std::max(settings.max_files, 0)));
    } catch (const spdlog::spdlog_ex& e) {
      return IoError("cannot open log file " + settings.log_file.string() + ": " + e.what());
    }
    to_file = true;
  } else if (settings.allow_journal && StderrIsJournal()) {
    sink = std::make_shared<JournaldSink>(settings.identifier);
  } else {
    sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  }
  // The journal stamps time and priority itself; files and consoles need them in the text.
  if (to_file) {
    sink->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l [%n] %v");
  } else if (std::dynamic_pointer_cast<JournaldSink>(sink) == nullptr) {
    sink->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%n] [%^%l%$] %v");
  }
  sink->set_level(spdlog::level::trace);  // loggers filter; the sink takes what they pass

  {
    std::lock_guard<std::mutex> lock(g_mu);
    g_module_levels = modules;
    g_default_level = default_level;
  }
  auto main_logger = std::make_shared<spdlog::logger>(settings.identifier, sink);
  main_logger->set_level(default_level);
  main_logger->flush_on(to_file ? spdlog::level::info : spdlog::level::trace);
  spdlog::drop(settings.identifier);
  spdlog::set_default_logger(main_logger);
  // Module loggers made before (with the old sinks) are rebuilt on next use.
  for (const auto& [module, level] : modules) {
    spdlog::drop(module);
    ModuleLogger(module);
  }
  return Status::Ok();
}

std::shared_ptr<spdlog::logger> ModuleLogger(std::string_view module) {
  std::lock_guard<std::mutex> lock(g_mu);
  const std::string name(module);
  if (auto existing = spdlog::get(name)) return existing;
  std::shared_ptr<spdlog::logger> base = spdlog::default_logger();
  auto logger = std::make_shared<spdlog::logger>(name, base->sinks().begin(), base->sinks().end());
  auto it = g_module_levels.find(module);
  logger->set_level(it != g_module_levels.end() ? it->second : g_default_level);
  logger->flush_on(base->flush_level());
  spdlog::register_logger(logger);
  return logger;
}

LogContext::LogContext(std::string_view source_id, std::string_view url)
    : saved_source_(std::move(t_source)), saved_url_(std::move(t_url)) {
  t_source = source_id;
  t_url = url;
}

LogContext::~LogContext() {
  t_source = std::move(saved_source_);
  t_url = std::move(saved_url_);
}

std::vector<std::string> JournalFields(std::string_view identifier, std::string_view module,
                                       spdlog::level::level_enum level, std::string_view message) {
  std::vector<std::string> fields;
  fields.push_back("MESSAGE=" + std::string(message));
  fields.push_back("PRIORITY=" + std::to_string(SyslogPriority(level)));
  fields.push_back("SYSLOG_IDENTIFIER=" + std::string(identifier));
  if (!module.empty() && module != identifier) fields.push_back("NW_MODULE=" + std::string(module));
  if (!t_source.empty()) fields.push_back("NW_SOURCE=" + t_source);
  if (!t_url.empty()) fields.push_back("NW_URL=" + t_url);
  return fields;
}

}  // namespace newswatch
