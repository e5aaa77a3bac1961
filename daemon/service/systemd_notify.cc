#include "daemon/service/systemd_notify.h"

#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace newswatch::systemd {

namespace {

Status Send(const std::string& message) {
  if (!NotifySocketPresent()) return Status::Ok();
  const int rc = sd_notify(0, message.c_str());
  if (rc < 0) {
    return IoError("sd_notify(" + message.substr(0, message.find('\n')) +
                   "): " + std::strerror(-rc));
  }
  return Status::Ok();
}

// A status is one line; systemd would cut a message at the first newline anyway.
std::string StatusLine(std::string_view text) {
  std::string line(text);
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return "STATUS=" + line;
}

}  // namespace

bool NotifySocketPresent() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  return socket != nullptr && socket[0] != '\0';
}

Status NotifyReady(std::string_view status) {
  std::string message = "READY=1";
  if (!status.empty()) message += "\n" + StatusLine(status);
  return Send(message);
}

Status NotifyStatus(std::string_view text) { return Send(StatusLine(text)); }

Status NotifyWatchdog() { return Send("WATCHDOG=1"); }

Status NotifyStopping(std::string_view status) {
  std::string message = "STOPPING=1";
  if (!status.empty()) message += "\n" + StatusLine(status);
  return Send(message);
}

std::optional<std::chrono::microseconds> WatchdogInterval() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec);
}

WatchdogPacer::WatchdogPacer() {
  if (auto interval = WatchdogInterval()) period_ = *interval / 2;
}

WatchdogPacer::WatchdogPacer(std::optional<std::chrono::microseconds> period) : period_(period) {}

bool WatchdogPacer::Tick(std::chrono::steady_clock::time_point now) {
  if (!period_) return false;
  if (last_ && now - *last_ < *period_) return false;
  last_ = now;
  NotifyWatchdog().ok();
  return true;
}

}  // namespace newswatch::systemd
