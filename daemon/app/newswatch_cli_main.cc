// newswatch-cli: the full command-line tool, every subcommand of daemon/cli/. Users run it as
// `newswatch`, which hands over to it for all but the text subcommands (newswatch_main.cc).
#include "daemon/cli/run_commands.h"

int main(int argc, char** argv) {
  return newswatch::cli::RunCommands(argc, argv, newswatch::cli::AddAllCommands);
}
