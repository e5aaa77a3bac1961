// ReadInputFile: a whole input file of the text subcommands (parse-feed, extract) in one read.
// Thread-safety: a pure function of the file system.
#pragma once

#include <string>

#include "daemon/core/result.h"

namespace newswatch::cli {

// Returns the file's bytes, or kIo naming the file and the reason ("cannot read x: No such file
// or directory").
Result<std::string> ReadInputFile(const std::string& path);

}  // namespace newswatch::cli
