// Clock: the daemon's view of time, handed in at construction so tests can
// drive schedules without sleeping.
// Thread-safety: implementations must be safe to call from any thread.
#pragma once

#include <chrono>

namespace newswatch {

class Clock {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  virtual ~Clock() = default;
  // Wall-clock now.
  virtual TimePoint Now() const = 0;
  // Monotonic now, for intervals and deadlines.
  virtual std::chrono::steady_clock::time_point Steady() const = 0;
};

// The real clocks.
class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
  std::chrono::steady_clock::time_point Steady() const override {
    return std::chrono::steady_clock::now();
  }
  static const SystemClock& Instance() {
    static const SystemClock clock;
    return clock;
  }
};

inline int64_t ToUnixSeconds(Clock::TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace newswatch
