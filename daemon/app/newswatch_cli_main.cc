// newswatch-cli: the full command-line tool, every subcommand of daemon/cli/. Users run it as
// `newswatch`, which hands over to it for all but the text subcommands (newswatch_main.cc).
#include <CLI/CLI.hpp>

#include "daemon/cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"newswatch: check documents, parse feeds, follow a newswatchd publisher"};
  app.require_subcommand(1);
  newswatch::cli::CommandContext ctx;
  newswatch::cli::AddAllCommands(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return ctx.exit_code;
}
