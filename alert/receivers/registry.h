// The receiver registry: every receiver kind with its options table and
// factory. Adding a kind is a new file plus one line in registry.cc.
// Thread-safety: the table is immutable after static initialization.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "alert/receivers/receiver.h"

namespace newswatch::alert {

enum class OptionType { kString, kInt, kBool, kStringList, kStringMap, kSecret };

// One option of a receiver kind. A kSecret option `x` is written in YAML as
// `x_file: PATH` or `x_env: VAR` (inline `x:` only with allow_inline_secrets).
struct OptionSpec {
  std::string name;
  OptionType type = OptionType::kString;
  bool required = false;
  std::string default_value;  // for scalars; "" = none
  std::string help;
};

struct ReceiverKind {
  std::string name;  // the `type:` value
  std::string help;
  std::vector<OptionSpec> options;  // kind-specific; CommonOptions() apply too
  Result<std::unique_ptr<Receiver>> (*make)(const ReceiverSpec&) = nullptr;
};

// Options every receiver accepts (max_per_minute, timeout_seconds, ...).
const std::vector<OptionSpec>& CommonReceiverOptions();

// All registered kinds, in registration order.
const std::vector<ReceiverKind>& ReceiverKinds();

// The kind named `name`, or nullptr.
const ReceiverKind* FindReceiverKind(std::string_view name);

// Builds a receiver from a validated spec. Fails with kConfig if the type is
// unknown or the kind rejects its options.
Result<std::unique_ptr<Receiver>> MakeReceiver(const ReceiverSpec& spec);

}  // namespace newswatch::alert
