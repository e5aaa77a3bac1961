// TimeZone: UTC offsets of an IANA zone ("Asia/Shanghai") read from the
// system's TZif files, for quiet hours. libstdc++ 12 has no std::chrono zones.
// Thread-safety: immutable after Load; share freely.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/result.h"

namespace newswatch::alert {

class TimeZone {
 public:
  // Loads `name` from `zoneinfo_dir`. Also accepts "UTC" and fixed offsets
  // "+08:00" / "-05:30" without touching the file system. Fails with
  // kNotFound for an unknown zone, kParse for a malformed file.
  static Result<TimeZone> Load(std::string_view name,
                               std::string_view zoneinfo_dir = "/usr/share/zoneinfo");

  // The offset from UTC in seconds at instant `unix_seconds`. After the last
  // transition in the file the last offset holds (zones whose future DST is
  // only in the POSIX footer keep their last recorded offset).
  int32_t OffsetAt(int64_t unix_seconds) const;

  // Minutes since local midnight at `unix_seconds`.
  int MinuteOfDay(int64_t unix_seconds) const;

  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::vector<int64_t> transitions_;  // ascending
  std::vector<int32_t> offsets_;      // offset in force from transitions_[i]
  int32_t initial_offset_ = 0;        // before the first transition
};

}  // namespace newswatch::alert
