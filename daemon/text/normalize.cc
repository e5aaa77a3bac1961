#include "daemon/text/normalize.h"

#include <opencc/opencc.h>

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "daemon/text/utf8.h"

namespace newswatch {

namespace {

// Move-only owner of an opencc_t.
class OpenccConverter {
 public:
  explicit OpenccConverter(opencc_t handle) : handle_(handle) {}
  OpenccConverter(OpenccConverter&& other) noexcept
      : handle_(std::exchange(other.handle_, Invalid())) {}
  OpenccConverter& operator=(OpenccConverter&& other) noexcept {
    if (this != &other) {
      Close();
      handle_ = std::exchange(other.handle_, Invalid());
    }
    return *this;
  }
  OpenccConverter(const OpenccConverter&) = delete;
  OpenccConverter& operator=(const OpenccConverter&) = delete;
  ~OpenccConverter() { Close(); }

  // Opens `config` by name (OpenCC's data directory) or, failing that, under /usr/share/opencc.
  static std::optional<OpenccConverter> Open(const std::string& config) {
    for (const std::string& path : {config, "/usr/share/opencc/" + config}) {
      OpenccConverter c(opencc_open(path.c_str()));
      if (c.valid()) return c;
    }
    return std::nullopt;
  }

  bool valid() const { return handle_ != Invalid() && handle_ != nullptr; }

  // Converts UTF-8 text; returns the input unchanged if OpenCC reports an error.
  std::string Convert(std::string_view text) const {
    if (text.empty()) return "";
    char* out = opencc_convert_utf8(handle_, text.data(), text.size());
    if (out == nullptr) return std::string(text);
    std::string result(out);
    opencc_convert_utf8_free(out);
    return result;
  }

 private:
  static opencc_t Invalid() { return reinterpret_cast<opencc_t>(-1); }
  void Close() {
    if (valid()) opencc_close(handle_);
    handle_ = Invalid();
  }
  opencc_t handle_;
};

}  // namespace

// OpenCC's C API shares converter state across calls on one handle in some versions, so a
// converter is never used by two threads at once: each call leases one, and the pool grows to
// the number of threads converting concurrently.
class ConverterPool {
 public:
  static std::unique_ptr<ConverterPool> Open(const std::string& config) {
    std::optional<OpenccConverter> first = OpenccConverter::Open(config);
    if (!first) return nullptr;
    auto pool = std::unique_ptr<ConverterPool>(new ConverterPool(config));
    pool->idle_.push_back(std::move(*first));
    return pool;
  }

  std::string Convert(std::string_view text) {
    std::optional<OpenccConverter> converter = Acquire();
    if (!converter) return std::string(text);
    std::string out = converter->Convert(text);
    Release(std::move(*converter));
    return out;
  }

 private:
  explicit ConverterPool(std::string config) : config_(std::move(config)) {}

  std::optional<OpenccConverter> Acquire() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!idle_.empty()) {
        OpenccConverter c = std::move(idle_.back());
        idle_.pop_back();
        return c;
      }
    }
    return OpenccConverter::Open(config_);  // loaded outside the lock: it reads files
  }

  void Release(OpenccConverter converter) {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.push_back(std::move(converter));
  }

  const std::string config_;
  std::mutex mu_;
  std::vector<OpenccConverter> idle_;
};

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Decodes the well-formed UTF-8 code point at s[i] and sets *len; returns -1 (and *len = 1)
// for a byte that does not start one.
int32_t DecodeAt(std::string_view s, size_t i, size_t* len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  *len = 1;
  if (b0 < 0x80) return b0;
  size_t n;
  uint32_t cp;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    cp = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    cp = b0 & 0x07;
  } else {
    return -1;
  }
  if (i + n > s.size()) return -1;
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (b & 0x3F);
  }
  if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
      (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
    return -1;
  }
  *len = n;
  return static_cast<int32_t>(cp);
}

bool IsHan(int32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F) || cp == 0x3007;
}

