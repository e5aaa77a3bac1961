#include "daemon/text/charset.h"

#include <errno.h>
#include <iconv.h>
#include <uchardet/uchardet.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <optional>
#include <utility>
#include <vector>

#include "daemon/text/charset_internal.h"
#include "daemon/text/utf8.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace newswatch {

namespace charset_internal {
std::atomic<bool> scalar_utf8_only{false};
}  // namespace charset_internal

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
// How far into a document a declaration is looked for. Feeds collected by crawlers sometimes
// carry a long comment between the XML declaration and the root, so look past HTML's 1024.
constexpr size_t kDeclarationWindow = 8192;

// Move-only owner of an iconv_t.
class IconvHandle {
 public:
  // Opens a converter from `from` to UTF-8; check valid() before use.
  explicit IconvHandle(const std::string& from) : cd_(iconv_open("UTF-8", from.c_str())) {}
  IconvHandle(IconvHandle&& other) noexcept : cd_(std::exchange(other.cd_, kInvalid())) {}
  IconvHandle& operator=(IconvHandle&& other) noexcept {
    if (this != &other) {
      Close();
      cd_ = std::exchange(other.cd_, kInvalid());
    }
    return *this;
  }
  IconvHandle(const IconvHandle&) = delete;
  IconvHandle& operator=(const IconvHandle&) = delete;
  ~IconvHandle() { Close(); }

  bool valid() const { return cd_ != kInvalid(); }
  iconv_t get() const { return cd_; }

 private:
  static iconv_t kInvalid() { return reinterpret_cast<iconv_t>(-1); }
  void Close() {
    if (valid()) iconv_close(cd_);
    cd_ = kInvalid();
  }
  iconv_t cd_;
};

// Move-only owner of a uchardet_t.
class CharsetDetector {
 public:
  CharsetDetector() : ud_(uchardet_new()) {}
  CharsetDetector(CharsetDetector&& other) noexcept : ud_(std::exchange(other.ud_, nullptr)) {}
  CharsetDetector& operator=(CharsetDetector&& other) noexcept {
    if (this != &other) {
      if (ud_ != nullptr) uchardet_delete(ud_);
      ud_ = std::exchange(other.ud_, nullptr);
    }
    return *this;
  }
  CharsetDetector(const CharsetDetector&) = delete;
  CharsetDetector& operator=(const CharsetDetector&) = delete;
  ~CharsetDetector() {
    if (ud_ != nullptr) uchardet_delete(ud_);
  }

  // Returns uchardet's guess (e.g. "GB18030", "BIG5"), or "" if it has none.
  std::string Detect(std::string_view bytes) {
    if (ud_ == nullptr) return "";
    uchardet_reset(ud_);
    if (uchardet_handle_data(ud_, bytes.data(), bytes.size()) != 0) return "";
    uchardet_data_end(ud_);
    const char* name = uchardet_get_charset(ud_);
    return name == nullptr ? "" : std::string(name);
  }

 private:
  uchardet_t ud_;
};

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerTrim(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), AsciiLower);
  return out;
}

bool IsGbFamily(const std::string& n) {
  static constexpr std::array<std::string_view, 16> kNames = {
      "gb2312",     "gbk",     "x-gbk",  "cp936",    "ms936",   "windows-936", "csgb2312",
      "gb_2312-80", "gb_2312", "euc-cn", "x-euc-cn", "chinese", "iso-ir-58",   "csiso58gb231280",
      "gb18030",    "gb-18030"};
  return std::find(kNames.begin(), kNames.end(), n) != kNames.end();
}

bool IsBig5Family(const std::string& n) {
  static constexpr std::array<std::string_view, 9> kNames = {"big5",      "big-5",  "cn-big5",
                                                             "x-x-big5",  "csbig5", "big5-hkscs",
                                                             "big5hkscs", "cp950",  "x-big5"};
  return std::find(kNames.begin(), kNames.end(), n) != kNames.end();
}

bool IsLatin1Family(const std::string& n) {
  static constexpr std::array<std::string_view, 14> kNames = {
      "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1",      "iso_8859-1", "latin1",
      "latin-1",      "l1",     "us-ascii", "ascii",      "ansi_x3.4-1968", "iso-ir-100", "cp819"};
  return std::find(kNames.begin(), kNames.end(), n) != kNames.end();
}

