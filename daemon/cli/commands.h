// The subcommands of the `newswatch` command-line tool. Each lives in its own
// file (daemon/cli/<name>_command.cc) and adds itself to the CLI11 app; the
// list in daemon/cli/commands.cc is the one place that names them all.
// Thread-safety: used only from main().
#pragma once

#include <CLI/CLI.hpp>

namespace newswatch::cli {

// Filled by the subcommand that ran: 0 success, 1 runtime failure, 2 usage.
struct CommandContext {
  int exit_code = 0;
};

// Adds every subcommand to `app`.
void AddAllCommands(CLI::App& app, CommandContext& ctx);
// Adds only parse-feed and extract (the lean `newswatch` binary runs these itself).
void AddTextCommands(CLI::App& app, CommandContext& ctx);

// One per subcommand file.
void AddCheckCommand(CLI::App& app, CommandContext& ctx);
void AddParseFeedCommand(CLI::App& app, CommandContext& ctx);
void AddTailCommand(CLI::App& app, CommandContext& ctx);
void AddExtractCommand(CLI::App& app, CommandContext& ctx);
void AddBacktestCommand(CLI::App& app, CommandContext& ctx);
void AddGazetteerCommand(CLI::App& app, CommandContext& ctx);
void AddConfigReferenceCommand(CLI::App& app, CommandContext& ctx);
void AddStatusCommand(CLI::App& app, CommandContext& ctx);
void AddKeygenCommand(CLI::App& app, CommandContext& ctx);
void AddRecoverCommand(CLI::App& app, CommandContext& ctx);
void AddProbeCommand(CLI::App& app, CommandContext& ctx);
void AddBackfillCommand(CLI::App& app, CommandContext& ctx);

}  // namespace newswatch::cli
