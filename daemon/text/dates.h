// Dates as written by feeds and Chinese web pages: RFC 3339 / ISO 8601 / W3C-DTF, RFC 822 / 1123 /
// 850, asctime, and Chinese forms ("2023年2月7日 8时10分", "2023/2/7 08:10", full-width digits).
// The parsers accept the malformed spellings real feeds use (as Python feedparser does) but reject
// impossible calendar values. Thread-safety: pure functions, safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "daemon/core/timestamp.h"

namespace newswatch {

// Parses `text` (surrounding whitespace ignored) as one date/time in any supported form.
// `default_offset_minutes` is the zone assumed when the text names none (480 = Asia/Shanghai for
// Chinese pages, 0 for feeds); the offset used is kept in the returned Timestamp. Partial W3C-DTF
// dates ("2003", "2003-12") mean the first instant of that period; a missing time means 00:00:00.
// Unknown zone names are treated as no zone (feedparser does the same). Returns nullopt for text
// that is not a date, or names an impossible one (month 13, Feb 30, 25:00, offset beyond ±18h).
std::optional<Timestamp> ParseDate(std::string_view text, int32_t default_offset_minutes);

// A date found inside free text: the time and the byte span [begin, end) of `text` it came from.
struct FoundDate {
  Timestamp time;
  size_t begin = 0;
  size_t end = 0;
};

// Returns the first complete date (year, month and day; any following time and zone are included)
// inside free text such as "发布时间：2023/2/7 08:10 来源：...". Bare years, year-month pairs and
// digit runs glued to other digits are not dates here. Years outside 1970-2099 are skipped.
// Returns nullopt when the text holds no date.
std::optional<FoundDate> FindDateInText(std::string_view text, int32_t default_offset_minutes);

}  // namespace newswatch
