// newswatch recover --state DIR: repairs a damaged state file (newswatchd
// refuses to start on one and names this command). The damaged file is moved
// aside to newswatch.db.damaged-<time> and kept; every row that can still be
// read is copied into a fresh newswatch.db; sequence numbers never go back.
// Run it with the daemon stopped (it refuses while a daemon holds the directory).
#include <iostream>
#include <memory>
#include <string>

#include "daemon/cli/commands.h"
#include "daemon/store/state_check.h"
#include "daemon/store/state_dir_lock.h"

namespace newswatch::cli {
namespace {

struct RecoverOptions {
  std::string state_dir = "/var/lib/newswatch";
};

int RunRecover(const RecoverOptions& opt) {
  auto lock = StateDirLock::Acquire(opt.state_dir);
  if (!lock.ok()) {
    std::cerr << "recover: " << lock.status().message() << "\n";
    return 1;
  }
  const std::filesystem::path db = std::filesystem::path(opt.state_dir) / "newswatch.db";
  auto recovered = RecoverStateFile(db);
  if (!recovered.ok()) {
    std::cerr << "recover: " << recovered.status().ToString() << "\n";
    return 1;
  }
  std::cout << "recover: the damaged file is kept as " << recovered->damaged.string() << "\n";
  for (const TableRecovery& t : recovered->tables) {
    std::cout << "  " << t.table << ": " << t.rows << " rows kept";
    if (t.damaged_runs > 0) std::cout << ", " << t.damaged_runs << " damaged stretches skipped";
    std::cout << "\n";
  }
  std::cout << "  sequence counter: " << recovered->last_sequence
            << (recovered->sequence_jumped
                    ? " (unreadable: started past every sequence found; subscribers see a gap)"
                    : "")
            << "\n";
  if (Status s = CheckStateFile(db); !s.ok()) {
    std::cerr << "recover: the new file does not pass its check: " << s.ToString() << "\n";
    return 1;
  }
  std::cout << "recover: " << db.string() << " is ready; start newswatchd again\n";
  return 0;
}

}  // namespace

void AddRecoverCommand(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<RecoverOptions>();
  CLI::App* cmd = app.add_subcommand(
      "recover", "Repair a damaged state file, keeping every readable row (daemon stopped)");
  cmd->add_option("--state", opt->state_dir, "The state directory (daemon.state_dir)")
      ->capture_default_str();
  cmd->callback([opt, &ctx] { ctx.exit_code = RunRecover(*opt); });
}

}  // namespace newswatch::cli
