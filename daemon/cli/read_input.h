// InputFile: a whole input file of the text subcommands (parse-feed, extract), mapped read-only
// when it is a regular file (no copy, no zeroed pages to fault in) and read into memory when it
// is not (a pipe, /dev/stdin). Thread-safety: a loaded file is immutable; move-only owner.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "daemon/core/result.h"

namespace newswatch::cli {

class InputFile {
 public:
  // The file's bytes, or kIo naming the file and the reason ("cannot read x: No such file or
  // directory").
  static Result<InputFile> Open(const std::string& path);

  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&& other) noexcept;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile();

  // Valid while this object lives.
  std::string_view bytes() const {
    return mapped_ != nullptr ? std::string_view(static_cast<const char*>(mapped_), size_)
                              : std::string_view(read_);
  }

 private:
  InputFile() = default;
  void Release();

  void* mapped_ = nullptr;
  size_t size_ = 0;
  std::string read_;
};

}  // namespace newswatch::cli
