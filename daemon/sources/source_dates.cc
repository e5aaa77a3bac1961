#include "daemon/sources/source_dates.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

#include "daemon/text/dates.h"

namespace newswatch {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool Digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::optional<Timestamp> EpochTime(double value, int32_t offset_minutes) {
  if (!std::isfinite(value) || value <= 0) return std::nullopt;
  const double seconds = value >= 1e11 ? value / 1000 : value;
  if (seconds >= 4102444800.0) return std::nullopt;  // after 2100: not a publication time
  return Timestamp{static_cast<int64_t>(seconds), offset_minutes};
}

std::optional<Timestamp> ParseSourceDate(std::string_view text, int32_t offset_minutes) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  // Epoch digits: 9-10 (seconds) or 12-13 (milliseconds); shorter runs are not times.
  if (Digits(text) &&
      (text.size() == 9 || text.size() == 10 || text.size() == 12 || text.size() == 13)) {
    return EpochTime(std::strtod(std::string(text).c_str(), nullptr), offset_minutes);
  }
  if (auto t = ParseDate(text, offset_minutes)) return t;
  // gov.cn meta: "YYYY-MM-DD-HH:mm[:ss]".
  if (text.size() >= 16 && text[4] == '-' && text[7] == '-' && text[10] == '-' &&
      Digits(text.substr(0, 4)) && Digits(text.substr(11, 2)) && text[13] == ':') {
    std::string fixed(text);
    fixed[10] = ' ';
    if (auto t = ParseDate(fixed, offset_minutes)) return t;
  }
  if (auto found = FindDateInText(text, offset_minutes)) return found->time;
  return std::nullopt;
}

}  // namespace newswatch
