#include "daemon/extract/cjk_text.h"

namespace newswatch::extract_internal {

char32_t NextCodePoint(std::string_view s, size_t* pos) {
  const auto b0 = static_cast<unsigned char>(s[*pos]);
  if (b0 < 0x80) {
    ++*pos;
    return b0;
  }
  int len = 0;
  char32_t c = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    c = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    c = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    c = b0 & 0x07;
  } else {
    ++*pos;
    return 0xFFFD;
  }
  if (*pos + len > s.size()) {
    ++*pos;
    return 0xFFFD;
  }
  for (int i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[*pos + i]);
    if ((b & 0xC0) != 0x80) {
      ++*pos;
      return 0xFFFD;
    }
    c = (c << 6) | (b & 0x3F);
  }
  *pos += len;
  return c;
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         c == 0x3000 || (c >= 0x200B && c <= 0x200D) || c == 0xFEFF || c == 0x2002 || c == 0x2003 ||
         c == 0x2009;
}

bool IsProsePunct(char32_t c) {
  switch (c) {
    case 0xFF0C:  // ，
    case 0x3002:  // 。
    case 0xFF1B:  // ；
    case 0xFF1A:  // ：
    case 0xFF01:  // ！
    case 0xFF1F:  // ？
    case 0x3001:  // 、
    case ',':
    case ';':
    case '!':
    case '?':
      return true;
    default:
      return false;
  }
}

bool IsCjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF);
}

size_t CountVisible(std::string_view s) {
  size_t n = 0;
  for (size_t pos = 0; pos < s.size();) {
    if (!IsSpace(NextCodePoint(s, &pos))) ++n;
  }
  return n;
}

void AppendCodePoint(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  bool pending_newline = false;  // the run held a source line break
  char32_t last = 0;
  for (size_t pos = 0; pos < s.size();) {
    const size_t start = pos;
    const char32_t c = NextCodePoint(s, &pos);
    if (IsSpace(c)) {
      pending_space = !out.empty();
      if (c == '\n' || c == '\r') pending_newline = true;
      continue;
    }
    if (pending_space && !(pending_newline && last >= 0x80 && c >= 0x80)) out.push_back(' ');
    pending_space = false;
    pending_newline = false;
    if (c == 0xFFFD && pos - start == 1) {
      AppendCodePoint(c, &out);
    } else {
      out.append(s.substr(start, pos - start));
    }
    last = c;
  }
  return out;
}

std::string_view TrimSpaces(std::string_view s) {
  size_t begin = 0;
  while (begin < s.size()) {
    size_t pos = begin;
    if (!IsSpace(NextCodePoint(s, &pos))) break;
    begin = pos;
  }
  size_t end = begin;
  for (size_t pos = begin; pos < s.size();) {
    if (!IsSpace(NextCodePoint(s, &pos))) end = pos;
  }
  return s.substr(begin, end - begin);
}

}  // namespace newswatch::extract_internal
