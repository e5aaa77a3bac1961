// newswatch keygen BASE [--force]: generates a CURVE key pair for the publish and replay
// endpoints (or for a subscriber) and writes BASE.key (secret, mode 0600) and BASE.pub
// (public); prints the public key, the line to add to the daemon's allow file.
#include <iostream>
#include <memory>
#include <string>

#include "daemon/cli/commands.h"
#include "daemon/security/curve_keys.h"

namespace newswatch::cli {
namespace {

struct KeygenOptions {
  std::string base;
  bool force = false;
};

int RunKeygen(const KeygenOptions& opt) {
  auto keys = GenerateCurveKeyPair();
  if (!keys.ok()) {
    std::cerr << "keygen: " << keys.status().ToString() << "\n";
    return 1;
  }
  const Status written = WriteCurveKeyFiles(opt.base, *keys, opt.force);
  if (!written.ok()) {
    std::cerr << "keygen: " << written.ToString() << "\n";
    return 1;
  }
  std::cerr << "keygen: wrote " << opt.base << ".key (secret, mode 0600) and " << opt.base
            << ".pub\n";
  std::cout << keys->public_key << "\n";
  return 0;
}

}  // namespace

void AddKeygenCommand(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<KeygenOptions>();
  CLI::App* cmd = app.add_subcommand(
      "keygen",
      "Generate a CURVE key pair: BASE.key (secret, 0600) and BASE.pub; print the public key");
  cmd->add_option("BASE", opt->base, "Path prefix of the key files")->required();
  cmd->add_flag("--force", opt->force, "Overwrite existing key files");
  cmd->callback([opt, &ctx] { ctx.exit_code = RunKeygen(*opt); });
}

}  // namespace newswatch::cli
