// JsonStream: writes JSON straight to a FILE* as values are produced, compact (one line) or
// indented for people, without building a document first. Strings are escaped as JSON requires;
// each byte that starts no valid UTF-8 sequence becomes U+FFFD (the output is always UTF-8).
// Thread-safety: one stream per thread; the FILE* is written only by Flush and the destructor.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace newswatch::cli {

class JsonStream {
 public:
  // Writes to `out` (not owned); `pretty` indents by two spaces per level.
  JsonStream(std::FILE* out, bool pretty);
  ~JsonStream();  // flushes
  JsonStream(const JsonStream&) = delete;
  JsonStream& operator=(const JsonStream&) = delete;

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  // Inside an object: the next value's key.
  void Key(std::string_view key);
  void String(std::string_view value);
  void Int(int64_t value);
  // Ends the top-level value with a newline and writes the buffer out. Returns false when the
  // FILE* reported an error (a closed pipe).
  bool Flush();

 private:
  void BeforeValue();
  void Newline();

  std::FILE* out_;
  bool pretty_;
  std::string buffer_;
  // Per open container: whether it has a member yet.
  std::vector<bool> has_member_;
  bool after_key_ = false;
  bool failed_ = false;
};

}  // namespace newswatch::cli
