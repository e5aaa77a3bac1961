// ParseFeedDate: ParseDate(text, 0) (daemon/text/dates.h) for feed dates, with the two forms
// nearly every feed writes read directly instead of by ParseDate's general scanner (~3,000
// instructions a date): RFC 822 "Tue, 02 Mar 2024 01:01:00 +0800" (or GMT, UTC, UT, Z) and
// RFC 3339 "2024-03-02T01:01:00Z" (fraction and +08:00 / +0800 allowed). Any other text, or
// impossible values, go to ParseDate; the result is ParseDate's in every case
// (tests/feed/feed_dates_test.cc compares them).
// Thread-safety: a pure function.
#pragma once

#include <optional>
#include <string_view>

#include "daemon/core/timestamp.h"

namespace newswatch {

std::optional<Timestamp> ParseFeedDate(std::string_view text);

}  // namespace newswatch