// Windows-1252 0x80-0x9F; the five holes map to the C1 controls, as browsers do.
constexpr std::array<uint16_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void AppendCp1252(unsigned char b, std::string& out) {
  AppendUtf8(b >= 0x80 && b < 0xA0 ? kCp1252High[b - 0x80] : b, out);
}

// Length of the well-formed UTF-8 sequence starting at bytes[i], or 0 if there is none.
[[gnu::always_inline]] inline size_t Utf8SequenceLength(std::string_view bytes, size_t i) {
  const auto b0 = static_cast<unsigned char>(bytes[i]);
  if (b0 < 0x80) return 1;
  const size_t left = bytes.size() - i;
  const auto at = [&](size_t k) { return static_cast<unsigned char>(bytes[i + k]); };
  const auto cont = [&](size_t k) { return (at(k) & 0xC0) == 0x80; };
  if (b0 >= 0xE1 && b0 <= 0xEC) {  // most of CJK: no overlong or surrogate check needed
    return left >= 3 && cont(1) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF) return left >= 2 && cont(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (left < 3 || !cont(2)) return 0;
    const unsigned char lo = b0 == 0xE0 ? 0xA0 : 0x80;  // no overlongs
    const unsigned char hi = b0 == 0xED ? 0x9F : 0xBF;  // no surrogates
    return at(1) >= lo && at(1) <= hi ? 3 : 0;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (left < 4 || !cont(2) || !cont(3)) return 0;
    const unsigned char lo = b0 == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = b0 == 0xF4 ? 0x8F : 0xBF;
    return at(1) >= lo && at(1) <= hi ? 4 : 0;
  }
  return 0;
}

// Number of ASCII bytes at the start of bytes[i...], checked 8 bytes at a time.
[[gnu::always_inline]] inline size_t AsciiRunLength(std::string_view bytes, size_t i) {
  const size_t start = i;
  const char* data = bytes.data();
  while (i + 8 <= bytes.size()) {
    uint64_t word;
    std::memcpy(&word, data + i, 8);
    if ((word & 0x8080808080808080ULL) != 0) break;
    i += 8;
  }
  while (i < bytes.size() && static_cast<unsigned char>(data[i]) < 0x80) ++i;
  return i - start;
}

struct Utf8Scan {
  size_t multibyte_sequences = 0;  // well-formed sequences of 2-4 bytes
  size_t invalid_bytes = 0;        // bytes not part of any well-formed sequence
  size_t high_bytes = 0;           // bytes >= 0x80
};

