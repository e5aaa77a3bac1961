#include "daemon/feed/feed_dates.h"

#include <cstdint>
#include <string>

#include "daemon/text/dates.h"

namespace newswatch {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// The number in s[at, at + n) if those are all digits, else -1.
int Number(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return -1;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (!IsDigit(s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// Three letters, any case, equal to `lower`.
bool Word3(std::string_view s, size_t at, const char* lower) {
  return at + 3 <= s.size() && Lower(s[at]) == lower[0] && Lower(s[at + 1]) == lower[1] &&
         Lower(s[at + 2]) == lower[2];
}

int MonthAbbreviation(std::string_view s, size_t at) {
  static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int m = 0; m < 12; ++m) {
    if (Word3(s, at, kMonths[m])) return m + 1;
  }
  return 0;
}

bool DayAbbreviation(std::string_view s, size_t at) {
  static constexpr const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (const char* d : kDays) {
    if (Word3(s, at, d)) return true;
  }
  return false;
}

// The instant, or nullopt when a value is out of range (ParseDate then has the last word).
std::optional<Timestamp> Instant(int year, int month, int day, int hour, int minute, int second,
                                 int offset_minutes) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || month < 1 || month > 12 || day < 1) return std::nullopt;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDays[month - 1] + (month == 2 && leap ? 1 : 0)) return std::nullopt;
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  if (offset_minutes < -18 * 60 || offset_minutes > 18 * 60) return std::nullopt;
  Timestamp t;
  t.unix_seconds =
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
      hour * 3600 + minute * 60 + (second == 60 ? 59 : second) - int64_t{offset_minutes} * 60;
  t.utc_offset_minutes = offset_minutes;
  return t;
}

// "+0800" / "-0500" from s[at] to the end: sets `minutes`; false for anything else.
bool SignedOffset4(std::string_view s, size_t at, int& minutes) {
  if (at + 5 != s.size() || (s[at] != '+' && s[at] != '-')) return false;
  const int v = Number(s, at + 1, 4);
  if (v < 0 || v % 100 > 59) return false;
  minutes = (s[at] == '-' ? -1 : 1) * (v / 100 * 60 + v % 100);
  return true;
}

// "Tue, 02 Mar 2024 01:01:00 +0800" (day of one or two digits; zone +HHMM, GMT, UTC, UT, Z).
std::optional<Timestamp> Rfc822(std::string_view s) {
  if (s.size() < 26 || !DayAbbreviation(s, 0) || s[3] != ',' || s[4] != ' ') return std::nullopt;
  size_t p = 5;
  const size_t day_digits = IsDigit(s[p + 1]) ? 2 : 1;
  const int day = Number(s, p, day_digits);
  p += day_digits;
  if (day < 0 || s[p] != ' ') return std::nullopt;
  const int month = MonthAbbreviation(s, p + 1);
  p += 4;
  if (month == 0 || p + 16 > s.size() || s[p] != ' ') return std::nullopt;
  const int year = Number(s, p + 1, 4);
  if (year < 0 || s[p + 5] != ' ') return std::nullopt;
  p += 6;
  const int hour = Number(s, p, 2);
  const int minute = Number(s, p + 3, 2);
  const int second = Number(s, p + 6, 2);
  if (hour < 0 || minute < 0 || second < 0 || s[p + 2] != ':' || s[p + 5] != ':' ||
      s[p + 8] != ' ') {
    return std::nullopt;
  }
  p += 9;
  int offset = 0;
  const std::string_view zone = s.substr(p);
  const auto is = [&zone](const char* name) {
    if (zone.size() != std::char_traits<char>::length(name)) return false;
    for (size_t i = 0; i < zone.size(); ++i) {
      if (Lower(zone[i]) != name[i]) return false;
    }
    return true;
  };
  if (!SignedOffset4(s, p, offset) && !is("gmt") && !is("utc") && !is("ut") && zone != "Z") {
    return std::nullopt;
  }
  return Instant(year, month, day, hour, minute, second, offset);
}

// "2024-03-02T01:01:00", then an optional fraction, then Z, +HH:MM or +HHMM.
std::optional<Timestamp> Rfc3339(std::string_view s) {
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') {
    return std::nullopt;
  }
  const int year = Number(s, 0, 4);
  const int month = Number(s, 5, 2);
  const int day = Number(s, 8, 2);
  const int hour = Number(s, 11, 2);
  const int minute = Number(s, 14, 2);
  const int second = Number(s, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
    return std::nullopt;
  }
  size_t p = 19;
  if (p + 1 < s.size() && s[p] == '.' && IsDigit(s[p + 1])) {
    ++p;
    while (p < s.size() && IsDigit(s[p])) ++p;
  }
  int offset = 0;
  if (s.substr(p) == "Z") {
    offset = 0;
  } else if (p + 6 == s.size() && (s[p] == '+' || s[p] == '-') && s[p + 3] == ':') {
    const int hours = Number(s, p + 1, 2);
    const int minutes = Number(s, p + 4, 2);
    if (hours < 0 || minutes < 0 || minutes > 59) return std::nullopt;
    offset = (s[p] == '-' ? -1 : 1) * (hours * 60 + minutes);
  } else if (!SignedOffset4(s, p, offset)) {
    return std::nullopt;
  }
  return Instant(year, month, day, hour, minute, second, offset);
}

}  // namespace

std::optional<Timestamp> ParseFeedDate(std::string_view text) {
  if (!text.empty() && IsDigit(text[0])) {
    if (std::optional<Timestamp> t = Rfc3339(text)) return t;
  } else if (std::optional<Timestamp> t = Rfc822(text)) {
    return t;
  }
  return ParseDate(text, 0);
}

}  // namespace newswatch
