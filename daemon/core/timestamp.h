// Timestamp: an instant plus the UTC offset the source wrote it in, so a
// Beijing page's "2023-02-07 08:10" stays 08:10+08:00 and is never shifted.
// Thread-safety: a plain value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newswatch {

struct Timestamp {
  int64_t unix_seconds = 0;        // seconds since 1970-01-01T00:00:00Z
  int32_t utc_offset_minutes = 0;  // the offset the source used (+480 for China)

  // RFC 3339 in the source's own offset: "2023-02-07T08:10:00+08:00" ("Z" for 0).
  std::string ToRfc3339() const;
  // RFC 3339 in UTC: "2023-02-07T00:10:00Z".
  std::string ToRfc3339Utc() const;

  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

// Parses RFC 3339 / ISO 8601 ("2023-02-07T08:10:00+08:00", "...Z", with or
// without fraction). Returns nullopt if `text` is not of that form. Chinese and
// RFC 822 spellings live in daemon/text/dates.h.
std::optional<Timestamp> ParseRfc3339(std::string_view text);

// Days since 1970-01-01 of a proleptic Gregorian date (no validation of ranges
// beyond month 1-12). Used by every date parser.
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);

}  // namespace newswatch