#if defined(__x86_64__) && defined(__GNUC__)
#define NW_UTF8_AVX2 1
// Well-formedness of UTF-8, 32 bytes at a time with AVX2 (chosen at run time), by the lookup
// method of Keiser and Lemire ("Validating UTF-8 in less than one instruction per byte", 2021):
// three 16-entry tables indexed by the nibbles of each byte and of the byte before it flag every
// two-byte pattern that cannot occur (too short, too long, overlong, surrogate, past U+10FFFF);
// third and fourth bytes are matched against the leads two and three bytes back. Returns false
// for ill-formed text; otherwise fills `scan` (exact counts, no invalid bytes) and returns true.
[[gnu::target("avx2,popcnt")]] bool ScanWellFormedUtf8Avx2(std::string_view bytes, Utf8Scan& scan) {
  constexpr uint8_t kTooShort = 1 << 0;
  constexpr uint8_t kTooLong = 1 << 1;
  constexpr uint8_t kOverlong3 = 1 << 2;
  constexpr uint8_t kTooLarge = 1 << 3;
  constexpr uint8_t kSurrogate = 1 << 4;
  constexpr uint8_t kOverlong2 = 1 << 5;
  constexpr uint8_t kTooLarge1000 = 1 << 6;
  constexpr uint8_t kOverlong4 = 1 << 6;
  constexpr uint8_t kTwoConts = 1 << 7;
  constexpr uint8_t kCarry = kTooShort | kTooLong | kTwoConts;
  // Indexed by the high nibble of the previous byte.
  alignas(16)
      const uint8_t byte1_high_bytes[16] = {kTooLong,
                                            kTooLong,
                                            kTooLong,
                                            kTooLong,
                                            kTooLong,
                                            kTooLong,
                                            kTooLong,
                                            kTooLong,
                                            kTwoConts,
                                            kTwoConts,
                                            kTwoConts,
                                            kTwoConts,
                                            kTooShort | kOverlong2,
                                            kTooShort,
                                            kTooShort | kOverlong3 | kSurrogate,
                                            kTooShort | kTooLarge | kTooLarge1000 | kOverlong4};
  const __m256i byte1_high = _mm256_broadcastsi128_si256(
      _mm_load_si128(reinterpret_cast<const __m128i*>(byte1_high_bytes)));
  // Indexed by the low nibble of the previous byte.
  alignas(16) const uint8_t byte1_low_bytes[16] = {kCarry | kOverlong3 | kOverlong2 | kOverlong4,
                                                   kCarry | kOverlong2,
                                                   kCarry,
                                                   kCarry,
                                                   kCarry | kTooLarge,
                                                   kCarry | kTooLarge | kTooLarge1000,
                                                   kCarry | kTooLarge | kTooLarge1000,
                                                   kCarry | kTooLarge | kTooLarge1000,
                                                   kCarry | kTooLarge | kTooLarge1000,
                                                   kCarry | kTooLarge | kTooLarge1000,
                                                   kCarry | kTooLarge | kTooLarge1000,
                                                   kCarry | kTooLarge | kTooLarge1000,
                                                   kCarry | kTooLarge | kTooLarge1000,
                                                   kCarry | kTooLarge | kTooLarge1000 | kSurrogate,
                                                   kCarry | kTooLarge | kTooLarge1000,
                                                   kCarry | kTooLarge | kTooLarge1000};
  const __m256i byte1_low = _mm256_broadcastsi128_si256(
      _mm_load_si128(reinterpret_cast<const __m128i*>(byte1_low_bytes)));
  // Indexed by the high nibble of the byte itself.
  alignas(16) const uint8_t byte2_high_bytes[16] = {
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge1000 | kOverlong4,
      kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge,
      kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge,
      kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge,
      kTooShort,
      kTooShort,
      kTooShort,
      kTooShort};
  const __m256i byte2_high = _mm256_broadcastsi128_si256(
      _mm_load_si128(reinterpret_cast<const __m128i*>(byte2_high_bytes)));
  const __m256i low_nibble = _mm256_set1_epi8(0x0F);
  // A block ending in the first bytes of a sequence leaves it incomplete: the last three bytes
  // must not start sequences of 4+, 3+, 2+ bytes.
  alignas(32) static constexpr uint8_t kIncomplete[32] = {
      255, 255, 255, 255, 255, 255, 255, 255,      255,      255,     255,
      255, 255, 255, 255, 255, 255, 255, 255,      255,      255,     255,
      255, 255, 255, 255, 255, 255, 255, 0xF0 - 1, 0xE0 - 1, 0xC0 - 1};
  const __m256i incomplete_max = _mm256_load_si256(reinterpret_cast<const __m256i*>(kIncomplete));

  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t size = bytes.size();
  __m256i error = _mm256_setzero_si256();
  __m256i prev = _mm256_setzero_si256();
  __m256i prev_incomplete = _mm256_setzero_si256();
  size_t high_bytes = 0, leads = 0;
  alignas(32) unsigned char tail[32];
  for (size_t i = 0; i < size; i += 32) {
    __m256i input;
    if (size - i >= 32) {
      input = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + i));
    } else {  // the last, partial block, padded with ASCII
      std::memset(tail, 0, sizeof tail);
      std::memcpy(tail, data + i, size - i);
      input = _mm256_load_si256(reinterpret_cast<const __m256i*>(tail));
    }
    const auto high = static_cast<uint32_t>(_mm256_movemask_epi8(input));
    if (high == 0) {
      error = _mm256_or_si256(error, prev_incomplete);
      prev_incomplete = _mm256_setzero_si256();
      prev = input;
      continue;
    }
    const __m256i shifted = _mm256_permute2x128_si256(prev, input, 0x21);
    const __m256i prev1 = _mm256_alignr_epi8(input, shifted, 15);
    const __m256i prev2 = _mm256_alignr_epi8(input, shifted, 14);
    const __m256i prev3 = _mm256_alignr_epi8(input, shifted, 13);
    const __m256i special = _mm256_and_si256(
        _mm256_and_si256(_mm256_shuffle_epi8(
                             byte1_high, _mm256_and_si256(_mm256_srli_epi16(prev1, 4), low_nibble)),
                         _mm256_shuffle_epi8(byte1_low, _mm256_and_si256(prev1, low_nibble))),
        _mm256_shuffle_epi8(byte2_high, _mm256_and_si256(_mm256_srli_epi16(input, 4), low_nibble)));
    // Third and fourth bytes: 0x80 where the byte two back is >= E0 or three back >= F0.
    const __m256i third = _mm256_subs_epu8(prev2, _mm256_set1_epi8(static_cast<char>(0xE0 - 0x80)));
    const __m256i fourth =
        _mm256_subs_epu8(prev3, _mm256_set1_epi8(static_cast<char>(0xF0 - 0x80)));
    const __m256i must23 =
        _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8(static_cast<char>(0x80)));
    error = _mm256_or_si256(error, _mm256_xor_si256(must23, special));
    prev_incomplete = _mm256_subs_epu8(input, incomplete_max);
    prev = input;
    // Continuation bytes are 80-BF: below C0 as signed bytes means below -64.
    const auto cont = static_cast<uint32_t>(
        _mm256_movemask_epi8(_mm256_cmpgt_epi8(_mm256_set1_epi8(-64), input)));
    high_bytes += static_cast<size_t>(__builtin_popcount(high));
    leads += static_cast<size_t>(__builtin_popcount(high & ~cont));
  }
  error = _mm256_or_si256(error, prev_incomplete);
  if (!_mm256_testz_si256(error, error)) return false;
  scan.multibyte_sequences = leads;
  scan.invalid_bytes = 0;
  scan.high_bytes = high_bytes;
  return true;
}