bool IsSpace(int32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
         cp == 0x205F || cp == 0x1680 || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

bool IsInvisible(int32_t cp) { return cp == 0 || cp == 0x200B || cp == 0xFEFF || cp == 0x2060; }

// The base letter of a pinyin letter ('v' for ü), and whether it carries a tone mark; 0 if
// `cp` is not a pinyin letter.
char PinyinBase(int32_t cp, bool* toned) {
  *toned = false;
  if (cp >= 'a' && cp <= 'z') return static_cast<char>(cp);
  if (cp >= 'A' && cp <= 'Z') return static_cast<char>(cp - 'A' + 'a');
  struct Toned {
    int32_t cp;
    char base;
  };
  static constexpr Toned kToned[] = {
      {0x0101, 'a'}, {0x00E1, 'a'}, {0x01CE, 'a'}, {0x00E0, 'a'}, {0x0113, 'e'}, {0x00E9, 'e'},
      {0x011B, 'e'}, {0x00E8, 'e'}, {0x012B, 'i'}, {0x00ED, 'i'}, {0x01D0, 'i'}, {0x00EC, 'i'},
      {0x014D, 'o'}, {0x00F3, 'o'}, {0x01D2, 'o'}, {0x00F2, 'o'}, {0x016B, 'u'}, {0x00FA, 'u'},
      {0x01D4, 'u'}, {0x00F9, 'u'}, {0x01D6, 'v'}, {0x01D8, 'v'}, {0x01DA, 'v'}, {0x01DC, 'v'},
      {0x0144, 'n'}, {0x0148, 'n'}, {0x01F9, 'n'}, {0x1E3F, 'm'}};
  for (const Toned& t : kToned) {
    if (t.cp == cp) {
      *toned = true;
      return t.base;
    }
  }
  if (cp == 0x00FC) return 'v';  // ü without tone
  if (cp == 0x0251) return 'a';  // ɑ, used by some annotators
  return 0;
}

// True if `s` (base letters, ü as 'v') is a syllable of Mandarin pinyin.
bool IsPinyinSyllable(std::string_view s) {
  static constexpr std::string_view kInitials[] = {"zh", "ch", "sh", "b", "p", "m", "f", "d",
                                                   "t",  "n",  "l",  "g", "k", "h", "j", "q",
                                                   "x",  "r",  "z",  "c", "s", "y", "w"};
  static constexpr std::string_view kFinals[] = {
      "a",  "o",   "e",   "i",   "u",    "v",  "ai",  "ei",  "ui",   "ao",
      "ou", "iu",  "ie",  "ve",  "ue",   "er", "an",  "en",  "in",   "un",
      "vn", "ang", "eng", "ing", "ong",  "ia", "iao", "ian", "iang", "iong",
      "ua", "uo",  "uai", "uan", "uang", "io", "van", "uen", "uei",  "iou"};
  auto is_final = [](std::string_view f) {
    return std::find(std::begin(kFinals), std::end(kFinals), f) != std::end(kFinals);
  };
  if (s == "n" || s == "ng" || s == "m" || s == "hm" || s == "hng") return true;
  if (is_final(s)) return true;  // zero-initial syllables: "ai", "er", "ang" ...
  for (std::string_view initial : kInitials) {
    if (s.substr(0, initial.size()) == initial && is_final(s.substr(initial.size()))) {
      return true;
    }
  }
  return false;
}

// If s[pos] opens a pinyin annotation ("(guó)", "（zhong1 guo2）"), returns its length in bytes
// including both parentheses; else 0.
size_t PinyinAnnotationLength(std::string_view s, size_t pos) {
  size_t i = pos;
  size_t len = 0;
  const int32_t open = DecodeAt(s, i, &len);
  if (open != '(' && open != 0xFF08) return 0;
  i += len;
  int syllables = 0;
  while (i < s.size() && i - pos < 64) {
    std::string base;
    bool any_tone = false;
    while (i < s.size()) {
      bool toned = false;
      const int32_t cp = DecodeAt(s, i, &len);
      const char b = PinyinBase(cp, &toned);
      if (b == 0) break;
      base.push_back(b);
      any_tone |= toned;
      i += len;
    }
    bool numbered = false;
    if (i < s.size() && s[i] >= '1' && s[i] <= '5' && base.size() >= 2) {
      numbered = true;
      ++i;
    }
    if (base.empty() || base.size() > 6 || !(any_tone || numbered) || !IsPinyinSyllable(base)) {
      return 0;
    }
    ++syllables;
    if (i >= s.size()) return 0;
    const int32_t next = DecodeAt(s, i, &len);
    if (next == ')' || next == 0xFF09) return i + len - pos;
    if (next != ' ' || syllables == 4) return 0;
    ++i;
  }
  return 0;
}

}  // namespace

