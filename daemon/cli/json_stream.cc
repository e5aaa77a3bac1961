#include "daemon/cli/json_stream.h"

#include <charconv>
#include <cstring>

#include "daemon/text/charset.h"

namespace newswatch::cli {
namespace {

constexpr size_t kFlushAt = 1 << 16;

// Length of the UTF-8 sequence starting at s[i], or 0 if it is not a valid one.
size_t Utf8Length(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  size_t n = 0;
  uint32_t min = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  uint32_t cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

void AppendEscapedByte(unsigned char c, std::string& out) {
  switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default: {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
}

// Valid UTF-8 (nearly all text): only quotes, backslashes and control characters change.
// Whether any of the 8 bytes in `w` is a control character, '"' or '\\' (bit tricks from
// "Bit Twiddling Hacks": haszero and hasless).
bool AnySpecial(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  return (below_space | has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\'))) != 0;
}

void AppendEscapedValidUtf8(std::string_view s, std::string& out) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    // Eight bytes at a time while none needs escaping.
    while (i + 8 <= s.size()) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (AnySpecial(w)) break;
      i += 8;
    }
    if (i >= s.size()) break;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    AppendEscapedByte(c, out);
    run = i + 1;
  }
  out.append(s.data() + run, s.size() - run);
}

void AppendEscaped(std::string_view s, std::string& out) {
  out.push_back('"');
  if (IsValidUtf8(s)) {
    AppendEscapedValidUtf8(s, out);
    out.push_back('"');
    return;
  }
  size_t run = 0;  // start of the pending run of bytes copied as they are
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (const size_t n = Utf8Length(s, i); n > 0) {
        i += n;
        continue;
      }
    }
    out.append(s.data() + run, i - run);
    if (c < 0x80) {
      AppendEscapedByte(c, out);
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD for a byte that starts no valid UTF-8 sequence
    }
    ++i;
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

}  // namespace

JsonStream::JsonStream(std::FILE* out, bool pretty) : out_(out), pretty_(pretty) {
  buffer_.reserve(kFlushAt * 2);
}

JsonStream::~JsonStream() {
  if (!buffer_.empty()) Flush();
}

void JsonStream::Newline() {
  if (!pretty_) return;
  buffer_.push_back('\n');
  buffer_.append(has_member_.size() * 2, ' ');
}

void JsonStream::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_member_.empty()) {
    if (has_member_.back()) buffer_.push_back(',');
    has_member_.back() = true;
    Newline();
  }
  if (buffer_.size() >= kFlushAt) {
    failed_ = failed_ || std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size();
    buffer_.clear();
  }
}

void JsonStream::BeginObject() {
  BeforeValue();
  buffer_.push_back('{');
  has_member_.push_back(false);
}

void JsonStream::EndObject() {
  const bool any = has_member_.back();
  has_member_.pop_back();
  if (any) Newline();
  buffer_.push_back('}');
}

void JsonStream::BeginArray() {
  BeforeValue();
  buffer_.push_back('[');
  has_member_.push_back(false);
}

void JsonStream::EndArray() {
  EndObject();
  buffer_.back() = ']';
}

void JsonStream::Key(std::string_view key) {
  BeforeValue();
  AppendEscaped(key, buffer_);
  buffer_ += pretty_ ? ": " : ":";
  after_key_ = true;
}

void JsonStream::String(std::string_view value) {
  BeforeValue();
  AppendEscaped(value, buffer_);
}

void JsonStream::Int(int64_t value) {
  BeforeValue();
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  buffer_.append(digits, end);
}

bool JsonStream::Flush() {
  if (has_member_.empty() && !buffer_.empty() && buffer_.back() != '\n') buffer_.push_back('\n');
  failed_ = failed_ || std::fwrite(buffer_.data(), 1, buffer_.size(), out_) != buffer_.size();
  buffer_.clear();
  failed_ = failed_ || std::fflush(out_) != 0;
  return !failed_;
}

}  // namespace newswatch::cli
