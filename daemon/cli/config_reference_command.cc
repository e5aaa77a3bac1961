// newswatch config-reference: prints the configuration reference (Markdown)
// from the option tables themselves, so the README cannot drift from the code.
#include <iostream>
#include <sstream>

#include "daemon/cli/commands.h"
#include "daemon/cli/config_reference.h"
#include "daemon/config/daemon_config.h"
#include "daemon/sources/source_registry.h"

namespace newswatch::cli {
namespace {

void Table(std::ostream& out, const std::vector<OptionSpec>& specs) {
  out << "| option | type | default | meaning |\n|---|---|---|---|\n";
  for (const OptionSpec& s : specs) {
    std::string def = s.required ? "(required)" : s.default_value;
    if (def.empty()) def = "-";
    out << "| `" << s.name << "` | " << OptionTypeName(s.type) << " | `" << def << "` | " << s.help
        << " |\n";
  }
}

}  // namespace

std::string ConfigReferenceMarkdown() {
  std::ostringstream out;
  out << "#### `daemon:`\n\n";
  Table(out, DaemonOptions());
  out << "\n#### Options of every source\n\n";
  Table(out, CommonSourceOptions());
  for (const SourceType& t : SourceTypes()) {
    out << "\n#### `type: " << t.name << "`\n\n" << t.help << "\n\n";
    Table(out, t.options);
  }
  return out.str();
}

void AddConfigReferenceCommand(CLI::App& app, CommandContext& ctx) {
  CLI::App* cmd = app.add_subcommand(
      "config-reference", "Print the configuration reference (Markdown) from the option tables");
  cmd->callback([&ctx] {
    std::cout << ConfigReferenceMarkdown();
    ctx.exit_code = 0;
  });
}

}  // namespace newswatch::cli
