#include "alert/time_zone.h"

#include <algorithm>
#include <fstream>
#include <iterator>

namespace newswatch::alert {
namespace {

int64_t ReadBigEndian(const std::string& data, size_t pos, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(data[pos + i]);
  if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

bool ParseFixedOffset(std::string_view s, int32_t& seconds) {
  // [+-]HH:MM
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':') return false;
  for (size_t i : {1u, 2u, 4u, 5u}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int hours = (s[1] - '0') * 10 + (s[2] - '0');
  int minutes = (s[4] - '0') * 10 + (s[5] - '0');
  if (hours > 14 || minutes > 59) return false;
  seconds = (hours * 3600 + minutes * 60) * (s[0] == '-' ? -1 : 1);
  return true;
}

}  // namespace

Result<TimeZone> TimeZone::Load(std::string_view name, std::string_view zoneinfo_dir) {
  TimeZone tz;
  tz.name_ = std::string(name);
  if (name == "UTC" || name == "Z") return tz;
  if (ParseFixedOffset(name, tz.initial_offset_)) return tz;
  // Zone names are path-like; refuse anything that could escape the directory.
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) {
    return NotFound("unknown time zone \"" + std::string(name) + "\"");
  }
  std::ifstream in(std::string(zoneinfo_dir) + "/" + std::string(name), std::ios::binary);
  if (!in) return NotFound("unknown time zone \"" + std::string(name) + "\"");
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto bad = [&] { return ParseError("time zone file for \"" + std::string(name) + "\" is malformed"); };
  if (data.size() < 44 || data.compare(0, 4, "TZif") != 0) return bad();

  // Header counts: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt.
  auto counts = [&](size_t at, int64_t c[6]) {
    for (int i = 0; i < 6; ++i) c[i] = ReadBigEndian(data, at + 20 + 4 * i, 4);
  };
  int64_t c[6];
  counts(0, c);
  size_t pos = 44;
  int time_bytes = 4;
  const char version = data[4];
  if (version >= '2') {
    // Skip the v1 block; use the 64-bit block that follows.
    size_t v1 = static_cast<size_t>(c[3] * 4 + c[3] + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0]);
    if (data.size() < pos + v1 + 44) return bad();
    pos += v1;
    if (data.compare(pos, 4, "TZif") != 0) return bad();
    counts(pos, c);
    pos += 44;
    time_bytes = 8;
  }
  for (int64_t v : c) {
    if (v < 0 || v > 100000) return bad();
  }
  const int64_t timecnt = c[3], typecnt = c[4];
  if (typecnt == 0) return bad();
  size_t need = pos + static_cast<size_t>(timecnt * time_bytes + timecnt + typecnt * 6);
  if (data.size() < need) return bad();
  std::vector<int64_t> times(timecnt);
  for (int64_t i = 0; i < timecnt; ++i) times[i] = ReadBigEndian(data, pos + i * time_bytes, time_bytes);
  size_t idx_pos = pos + timecnt * time_bytes;
  size_t type_pos = idx_pos + timecnt;
  std::vector<int32_t> type_offsets(typecnt);
  for (int64_t i = 0; i < typecnt; ++i) {
    type_offsets[i] = static_cast<int32_t>(ReadBigEndian(data, type_pos + i * 6, 4));
  }
  tz.initial_offset_ = type_offsets[0];
  for (int64_t i = 0; i < timecnt; ++i) {
    auto type = static_cast<unsigned char>(data[idx_pos + i]);
    if (type >= typecnt) return bad();
    if (i > 0 && times[i] < times[i - 1]) return bad();
    tz.transitions_.push_back(times[i]);
    tz.offsets_.push_back(type_offsets[type]);
  }
  return tz;
}

int32_t TimeZone::OffsetAt(int64_t unix_seconds) const {
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), unix_seconds);
  if (it == transitions_.begin()) return initial_offset_;
  return offsets_[std::distance(transitions_.begin(), it) - 1];
}

int TimeZone::MinuteOfDay(int64_t unix_seconds) const {
  int64_t local = unix_seconds + OffsetAt(unix_seconds);
  int64_t sec = ((local % 86400) + 86400) % 86400;
  return static_cast<int>(sec / 60);
}

}  // namespace newswatch::alert