std::string StripPinyinAnnotations(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  int32_t last = 0;
  for (size_t i = 0; i < text.size();) {
    size_t len = 1;
    const int32_t cp = DecodeAt(text, i, &len);
    if (IsHan(last) && (cp == '(' || cp == 0xFF08)) {
      if (const size_t skip = PinyinAnnotationLength(text, i); skip > 0) {
        i += skip;
        continue;  // `last` stays the annotated character: annotations may follow each other
      }
    }
    out.append(text.substr(i, len));
    last = cp;
    i += len;
  }
  return out;
}

constexpr int32_t kTableFirst = 0x3400;
constexpr int32_t kTableLast = 0xFAFF;

namespace {

// Marks the characters of U+3400..U+FAFF that `pool`'s conversion changes on their own.
// Characters are converted one per line so that no phrase rule spans two of them.
std::vector<bool> ChangedCharacters(ConverterPool& pool) {
  std::string all;
  for (int32_t cp = kTableFirst; cp <= kTableLast; ++cp) {
    AppendUtf8(cp >= 0xD800 && cp <= 0xDFFF ? 'x' : static_cast<uint32_t>(cp),
               all);  // no surrogates
    all.push_back('\n');
  }
  const std::string converted = pool.Convert(all);
  std::vector<bool> changed(kTableLast - kTableFirst + 1, false);
  size_t a = 0, b = 0;
  for (int32_t cp = kTableFirst; cp <= kTableLast; ++cp) {
    const size_t a_end = all.find('\n', a);
    const size_t b_end = converted.find('\n', b);
    if (b_end == std::string::npos) {
      // Conversion lost the line structure: treat every Han character as changing, which only
      // costs speed (OpenCC always runs), never correctness.
      std::fill(changed.begin(), changed.end(), true);
      return changed;
    }
    changed[cp - kTableFirst] = all.compare(a, a_end - a, converted, b, b_end - b) != 0;
    a = a_end + 1;
    b = b_end + 1;
  }
  return changed;
}

}  // namespace

TextNormalizer::TextNormalizer(std::unique_ptr<ConverterPool> t2s, std::vector<bool> traditional,
                               std::vector<bool> simplified)
    : t2s_(std::move(t2s)),
      traditional_(std::move(traditional)),
      simplified_(std::move(simplified)) {}

TextNormalizer::~TextNormalizer() = default;

Result<std::unique_ptr<TextNormalizer>> TextNormalizer::Create() {
  std::unique_ptr<ConverterPool> t2s = ConverterPool::Open("t2s.json");
  if (!t2s)
    return ConfigError("OpenCC configuration t2s.json (traditional to simplified) not found");
  std::unique_ptr<ConverterPool> s2t = ConverterPool::Open("s2t.json");
  if (!s2t)
    return ConfigError("OpenCC configuration s2t.json (simplified to traditional) not found");
  std::vector<bool> traditional = ChangedCharacters(*t2s);
  std::vector<bool> simplified = ChangedCharacters(*s2t);
  return std::unique_ptr<TextNormalizer>(
      new TextNormalizer(std::move(t2s), std::move(traditional), std::move(simplified)));
}

bool TextNormalizer::MayConvert(int32_t cp) const {
  if (cp < kTableFirst) return false;
  return cp <= kTableLast ? traditional_[cp - kTableFirst] : IsHan(cp);
}

std::string TextNormalizer::Normalize(std::string_view text) const {
  bool needs_conversion = false;
  std::string folded = Fold(text, &needs_conversion);
  return needs_conversion ? ConvertTraditionalClauses(folded) : folded;
}

std::string TextNormalizer::NormalizeConvertingWholeText(std::string_view text) const {
  bool needs_conversion = false;
  std::string folded = Fold(text, &needs_conversion);
  return needs_conversion ? t2s_->Convert(folded) : folded;
}

