#include "daemon/cli/read_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace newswatch::cli {

Result<std::string> ReadInputFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot read " + path + ": " + std::strerror(errno));
  std::string bytes;
  struct stat st {};
  // Straight into the string: a regular file's size is known; other files grow as they come.
  size_t size = ::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<size_t>(st.st_size) : 0;
  bytes.resize(size > 0 ? size : 1 << 16);
  size_t used = 0;
  for (;;) {
    if (used == bytes.size()) bytes.resize(bytes.size() * 2);
    const ssize_t n = ::read(fd, bytes.data() + used, bytes.size() - used);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      return IoError("cannot read " + path + ": " + why);
    }
    used += static_cast<size_t>(n);
  }
  bytes.resize(used);
  ::close(fd);
  return bytes;
}

}  // namespace newswatch::cli