bool HaveAvx2() {
  static const bool have = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
  return have && !charset_internal::scalar_utf8_only.load(std::memory_order_relaxed);
}
#endif

// One pass over `bytes`: well-formed text by the block scan above where the CPU has it; otherwise
// ASCII runs 8 bytes at a time, the common 3-byte sequences (U+1000 to U+CFFF, all of CJK)
// checked inline, the rest by Utf8SequenceLength.
Utf8Scan ScanUtf8(std::string_view bytes) {
  Utf8Scan scan;
#if defined(NW_UTF8_AVX2)
  if (HaveAvx2() && ScanWellFormedUtf8Avx2(bytes, scan)) return scan;
#endif
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t size = bytes.size();
  size_t i = 0;
  while (i < size) {
    i += AsciiRunLength(bytes, i);
    while (i < size && data[i] >= 0x80) {
      // Runs of Han characters: lead byte 0xE1-0xEC, two continuation bytes.
      const size_t run_start = i;
      while (i + 3 <= size && static_cast<unsigned char>(data[i] - 0xE1) <= 0x0B &&
             (((data[i + 1] & 0xC0) ^ 0x80) | ((data[i + 2] & 0xC0) ^ 0x80)) == 0) {
        i += 3;
      }
      scan.multibyte_sequences += (i - run_start) / 3;
      scan.high_bytes += i - run_start;
      if (i >= size || data[i] < 0x80) break;
      const size_t len = Utf8SequenceLength(bytes, i);
      if (len == 0) {
        ++scan.invalid_bytes;
        ++scan.high_bytes;
        ++i;
      } else {
        ++scan.multibyte_sequences;
        scan.high_bytes += len;
        i += len;
      }
    }
  }
  return scan;
}

// Keeps well-formed UTF-8 and reads every other byte as Windows-1252.
DecodedText RepairUtf8WithCp1252(std::string_view bytes) {
  DecodedText out;
  out.charset = "utf-8";
  out.utf8.reserve(bytes.size() + bytes.size() / 8);
  for (size_t i = 0; i < bytes.size();) {
    // Well-formed text is appended a run at a time; each stray byte is read as Windows-1252.
    const size_t run_start = i;
    size_t len = 1;
    while (i < bytes.size()) {
      i += AsciiRunLength(bytes, i);
      if (i >= bytes.size() || (len = Utf8SequenceLength(bytes, i)) == 0) break;
      i += len;
    }
    out.utf8.append(bytes.substr(run_start, i - run_start));
    if (i < bytes.size()) {
      AppendCp1252(static_cast<unsigned char>(bytes[i]), out.utf8);
      ++out.invalid_bytes;
      ++i;
    }
  }
  return out;
}

DecodedText DecodeCp1252(std::string_view bytes) {
  DecodedText out;
  out.charset = "windows-1252";
  out.utf8.reserve(bytes.size() + bytes.size() / 4);
  for (char c : bytes) AppendCp1252(static_cast<unsigned char>(c), out.utf8);
  return out;
}

