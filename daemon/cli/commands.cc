#include "daemon/cli/commands.h"

namespace newswatch::cli {

void AddAllCommands(CLI::App& app, CommandContext& ctx) {
  // One line per subcommand.
  AddCheckCommand(app, ctx);
  AddTextCommands(app, ctx);
  AddTailCommand(app, ctx);
  AddBacktestCommand(app, ctx);
  AddGazetteerCommand(app, ctx);
  AddConfigReferenceCommand(app, ctx);
  AddStatusCommand(app, ctx);
  AddKeygenCommand(app, ctx);
  AddRecoverCommand(app, ctx);
  AddProbeCommand(app, ctx);
  AddBackfillCommand(app, ctx);
}

}  // namespace newswatch::cli
