// systemd notifications for a Type=notify service: READY, STATUS, WATCHDOG and
// STOPPING through sd_notify, and the watchdog interval systemd asked for.
// Outside systemd (NOTIFY_SOCKET unset) every call is a successful no-op.
// Thread-safety: the functions may be called from any thread; WatchdogPacer is
// used by one thread (the engine loop).
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "daemon/core/status.h"

namespace newswatch::systemd {

// True when NOTIFY_SOCKET is set, i.e. systemd (or a test) listens for notifications.
bool NotifySocketPresent();

// "READY=1" plus "STATUS=<status>" when `status` is not empty: start-up is
// complete. Errors (kIo, with the reason) only when the socket is set but the
// message could not be sent; callers log them and carry on.
Status NotifyReady(std::string_view status = {});
// "STATUS=<text>": a one-line state shown by `systemctl status`.
Status NotifyStatus(std::string_view text);
// "WATCHDOG=1": the service is alive. Send at least every WatchdogInterval() / 2.
Status NotifyWatchdog();
// "STOPPING=1" plus an optional status: shutdown has begun.
Status NotifyStopping(std::string_view status = {});

// The interval systemd expects WATCHDOG=1 within (WatchdogSec=), or nullopt
// when the watchdog is off for this process (WATCHDOG_USEC unset, or
// WATCHDOG_PID naming another process).
std::optional<std::chrono::microseconds> WatchdogInterval();

// Sends WATCHDOG=1 at half the watchdog interval from a loop that wakes often
// enough (the engine loop wakes at least once a second). Does nothing when the
// watchdog is off.
class WatchdogPacer {
 public:
  // Reads WatchdogInterval() once.
  WatchdogPacer();
  // For tests: pings every `period`.
  explicit WatchdogPacer(std::optional<std::chrono::microseconds> period);

  bool enabled() const { return period_.has_value(); }
  // Sends WATCHDOG=1 if `now` is at least a period after the last ping (or if
  // nothing was sent yet). Returns true when a ping was sent.
  bool Tick(std::chrono::steady_clock::time_point now);

 private:
  std::optional<std::chrono::microseconds> period_;  // half the watchdog interval
  std::optional<std::chrono::steady_clock::time_point> last_;
};

}  // namespace newswatch::systemd