// The name glibc iconv knows for a canonical charset.
std::string IconvName(const std::string& canonical) {
  if (canonical == "gb18030") return "GB18030";
  if (canonical == "big5-hkscs") return "BIG5-HKSCS";
  if (canonical == "utf-16le") return "UTF-16LE";
  if (canonical == "utf-16be") return "UTF-16BE";
  if (canonical == "utf-32le") return "UTF-32LE";
  if (canonical == "utf-32be") return "UTF-32BE";
  return canonical;
}

// Decodes with iconv; each undecodable byte (or a truncated tail) becomes U+FFFD.
// Returns nullopt if iconv does not know the charset.
std::optional<DecodedText> DecodeWithIconv(std::string_view bytes, const std::string& canonical) {
  if (canonical == "utf-8") return RepairUtf8WithCp1252(bytes);
  if (canonical == "windows-1252") return DecodeCp1252(bytes);
  IconvHandle cd(IconvName(canonical));
  if (!cd.valid()) return std::nullopt;
  DecodedText out;
  out.charset = canonical;
  std::vector<char> buffer(std::max<size_t>(256, bytes.size() * 2 + 16));
  char* in = const_cast<char*>(bytes.data());  // iconv's signature; the input is not written
  size_t in_left = bytes.size();
  while (in_left > 0) {
    char* dst = buffer.data();
    size_t dst_left = buffer.size();
    const size_t rc = iconv(cd.get(), &in, &in_left, &dst, &dst_left);
    out.utf8.append(buffer.data(), dst - buffer.data());
    if (rc != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) continue;
    if (errno == EINVAL) {  // truncated sequence at the end
      out.utf8.append(kReplacement);
      out.invalid_bytes += in_left;
      break;
    }
    // EILSEQ (or anything else): skip one byte and resynchronise.
    out.utf8.append(kReplacement);
    ++out.invalid_bytes;
    ++in;
    --in_left;
    iconv(cd.get(), nullptr, nullptr, nullptr, nullptr);  // reset shift state
  }
  // Flush a stateful encoding's pending output.
  char* dst = buffer.data();
  size_t dst_left = buffer.size();
  if (iconv(cd.get(), nullptr, nullptr, &dst, &dst_left) != static_cast<size_t>(-1)) {
    out.utf8.append(buffer.data(), dst - buffer.data());
  }
  return out;
}

