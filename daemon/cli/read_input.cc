#include "daemon/cli/read_input.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace newswatch::cli {

Result<InputFile> InputFile::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot read " + path + ": " + std::strerror(errno));
  InputFile file;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ,
                     MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (p != MAP_FAILED) {
      ::close(fd);
      file.mapped_ = p;
      file.size_ = static_cast<size_t>(st.st_size);
      return file;
    }
  }
  // Not mappable (a pipe, a special file): read it as it comes.
  size_t used = 0;
  file.read_.resize(1 << 16);
  for (;;) {
    if (used == file.read_.size()) file.read_.resize(file.read_.size() * 2);
    const ssize_t n = ::read(fd, file.read_.data() + used, file.read_.size() - used);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      return IoError("cannot read " + path + ": " + why);
    }
    used += static_cast<size_t>(n);
  }
  ::close(fd);
  file.read_.resize(used);
  return file;
}

InputFile::InputFile(InputFile&& other) noexcept
    : mapped_(std::exchange(other.mapped_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      read_(std::move(other.read_)) {}

InputFile& InputFile::operator=(InputFile&& other) noexcept {
  if (this != &other) {
    Release();
    mapped_ = std::exchange(other.mapped_, nullptr);
    size_ = std::exchange(other.size_, 0);
    read_ = std::move(other.read_);
  }
  return *this;
}

InputFile::~InputFile() { Release(); }

void InputFile::Release() {
  if (mapped_ != nullptr) ::munmap(mapped_, size_);
  mapped_ = nullptr;
  size_ = 0;
}

}  // namespace newswatch::cli
