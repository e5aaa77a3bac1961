// RunCommands: parses a command line against the subcommands `add` registers
// and runs the chosen one; shared by the lean `newswatch` and `newswatch-cli`.
// Returns the process exit code (2 for a bad command line).
// Thread-safety: call from main only.
#pragma once

#include <CLI/CLI.hpp>

#include "daemon/cli/commands.h"

namespace newswatch::cli {

inline int RunCommands(int argc, char** argv, void (*add)(CLI::App&, CommandContext&)) {
  CLI::App app{"newswatch: check documents, parse feeds, follow a newswatchd publisher"};
  app.require_subcommand(1);
  CommandContext ctx;
  add(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return ctx.exit_code;
}

}  // namespace newswatch::cli