// Finds `needle` (lower-case ASCII) in `hay` ignoring ASCII case, from `from`.
size_t FindNoCase(std::string_view hay, std::string_view needle, size_t from = 0) {
  if (needle.size() > hay.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && AsciiLower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

// Reads a charset label after `pos` (which points just past "charset" or "encoding"):
// optional spaces, '=', optional spaces and quote, then the value.
std::string ReadLabelAfter(std::string_view s, size_t pos) {
  auto skip_spaces = [&] {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\r' || s[pos] == '\n'))
      ++pos;
  };
  skip_spaces();
  if (pos >= s.size() || s[pos] != '=') return "";
  ++pos;
  skip_spaces();
  if (pos < s.size() && (s[pos] == '"' || s[pos] == '\'')) ++pos;
  size_t end = pos;
  while (end < s.size()) {
    const char c = s[end];
    if (c == '"' || c == '\'' || c == ';' || c == '>' || c == ' ' || c == '\t' || c == '\r' ||
        c == '\n' || c == '/' || c == ',' || c == '?')
      break;
    ++end;
  }
  return LowerTrim(s.substr(pos, end - pos));
}

std::string XmlDeclaredEncoding(std::string_view head) {
  size_t start = 0;
  while (start < head.size() &&
         (head[start] == ' ' || head[start] == '\t' || head[start] == '\r' || head[start] == '\n'))
    ++start;
  if (head.substr(start, 5) != "<?xml") return "";
  const size_t end = head.find("?>", start);
  const std::string_view decl =
      head.substr(start, end == std::string_view::npos ? 512 : end - start);
  const size_t at = FindNoCase(decl, "encoding");
  if (at == std::string_view::npos) return "";
  return ReadLabelAfter(decl, at + 8);
}

std::string HtmlMetaCharset(std::string_view head) {
  for (size_t at = FindNoCase(head, "<meta"); at != std::string_view::npos;
       at = FindNoCase(head, "<meta", at + 5)) {
    const size_t end = head.find('>', at);
    const std::string_view tag = head.substr(at, end == std::string_view::npos ? 1024 : end - at);
    for (size_t c = FindNoCase(tag, "charset"); c != std::string_view::npos;
         c = FindNoCase(tag, "charset", c + 7)) {
      std::string label = ReadLabelAfter(tag, c + 7);
      if (!label.empty()) return label;
    }
  }
  return "";
}

std::string DeclaredCharset(std::string_view bytes, MarkupKind hint) {
  const std::string_view head = bytes.substr(0, kDeclarationWindow);
  if (hint == MarkupKind::kText) return "";
  if (hint != MarkupKind::kHtml) {
    std::string xml = XmlDeclaredEncoding(head);
    if (!xml.empty() || hint == MarkupKind::kXml) return xml;
  }
  return HtmlMetaCharset(head);
}

bool IsUtf16Or32(const std::string& canonical) {
  return canonical.rfind("utf-16", 0) == 0 || canonical.rfind("utf-32", 0) == 0 ||
         canonical == "ucs-2" || canonical == "unicode";
}

// Charsets whose text is pure ASCII bytes with escape sequences.
bool IsSevenBitStateful(const std::string& canonical) {
  return canonical.rfind("iso-2022", 0) == 0 || canonical == "hz-gb-2312" || canonical == "hz" ||
         canonical == "utf-7";
}

std::optional<DecodedText> TryBom(std::string_view bytes) {
  struct Bom {
    std::string_view mark;
    const char* charset;
  };
  // UTF-32LE before UTF-16LE: its BOM starts with the UTF-16LE one.
  static constexpr std::array<Bom, 5> kBoms = {{{"\xEF\xBB\xBF", "utf-8"},
                                                {std::string_view("\xFF\xFE\0\0", 4), "utf-32le"},
                                                {std::string_view("\0\0\xFE\xFF", 4), "utf-32be"},
                                                {"\xFF\xFE", "utf-16le"},
                                                {"\xFE\xFF", "utf-16be"}}};
  for (const Bom& bom : kBoms) {
    if (bytes.substr(0, bom.mark.size()) != bom.mark) continue;
    std::optional<DecodedText> out = DecodeWithIconv(bytes.substr(bom.mark.size()), bom.charset);
    if (!out) continue;
    if (out->charset == "utf-8" && out->invalid_bytes > 0) {
      // A BOM is authoritative: stray bytes are errors, not Windows-1252.
      out = DecodedText{};
      out->charset = "utf-8";
      for (size_t i = bom.mark.size(); i < bytes.size();) {
        const size_t len = Utf8SequenceLength(bytes, i);
        if (len == 0) {
          out->utf8.append(kReplacement);
          ++out->invalid_bytes;
          ++i;
        } else {
          out->utf8.append(bytes.substr(i, len));
          i += len;
        }
      }
    }
    out->source = CharsetSource::kBom;
    return out;
  }
  return std::nullopt;
}

// "<?" in UTF-16 without a BOM ("<\0?\0" or "\0<\0?").
std::string SniffUtf16(std::string_view bytes) {
  if (bytes.size() < 4) return "";
  if (bytes.substr(0, 4) == std::string_view("<\0?\0", 4)) return "utf-16le";
  if (bytes.substr(0, 4) == std::string_view("\0<\0?", 4)) return "utf-16be";
  return "";
}

bool IsSingleByte(const std::string& canonical) {
  return canonical.rfind("windows-", 0) == 0 || canonical.rfind("iso-8859", 0) == 0 ||
         canonical.rfind("koi8", 0) == 0 || canonical.rfind("ibm", 0) == 0 ||
         canonical.rfind("mac", 0) == 0 || canonical.rfind("tis-620", 0) == 0;
}

// A candidate decoding is believable when few of its non-ASCII bytes failed.
bool Believable(const DecodedText& d, size_t high_bytes) {
  return d.invalid_bytes * 50 <= std::max<size_t>(high_bytes, 1);
}

}  // namespace

std::string CanonicalCharsetName(std::string_view label) {
  std::string n = LowerTrim(label);
  if (n.size() >= 2 && (n.front() == '"' || n.front() == '\'')) n = n.substr(1, n.size() - 2);
  if (n == "utf8" || n == "utf-8" || n == "unicode-1-1-utf-8" || n == "x-unicode20utf8") {
    return "utf-8";
  }
  if (IsGbFamily(n)) return "gb18030";
  if (IsBig5Family(n)) return "big5-hkscs";
  if (IsLatin1Family(n)) return "windows-1252";
  if (n == "utf-16" || n == "utf16" || n == "ucs-2" || n == "unicode") return "utf-16le";
  if (n == "utf16le") return "utf-16le";
  if (n == "utf16be") return "utf-16be";
  if (n == "shift-jis" || n == "sjis" || n == "x-sjis" || n == "ms_kanji") return "shift_jis";
  return n;
}

bool IsValidUtf8(std::string_view bytes) {
#if defined(NW_UTF8_AVX2)
  Utf8Scan scan;
  if (bytes.size() >= 64 && HaveAvx2()) return ScanWellFormedUtf8Avx2(bytes, scan);
#endif
  for (size_t i = 0; i < bytes.size();) {
    i += AsciiRunLength(bytes, i);
    while (i < bytes.size() && static_cast<unsigned char>(bytes[i]) >= 0x80) {
      const size_t len = Utf8SequenceLength(bytes, i);
      if (len == 0) return false;
      i += len;
    }
  }
  return true;
}

std::string CharsetFromContentType(std::string_view content_type) {
  // Parameters follow the first ';'; the value may be quoted.
  const size_t semi = content_type.find(';');
  if (semi == std::string_view::npos) return "";
  const std::string_view params = content_type.substr(semi);
  for (size_t at = FindNoCase(params, "charset"); at != std::string_view::npos;
       at = FindNoCase(params, "charset", at + 7)) {
    // The match must start a parameter name (after ';' or whitespace).
    const char before = params[at - 1];
    if (before != ';' && before != ' ' && before != '\t') continue;
    std::string label = ReadLabelAfter(params, at + 7);
    if (!label.empty()) return label;
  }
  return "";
}

namespace {

// DecodeToUtf8 and DecodeToUtf8View. With `copy_unchanged` false, bytes that are their own
// UTF-8 are not copied into the result: `unchanged` says so and the result's utf8 stays empty.
DecodedText Decode(std::string_view bytes, std::string_view http_charset, MarkupKind hint,
                   bool copy_unchanged, bool& unchanged) {
  unchanged = false;
  if (bytes.empty()) {
    DecodedText out;
    const std::string declared = CanonicalCharsetName(http_charset);
    out.charset = declared.empty() ? "utf-8" : declared;
    out.source = declared.empty() ? CharsetSource::kDefault : CharsetSource::kHttpHeader;
    return out;
  }
  if (std::optional<DecodedText> bom = TryBom(bytes)) return *std::move(bom);

  const std::string header = CanonicalCharsetName(http_charset);
  // Without a BOM, a UTF-16/32 document shows itself by its NUL pattern.
  if (const std::string utf16 = SniffUtf16(bytes); !utf16.empty()) {
    std::optional<DecodedText> out = DecodeWithIconv(bytes, utf16);
    if (out) {
      out->source = IsUtf16Or32(header) ? CharsetSource::kHttpHeader : CharsetSource::kDetected;
      return *std::move(out);
    }
  }
  if (IsUtf16Or32(header) && bytes.find('\0') != std::string_view::npos) {
    if (std::optional<DecodedText> out = DecodeWithIconv(bytes, header)) {
      out->source = CharsetSource::kHttpHeader;
      return *std::move(out);
    }
  }

  const std::string declared = CanonicalCharsetName(DeclaredCharset(bytes, hint));
  // Evidence in priority order; a UTF-16 label on ASCII-readable bytes is a mistake.
  std::vector<std::pair<std::string, CharsetSource>> evidence;
  if (!header.empty() && !IsUtf16Or32(header)) {
    evidence.emplace_back(header, CharsetSource::kHttpHeader);
  }
  if (!declared.empty() && !IsUtf16Or32(declared)) {
    evidence.emplace_back(declared, CharsetSource::kDeclaration);
  }

  const Utf8Scan scan = ScanUtf8(bytes);
  if (scan.high_bytes == 0) {
    // Pure ASCII: every ASCII-compatible charset reads it the same, except the 7-bit stateful
    // ones, which need their escapes decoded.
    for (const auto& [name, source] : evidence) {
      if (IsSevenBitStateful(name) && (bytes.find('\x1b') != std::string_view::npos ||
                                       bytes.find("~{") != std::string_view::npos)) {
        if (std::optional<DecodedText> out = DecodeWithIconv(bytes, name)) {
          out->source = source;
          return *std::move(out);
        }
      }
    }
    DecodedText out;
    if (copy_unchanged) {
      out.utf8 = std::string(bytes);
    } else {
      unchanged = true;
    }
    if (!evidence.empty()) {
      out.charset = evidence.front().first;
      out.source = evidence.front().second;
    } else {
      out.charset = "utf-8";
      out.source = CharsetSource::kUtf8Valid;
    }
    return out;
  }

  if (scan.invalid_bytes == 0) {
    DecodedText out;
    if (copy_unchanged) {
      out.utf8 = std::string(bytes);
    } else {
      unchanged = true;
    }
    out.charset = "utf-8";
    out.source = CharsetSource::kUtf8Valid;
    for (const auto& [name, source] : evidence) {
      if (name == "utf-8") {
        out.source = source;
        break;
      }
    }
    return out;
  }

  // Mostly well-formed UTF-8 with a few stray bytes: text in legacy multi-byte charsets almost
  // never forms more well-formed sequences than broken bytes, so this is UTF-8 with pasted-in
  // Windows-1252 (or damaged) bytes.
  if (scan.multibyte_sequences >= 2 * scan.invalid_bytes) {
    DecodedText out = RepairUtf8WithCp1252(bytes);
    out.source = CharsetSource::kDetected;
    for (const auto& [name, source] : evidence) {
      if (name == "utf-8") {
        out.source = source;
        break;
      }
    }
    return out;
  }

  // Legacy bytes. Take the first declared legacy charset that decodes believably; a "utf-8"
  // label is contradicted by the bytes and is passed over.
  std::optional<DecodedText> best;
  for (const auto& [name, source] : evidence) {
    if (name == "utf-8") continue;
    std::optional<DecodedText> out = DecodeWithIconv(bytes, name);
    if (!out) continue;  // iconv does not know the label
    out->source = source;
    if (Believable(*out, scan.high_bytes)) return *std::move(out);
    if (!best || out->invalid_bytes < best->invalid_bytes) best = std::move(out);
  }

  CharsetDetector detector;
  const std::string detected = CanonicalCharsetName(detector.Detect(bytes));
  // A single-byte guess would garble the well-formed UTF-8 sequences that are present; the
  // repair below keeps them and still reads the stray bytes as Windows-1252.
  const bool keeps_utf8 = scan.multibyte_sequences > 0 && IsSingleByte(detected);
  if (!detected.empty() && detected != "ascii" && detected != "utf-8" && !keeps_utf8) {
    std::optional<DecodedText> out = DecodeWithIconv(bytes, detected);
    if (out) {
      out->source = CharsetSource::kDetected;
      if (Believable(*out, scan.high_bytes)) return *std::move(out);
      if (!best || out->invalid_bytes < best->invalid_bytes) best = std::move(out);
    }
  }

  // A UTF-8 label the bytes half-honour: keep its sequences, read the rest as Windows-1252.
  for (const auto& [name, source] : evidence) {
    if (name != "utf-8" || (scan.multibyte_sequences == 0 && !detected.empty())) continue;
    DecodedText out = RepairUtf8WithCp1252(bytes);
    out.source = source;
    return out;
  }
  // Nothing convincing: this daemon reads Chinese news, so GB18030 is the likeliest legacy
  // charset; otherwise keep what was least broken, else Windows-1252 (never fails).
  if (std::optional<DecodedText> gb = DecodeWithIconv(bytes, "gb18030");
      gb && Believable(*gb, scan.high_bytes)) {
    gb->source = CharsetSource::kDefault;
    return *std::move(gb);
  }
  if (best) return *std::move(best);
  DecodedText out = RepairUtf8WithCp1252(bytes);
  out.source = CharsetSource::kDefault;
  return out;
}

}  // namespace

DecodedText DecodeToUtf8(std::string_view bytes, std::string_view http_charset, MarkupKind hint) {
  bool unchanged = false;
  return Decode(bytes, http_charset, hint, /*copy_unchanged=*/true, unchanged);
}

std::string_view DecodeToUtf8View(std::string_view bytes, std::string_view http_charset,
                                  MarkupKind hint, DecodedText& out) {
  bool unchanged = false;
  out = Decode(bytes, http_charset, hint, /*copy_unchanged=*/false, unchanged);
  return unchanged ? bytes : std::string_view(out.utf8);
}

}  // namespace newswatch
