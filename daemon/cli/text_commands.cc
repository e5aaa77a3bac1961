#include "daemon/cli/commands.h"

namespace newswatch::cli {

void AddTextCommands(CLI::App& app, CommandContext& ctx) {
  AddParseFeedCommand(app, ctx);
  AddExtractCommand(app, ctx);
}

}  // namespace newswatch::cli