namespace {

// Clause boundaries for conversion: ASCII other than letters and digits (folding has made
// full-width forms ASCII), general punctuation (quotes, dashes, ellipsis), CJK punctuation and
// the remaining full-width and half-width forms. OpenCC's dictionaries hold no rule across them.
bool EndsClause(int32_t cp) {
  if (cp < 0x80) {
    return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
  }
  return (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
         (cp >= 0xFF00 && cp <= 0xFFEF);
}

}  // namespace

// Profiled: in a mostly simplified corpus, one traditional character made OpenCC convert the
// whole article, which cost as much as folding all the other articles. Now only the runs of
// clauses holding such a character go through it.
std::string TextNormalizer::ConvertTraditionalClauses(const std::string& folded) const {
  std::string out;
  out.reserve(folded.size());
  size_t copied = 0;        // folded[0, copied) is already in `out`
  size_t run_begin = 0;     // first clause of the pending run to convert
  size_t run_end = 0;       // end of that run; run_begin == run_end when none is pending
  size_t clause_begin = 0;  // start of the current clause
  bool clause_converts = false;
  auto flush_run = [&] {
    if (run_begin == run_end) return;
    out.append(folded, copied, run_begin - copied);
    out += t2s_->Convert(std::string_view(folded).substr(run_begin, run_end - run_begin));
    copied = run_end;
    run_begin = run_end = 0;
  };
  auto end_clause = [&](size_t end) {
    if (clause_converts) {
      if (run_begin == run_end) run_begin = clause_begin;
      run_end = end;
    } else if (run_begin != run_end && end > clause_begin) {
      flush_run();  // a clause that stays as it is ends the run
    }
    clause_converts = false;
  };
  for (size_t i = 0; i < folded.size();) {
    size_t len = 1;
    const int32_t cp = DecodeAt(folded, i, &len);
    if (EndsClause(cp)) {
      end_clause(i);
      clause_begin = i + len;
    } else {
      clause_converts |= MayConvert(cp);
    }
    i += len;
  }
  end_clause(folded.size());
  flush_run();
  out.append(folded, copied, std::string::npos);
  return out;
}

std::string TextNormalizer::Fold(std::string_view text, bool* needs_conversion_out) const {
  std::string folded;
  folded.reserve(text.size());
  int32_t last = 0;
  bool pending_space = false;
  bool needs_conversion = false;
  for (size_t i = 0; i < text.size();) {
    size_t len = 1;
    int32_t cp = DecodeAt(text, i, &len);
    if (IsHan(last) && (cp == '(' || cp == 0xFF08)) {
      if (const size_t skip = PinyinAnnotationLength(text, i); skip > 0) {
        i += skip;
        continue;
      }
    }
    const size_t start = i;
    i += len;
    if (IsSpace(cp)) {
      pending_space = !folded.empty();
      last = ' ';
      continue;
    }
    if (IsInvisible(cp)) continue;
    if (pending_space) {
      folded.push_back(' ');
      pending_space = false;
    }
    last = cp;
    if (cp < 0) {
      folded.append(kReplacement);
      continue;
    }
    const int32_t decoded = cp;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    needs_conversion |= MayConvert(cp);
    // An unchanged character keeps its bytes (profiled: re-encoding every code point byte by
    // byte was a tenth of normalize + relevance).
    if (cp == decoded) {
      folded.append(text.substr(start, len));
    } else {
      AppendUtf8(static_cast<uint32_t>(cp), folded);
    }
  }
  *needs_conversion_out = needs_conversion;
  return folded;
}

Script TextNormalizer::DetectScript(std::string_view text) const {
  size_t han = 0, traditional = 0, simplified = 0;
  bool letters = false;
  for (size_t i = 0; i < text.size();) {
    size_t len = 1;
    const int32_t cp = DecodeAt(text, i, &len);
    i += len;
    if (IsHan(cp)) {
      ++han;
      if (cp >= kTableFirst && cp <= kTableLast) {
        traditional += traditional_[cp - kTableFirst];
        simplified += simplified_[cp - kTableFirst];
      }
    } else if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               (cp >= 0xC0 && cp < 0x2000)) {
      letters = true;
    }
  }
  if (han == 0) return letters ? Script::kLatin : Script::kUnknown;
  if (traditional == 0 && simplified == 0) return Script::kSimplified;
  if (traditional >= 3 * simplified) return Script::kTraditional;
  if (simplified >= 3 * traditional) return Script::kSimplified;
  return Script::kMixed;
}

}  // namespace newswatch
