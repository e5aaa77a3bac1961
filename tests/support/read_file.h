// Whole-file reads for tests (fixtures, the shared corpus, files a daemon under test wrote).
// Thread-safety: pure.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace newswatch::testing {

// The bytes of the file at `path`, or "" if it cannot be read.
inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace newswatch::testing
