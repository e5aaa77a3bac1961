#include "daemon/core/timestamp.h"

#include <cctype>
#include <cstdio>

namespace newswatch {
namespace {

struct Civil {
  int64_t year;
  unsigned month, day, hour, minute, second;
};

Civil CivilFromUnix(int64_t t) {
  int64_t days = t / 86400;
  int64_t secs = t % 86400;
  if (secs < 0) {
    secs += 86400;
    days -= 1;
  }
  // Howard Hinnant's civil_from_days.
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Civil{y + (m <= 2), m, d, static_cast<unsigned>(secs / 3600),
               static_cast<unsigned>(secs % 3600 / 60), static_cast<unsigned>(secs % 60)};
}

std::string Format(int64_t unix_seconds, int32_t offset_minutes) {
  const Civil c = CivilFromUnix(unix_seconds + int64_t{offset_minutes} * 60);
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u",
                        static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute,
                        c.second);
  std::string out(buf, static_cast<size_t>(n));
  if (offset_minutes == 0) {
    out += 'Z';
  } else {
    const int32_t a = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', a / 60, a % 60);
    out += buf;
  }
  return out;
}

bool ReadDigits(std::string_view s, size_t& pos, size_t count, unsigned& out) {
  if (pos + count > s.size()) return false;
  unsigned v = 0;
  for (size_t i = 0; i < count; ++i) {
    const char c = s[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  pos += count;
  out = v;
  return true;
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string Timestamp::ToRfc3339() const { return Format(unix_seconds, utc_offset_minutes); }
std::string Timestamp::ToRfc3339Utc() const { return Format(unix_seconds, 0); }

std::optional<Timestamp> ParseRfc3339(std::string_view s) {
  size_t p = 0;
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(s, p, 4, year) || p >= s.size() || s[p++] != '-') return std::nullopt;
  if (!ReadDigits(s, p, 2, month) || p >= s.size() || s[p++] != '-') return std::nullopt;
  if (!ReadDigits(s, p, 2, day)) return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  int32_t offset = 0;
  if (p < s.size() && (s[p] == 'T' || s[p] == 't' || s[p] == ' ')) {
    ++p;
    if (!ReadDigits(s, p, 2, hour) || p >= s.size() || s[p++] != ':') return std::nullopt;
    if (!ReadDigits(s, p, 2, minute)) return std::nullopt;
    if (p < s.size() && s[p] == ':') {
      ++p;
      if (!ReadDigits(s, p, 2, second)) return std::nullopt;
    }
    if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
      ++p;
      while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) ++p;
    }
    if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
    if (second == 60) second = 59;
    if (p < s.size()) {
      if (s[p] == 'Z' || s[p] == 'z') {
        ++p;
      } else if (s[p] == '+' || s[p] == '-') {
        const int sign = s[p] == '-' ? -1 : 1;
        ++p;
        unsigned oh = 0, om = 0;
        if (!ReadDigits(s, p, 2, oh)) return std::nullopt;
        if (p < s.size() && s[p] == ':') ++p;
        if (p < s.size() && !ReadDigits(s, p, 2, om)) return std::nullopt;
        offset = sign * static_cast<int32_t>(oh * 60 + om);
      }
    }
  }
  if (p != s.size()) return std::nullopt;
  Timestamp t;
  t.unix_seconds = DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
                   int64_t{offset} * 60;
  t.utc_offset_minutes = offset;
  return t;
}

}  // namespace newswatch
