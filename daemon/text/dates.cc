#include "daemon/text/dates.h"

#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace newswatch {
namespace {

// Text with full-width digits and punctuation folded to ASCII, plus the byte offset in the
// original of every byte here (one extra entry for the end), so found spans map back.
struct FoldedText {
  std::string text;
  std::vector<size_t> origin;
};

FoldedText Fold(std::string_view in) {
  FoldedText out;
  out.text.reserve(in.size());
  out.origin.reserve(in.size() + 1);
  size_t i = 0;
  while (i < in.size()) {
    const auto b0 = static_cast<unsigned char>(in[i]);
    char folded = 0;
    size_t width = 1;
    if (b0 == 0xEF && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xBC) {
      // U+FF00..U+FF3F: full-width ASCII punctuation, digits and capitals.
      const auto b2 = static_cast<unsigned char>(in[i + 2]);
      if (b2 >= 0x81 && b2 <= 0xBF) {
        folded = static_cast<char>(b2 - 0x80 + 0x20);
        width = 3;
      }
    } else if (b0 == 0xEF && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xBD) {
      const auto b2 = static_cast<unsigned char>(in[i + 2]);  // U+FF40..U+FF5E: lower case
      if (b2 >= 0x80 && b2 <= 0x9E) {
        folded = static_cast<char>(b2 - 0x80 + 0x60);
        width = 3;
      }
    } else if (b0 == 0xE3 && i + 2 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0x80 &&
               static_cast<unsigned char>(in[i + 2]) == 0x80) {
      folded = ' ';  // U+3000 ideographic space
      width = 3;
    } else if (b0 == 0xC2 && i + 1 < in.size() && static_cast<unsigned char>(in[i + 1]) == 0xA0) {
      folded = ' ';  // no-break space
      width = 2;
    }
    if (width > 1) {
      out.text.push_back(folded);
      out.origin.push_back(i);
    } else {
      out.text.push_back(in[i]);
      out.origin.push_back(i);
    }
    i += width;
  }
  out.origin.push_back(in.size());
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

constexpr std::array<std::string_view, 12> kMonthNames = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> kDayNames = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

// "jul", "july", "sept", "September" -> month number; 0 if not a month name.
int MonthFromWord(std::string_view word) {
  if (word.size() < 3) return 0;
  const std::string w = LowerCopy(word);
  for (size_t m = 0; m < kMonthNames.size(); ++m) {
    const std::string_view full = kMonthNames[m];
    if (w.size() <= full.size() && full.substr(0, w.size()) == w) return static_cast<int>(m) + 1;
  }
  return w == "sept" ? 9 : 0;
}

bool IsDayName(std::string_view word) {
  if (word.size() < 3) return false;
  const std::string w = LowerCopy(word);
  for (const std::string_view full : kDayNames) {
    if (w.size() <= full.size() && full.substr(0, w.size()) == w) return true;
  }
  return w == "thurs" || w == "tues";
}

// Zone names as feeds write them (RFC 822 plus the common North American ones).
std::optional<int32_t> NamedZoneMinutes(std::string_view word) {
  struct Zone {
    std::string_view name;
    int32_t hours;
  };
  static constexpr std::array<Zone, 20> kZones = {{{"ut", 0},   {"utc", 0},  {"gmt", 0},
                                                   {"z", 0},    {"adt", -3}, {"ast", -4},
                                                   {"at", -4},  {"edt", -4}, {"est", -5},
                                                   {"et", -5},  {"cdt", -5}, {"cst", -6},
                                                   {"ct", -6},  {"mdt", -6}, {"mst", -7},
                                                   {"mt", -7},  {"pdt", -7}, {"pst", -8},
                                                   {"pt", -8},  {"met", 1}}};
  const std::string w = LowerCopy(word);
  for (const Zone& z : kZones) {
    if (z.name == w) return z.hours * 60;
  }
  if (w == "mest") return 120;
  if (w.size() == 1 && w[0] != 'j') {
    // RFC 822 military zones: A-I = -1..-9, K-M = -10..-12, N-Y = +1..+12.
    const char c = w[0];
    if (c >= 'a' && c <= 'i') return -(c - 'a' + 1) * 60;
    if (c >= 'k' && c <= 'm') return -(c - 'k' + 10) * 60;
    if (c >= 'n' && c <= 'y') return (c - 'n' + 1) * 60;
  }
  return std::nullopt;
}

bool IsUpperWord(std::string_view w) {
  for (char c : w) {
    if (!(c >= 'A' && c <= 'Z')) return false;
  }
  return true;
}

int DaysInMonth(int64_t year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[static_cast<size_t>(month - 1)];
}

enum class Mode { kWhole, kFind };

struct Fields {
  int64_t year = 0;
  int month = 1, day = 1, hour = 0, minute = 0, second = 0;
  std::optional<int32_t> offset;
};

// A cursor over folded text. Every Try* method either consumes what it recognised and returns
// true, or leaves the position where it was and returns false.
class DateScanner {
 public:
  DateScanner(std::string_view s, size_t pos, Mode mode) : s_(s), p_(pos), mode_(mode) {}

  size_t pos() const { return p_; }

  // Parses one date starting exactly here.
  std::optional<Fields> Parse() {
    if (p_ >= s_.size()) return std::nullopt;
    if (IsDigit(s_[p_])) return ParseNumberFirst();
    if (IsAlpha(s_[p_])) return ParseWordFirst();
    return std::nullopt;
  }

 private:
  bool AtEnd() const { return p_ >= s_.size(); }
  char Peek(size_t ahead = 0) const { return p_ + ahead < s_.size() ? s_[p_ + ahead] : '\0'; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++p_;
    return true;
  }
  bool EatStr(std::string_view t) {
    if (s_.substr(p_, t.size()) != t) return false;
    p_ += t.size();
    return true;
  }
  size_t SkipSpaces() {
    const size_t start = p_;
    while (!AtEnd() && IsSpace(s_[p_])) ++p_;
    return p_ - start;
  }
  // Reads 1..max_digits digits; fails if more digits follow.
  bool ReadNumber(size_t max_digits, int64_t& value, size_t& digits) {
    size_t q = p_;
    int64_t v = 0;
    while (q < s_.size() && IsDigit(s_[q])) {
      if (q - p_ >= max_digits) return false;
      v = v * 10 + (s_[q] - '0');
      ++q;
    }
    if (q == p_) return false;
    digits = q - p_;
    value = v;
    p_ = q;
    return true;
  }
  bool ReadNumber(size_t max_digits, int& value) {
    int64_t v = 0;
    size_t digits = 0;
    if (!ReadNumber(max_digits, v, digits)) return false;
    value = static_cast<int>(v);
    return true;
  }
  std::string_view ReadWord() {
    const size_t start = p_;
    while (!AtEnd() && IsAlpha(s_[p_])) ++p_;
    return s_.substr(start, p_ - start);
  }

  bool EatChineseDayMarker() { return EatStr("日") || EatStr("号") || EatStr("號"); }
  bool EatChineseHourMarker() {
    return EatStr("时") || EatStr("時") || EatStr("点") || EatStr("點");
  }

  // "星期五", "周五", "(星期五)", "（周五）" after a Chinese date.
  void SkipChineseWeekday() {
    const size_t save = p_;
    SkipSpaces();
    const bool paren = Eat('(');
    if (EatStr("星期") || EatStr("周") || EatStr("礼拜") || EatStr("禮拜")) {
      for (const std::string_view d : {"一", "二", "三", "四", "五", "六", "日", "天"}) {
        if (EatStr(d)) {
          if (!paren || Eat(')')) return;
          break;
        }
      }
    }
    p_ = save;
  }

  std::optional<Fields> ParseNumberFirst() {
    const size_t start = p_;
    int64_t first = 0;
    size_t digits = 0;
    if (!ReadNumber(14, first, digits)) return std::nullopt;
    Fields f;
    if (digits == 4) {
      f.year = first;
      const size_t after_year = p_;
      SkipSpaces();
      if (EatStr("年")) return ParseChineseRest(f);
      p_ = after_year;
      const char sep = Peek();
      if (sep == '-' || sep == '/' || sep == '.') {
        ++p_;
        if (!ReadNumber(2, f.month)) return std::nullopt;
        if (Eat(sep)) {
          if (!ReadNumber(2, f.day)) return std::nullopt;
          if (!ParseTimeAfterDate(f, /*allow_t=*/true)) return std::nullopt;
          return f;
        }
        // W3C-DTF "2003-12": a partial date, only as a whole value.
        if (mode_ == Mode::kWhole && sep == '-') return f;
        return std::nullopt;
      }
      if (mode_ == Mode::kWhole) return f;  // W3C-DTF "2003"
      return std::nullopt;
    }
    if (digits == 8 && mode_ == Mode::kWhole) {  // ISO 8601 basic: 20040105[T163000[Z]]
      f.year = first / 10000;
      f.month = static_cast<int>(first / 100 % 100);
      f.day = static_cast<int>(first % 100);
      if (Eat('T') || Eat('t')) {
        int64_t t = 0;
        size_t td = 0;
        if (!ReadNumber(6, t, td) || (td != 4 && td != 6)) return std::nullopt;
        if (td == 4) t *= 100;
        f.hour = static_cast<int>(t / 10000);
        f.minute = static_cast<int>(t / 100 % 100);
        f.second = static_cast<int>(t % 100);
        TryZone(f, /*allow_space=*/false);
      }
      return f;
    }
    if (digits <= 2) {
      // RFC 822 day-first: "8 Jul 2022", RFC 850: "06-Nov-94".
      const size_t after_day = p_;
      if (!Eat('-')) SkipSpaces();
      const int month = MonthFromWord(ReadWord());
      if (month == 0) {
        p_ = after_day;
        return std::nullopt;
      }
      Eat('.');
      f.day = static_cast<int>(first);
      f.month = month;
      if (!Eat('-')) {
        Eat(',');
        SkipSpaces();
      }
      if (!ReadYear(f)) return std::nullopt;
      if (!ParseTimeAfterDate(f, /*allow_t=*/false)) return std::nullopt;
      return f;
    }
    p_ = start;
    return std::nullopt;
  }

  // After "YYYY年": "M月D日 [weekday] [time]".
  std::optional<Fields> ParseChineseRest(Fields& f) {
    SkipSpaces();
    if (!ReadNumber(2, f.month)) return std::nullopt;
    SkipSpaces();
    if (!EatStr("月")) return std::nullopt;
    const size_t after_month = p_;
    SkipSpaces();
    if (!ReadNumber(2, f.day)) {
      p_ = after_month;
      if (mode_ == Mode::kWhole) return f;  // "2023年2月": a month
      return std::nullopt;
    }
    SkipSpaces();
    if (!EatChineseDayMarker()) return std::nullopt;
    SkipChineseWeekday();
    if (!ParseTimeAfterDate(f, /*allow_t=*/false)) return std::nullopt;
    return f;
  }

  // Year after a day-month pair: four digits, or two (<90 -> 20xx, else 19xx, as feedparser).
  bool ReadYear(Fields& f) {
    int64_t y = 0;
    size_t digits = 0;
    if (!ReadNumber(4, y, digits) || digits == 3) return false;
    if (digits <= 2) y += y < 90 ? 2000 : 1900;
    f.year = y;
    return true;
  }

  // Optional time after a date, then an optional zone. Returns false only for a time that
  // started unambiguously (after 'T') and is malformed.
  bool ParseTimeAfterDate(Fields& f, bool allow_t) {
    const size_t save = p_;
    if (allow_t && (Eat('T') || Eat('t'))) {
      if (!TryTime(f)) return false;
      TryZone(f, /*allow_space=*/true);
      return true;
    }
    SkipSpaces();
    if (TryTime(f)) {
      TryZone(f, /*allow_space=*/true);
      return true;
    }
    p_ = save;
    // A zone straight after a date-only value ("2003-12-13Z") is rare; W3C-DTF forbids it.
    return true;
  }

  // "08:10", "8:10:05.25", "8时10分", "08点10分30秒", "10:00 PM", "下午3:15".
  bool TryTime(Fields& f) {
    const size_t save = p_;
    int pm = -1;  // -1 unknown, 0 am, 1 pm
    if (EatStr("上午") || EatStr("早上") || EatStr("凌晨")) pm = 0;
    else if (EatStr("下午") || EatStr("晚上")) pm = 1;
    SkipSpaces();
    int hour = 0, minute = 0, second = 0;
    if (!ReadNumber(2, hour)) {
      p_ = save;
      return false;
    }
    if (Eat(':')) {
      if (!ReadNumber(2, minute)) {
        p_ = save;
        return false;
      }
      if (Eat(':')) {
        if (!ReadNumber(2, second)) {
          p_ = save;
          return false;
        }
        if (Peek() == '.' || Peek() == ',') {
          if (IsDigit(Peek(1))) {
            ++p_;
            while (!AtEnd() && IsDigit(Peek())) ++p_;
          }
        }
      }
    } else {
      SkipSpaces();
      if (!EatChineseHourMarker()) {
        p_ = save;
        return false;
      }
      const size_t after_hour = p_;
      SkipSpaces();
      if (ReadNumber(2, minute)) {
        SkipSpaces();
        if (!EatStr("分")) {
          p_ = after_hour;
          minute = 0;
        } else {
          const size_t after_minute = p_;
          SkipSpaces();
          if (ReadNumber(2, second)) {
            SkipSpaces();
            if (!EatStr("秒")) {
              p_ = after_minute;
              second = 0;
            }
          } else {
            p_ = after_minute;
          }
        }
      } else {
        p_ = after_hour;
      }
    }
    if (pm < 0) {
      const size_t before_ampm = p_;
      SkipSpaces();
      const std::string_view word = ReadWord();
      const std::string w = LowerCopy(word);
      if ((w == "am" || w == "a") && (w == "am" || (Eat('.') && Eat('m') && Eat('.')))) {
        pm = 0;
      } else if ((w == "pm" || w == "p") && (w == "pm" || (Eat('.') && Eat('m') && Eat('.')))) {
        pm = 1;
      } else {
        p_ = before_ampm;
      }
    }
    if (pm >= 0) {
      // "下午15:00" is common: a 24-hour value after a PM marker stays as written.
      if (hour > 12 && !(pm == 1 && hour < 24)) {
        p_ = save;
        return false;
      }
      if (pm == 1 && hour < 12) hour += 12;
      if (pm == 0 && hour == 12) hour = 0;
    }
    f.hour = hour;
    f.minute = minute;
    f.second = second;
    return true;
  }

  // "Z", "+08:00", "+0800", "-5", " GMT", " GMT+8", " UTC+08:00", " EST", " Etc/GMT".
  bool TryZone(Fields& f, bool allow_space) {
    const size_t save = p_;
    if ((Peek() == 'Z' || Peek() == 'z') && !IsAlpha(Peek(1))) {
      ++p_;
      f.offset = 0;
      return true;
    }
    if (allow_space) SkipSpaces();
    if (TrySignedOffset(f)) return true;
    if (IsAlpha(Peek())) {
      const size_t word_start = p_;
      std::string_view word = ReadWord();
      if (LowerCopy(word) == "etc" && Eat('/')) word = ReadWord();
      const std::string w = LowerCopy(word);
      if (w == "gmt" || w == "utc" || w == "ut") {
        f.offset = 0;
        const size_t after = p_;
        if (!TrySignedOffset(f)) p_ = after;
        return true;
      }
      // Inside free text only an upper-case zone name of two or more letters counts, so that
      // "08:10 at the meeting" keeps no zone.
      const bool plausible = mode_ == Mode::kWhole || (word.size() >= 2 && IsUpperWord(word));
      if (const auto minutes = NamedZoneMinutes(w); plausible && minutes && !IsDigit(Peek())) {
        f.offset = *minutes;
        return true;
      }
      p_ = word_start;
    }
    p_ = save;
    return false;
  }

  bool TrySignedOffset(Fields& f) {
    const size_t save = p_;
    if (Peek() != '+' && Peek() != '-') return false;
    const int sign = Peek() == '-' ? -1 : 1;
    ++p_;
    int64_t v = 0;
    size_t digits = 0;
    if (!ReadNumber(4, v, digits)) {
      p_ = save;
      return false;
    }
    int64_t hours = v, minutes = 0;
    if (digits >= 3) {
      hours = v / 100;
      minutes = v % 100;
    } else if (Eat(':')) {
      int m = 0;
      size_t md = 0;
      int64_t mv = 0;
      if (!ReadNumber(2, mv, md) || md != 2) {
        p_ = save;
        return false;
      }
      m = static_cast<int>(mv);
      minutes = m;
    }
    if (minutes > 59) {
      p_ = save;
      return false;
    }
    f.offset = static_cast<int32_t>(sign * (hours * 60 + minutes));
    return true;
  }

  std::optional<Fields> ParseWordFirst() {
    const size_t start = p_;
    std::string_view word = ReadWord();
    if (IsDayName(word)) {
      Eat('.');
      Eat(',');
      SkipSpaces();
      if (IsDigit(Peek())) {
        auto f = ParseNumberFirst();
        if (!f) p_ = start;
        return f;
      }
      word = ReadWord();
    }
    const int month = MonthFromWord(word);
    if (month == 0) {
      p_ = start;
      return std::nullopt;
    }
    Eat('.');
    Fields f;
    f.month = month;
    // "Jul 8, 2022 10:00", asctime "Jul  8 02:40:24 [GMT] 2022", "Jul-08-2022".
    const bool dashed = Eat('-');
    if (!dashed) SkipSpaces();
    if (!ReadNumber(2, f.day)) {
      p_ = start;
      return std::nullopt;
    }
    for (const std::string_view suffix : {"st", "nd", "rd", "th"}) {
      if (EatStr(suffix)) break;
    }
    if (!(dashed && Eat('-'))) {
      Eat(',');
      SkipSpaces();
    }
    // asctime: the time comes before the year.
    Fields timed = f;
    const size_t before_time = p_;
    if (TryTime(timed) && Peek() != '\0') {
      const size_t after_time = p_;
      TryZone(timed, /*allow_space=*/true);
      SkipSpaces();
      int64_t y = 0;
      size_t digits = 0;
      if (ReadNumber(4, y, digits) && digits == 4) {
        timed.year = y;
        return timed;
      }
      p_ = after_time;
    }
    p_ = before_time;
    int64_t y = 0;
    size_t digits = 0;
    if (!ReadNumber(4, y, digits) || digits != 4) {
      p_ = start;
      return std::nullopt;
    }
    f.year = y;
    if (!ParseTimeAfterDate(f, /*allow_t=*/false)) {
      p_ = start;
      return std::nullopt;
    }
    return f;
  }

  std::string_view s_;
  size_t p_;
  Mode mode_;
};

std::optional<Timestamp> ToTimestamp(const Fields& f, int32_t default_offset_minutes) {
  if (f.year < 1 || f.year > 9999 || f.month < 1 || f.month > 12) return std::nullopt;
  if (f.day < 1 || f.day > DaysInMonth(f.year, f.month)) return std::nullopt;
  if (f.hour > 23 || f.minute > 59 || f.second > 60) return std::nullopt;
  const int32_t offset = f.offset.value_or(default_offset_minutes);
  if (offset < -18 * 60 || offset > 18 * 60) return std::nullopt;
  const int second = f.second == 60 ? 59 : f.second;  // leap second
  Timestamp t;
  t.unix_seconds = DaysFromCivil(f.year, static_cast<unsigned>(f.month),
                                 static_cast<unsigned>(f.day)) *
                       86400 +
                   f.hour * 3600 + f.minute * 60 + second - int64_t{offset} * 60;
  t.utc_offset_minutes = offset;
  return t;
}

// What may follow a whole date and be ignored: a parenthesised comment "(CST)", or one unknown
// zone-like word ("Fri, 08 Jul 2022 02:40 XYZT"), as feedparser ignores unknown zones.
bool IsIgnorableTail(std::string_view rest) {
  size_t i = 0;
  while (i < rest.size() && IsSpace(rest[i])) ++i;
  if (i == rest.size()) return true;
  if (rest[i] == '(') return rest.back() == ')';
  if (i == 0) return false;  // glued to the date: "2003xyz" is not a date
  size_t letters = 0;
  while (i < rest.size() && (IsAlpha(rest[i]) || rest[i] == '/' || rest[i] == '_')) {
    ++i;
    ++letters;
  }
  while (i < rest.size() && IsSpace(rest[i])) ++i;
  return i == rest.size() && letters > 0 && letters <= 32;
}

}  // namespace

std::optional<Timestamp> ParseDate(std::string_view text, int32_t default_offset_minutes) {
  const FoldedText folded = Fold(text);
  std::string_view s = folded.text;
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  if (s.empty() || s.size() > 256) return std::nullopt;
  DateScanner scanner(s, 0, Mode::kWhole);
  const std::optional<Fields> fields = scanner.Parse();
  if (!fields) return std::nullopt;
  if (scanner.pos() != s.size()) {
    const std::string_view rest = s.substr(scanner.pos());
    if (!IsIgnorableTail(rest)) return std::nullopt;
  }
  return ToTimestamp(*fields, default_offset_minutes);
}

std::optional<FoundDate> FindDateInText(std::string_view text, int32_t default_offset_minutes) {
  const FoldedText folded = Fold(text);
  const std::string_view s = folded.text;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool starts_token = i == 0 || !(IsDigit(s[i - 1]) || IsAlpha(s[i - 1]));
    if (!starts_token || !(IsDigit(c) || IsAlpha(c))) continue;
    DateScanner scanner(s, i, Mode::kFind);
    const std::optional<Fields> fields = scanner.Parse();
    if (!fields) continue;
    const size_t end = scanner.pos();
    if (end < s.size() && IsDigit(s[end])) continue;
    if (fields->year < 1970 || fields->year > 2099) continue;
    const std::optional<Timestamp> time = ToTimestamp(*fields, default_offset_minutes);
    if (!time) continue;
    return FoundDate{*time, folded.origin[i], folded.origin[end]};
  }
  return std::nullopt;
}

}  // namespace newswatch
