// Dates as list APIs and government list pages write them, on top of ParseDate: epoch seconds
// or milliseconds as digits (Sina ctime, gkmlpt display_publish_time, gov.cn ptime, Yangpu
// display_date), gov.cn's "2024-04-10-10:30:00" meta form, "[2024-04-10]" and dates inside
// longer text ("发布日期：2024年4月10日").
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "daemon/core/timestamp.h"

namespace newswatch {

// An epoch time in seconds or milliseconds (values of 10^11 and more are milliseconds: 10^11 s
// is the year 5138), with `offset_minutes` as the zone to show it in. nullopt for 0, negative,
// non-finite or after 2100.
std::optional<Timestamp> EpochTime(double value, int32_t offset_minutes);

// `text` as a date in any of the forms above (a zone-less date is at `offset_minutes`).
std::optional<Timestamp> ParseSourceDate(std::string_view text, int32_t offset_minutes);

}  // namespace newswatch
