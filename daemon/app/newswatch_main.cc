// newswatch: the command-line tool. parse-feed and extract run here, in a binary that links
// only the feed, extraction and text libraries, so that a script calling them per file does not
// pay for loading curl, ZeroMQ, protobuf, SQLite and Hyperscan; every other subcommand (and
// --help) runs in newswatch-cli, the full tool (newswatch_cli_main.cc), which this one executes
// in its place with the same arguments.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "daemon/cli/run_commands.h"

namespace {

// The full tool: beside this binary (a build tree, a relocated install), else where it was
// installed.
std::string FullToolPath() {
  char self[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n > 0) {
    std::string dir(self, static_cast<size_t>(n));
    dir.erase(dir.rfind('/') + 1);
    const std::string beside = dir + "newswatch-cli";
    if (::access(beside.c_str(), X_OK) == 0) return beside;
  }
  return NEWSWATCH_LIBEXEC_DIR "/newswatch-cli";
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view command = argc >= 2 ? argv[1] : "";
  if (command == "parse-feed" || command == "extract") {
    return newswatch::cli::RunCommands(argc, argv, newswatch::cli::AddTextCommands);
  }
  const std::string full = FullToolPath();
  ::execv(full.c_str(), argv);
  std::fprintf(stderr, "newswatch: cannot run %s: %s\n", full.c_str(), std::strerror(errno));
  return 2;
}
