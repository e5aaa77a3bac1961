#include "alert/receivers/registry.h"

#include <cstdlib>

#include "alert/receivers/dingtalk.h"
#include "alert/receivers/email.h"
#include "alert/receivers/exec.h"
#include "alert/receivers/feishu.h"
#include "alert/receivers/file.h"
#include "alert/receivers/slack.h"
#include "alert/receivers/webhook.h"
#include "alert/receivers/wecom.h"

namespace newswatch::alert {

const std::vector<ReceiverKind>& ReceiverKinds() {
  static const std::vector<ReceiverKind> kKinds = {
      WebhookReceiverKind(),
      WeComReceiverKind(),
      DingTalkReceiverKind(),
      FeishuReceiverKind(),
      SlackReceiverKind(),
      EmailReceiverKind(),
      ExecReceiverKind(),
      FileReceiverKind(),
  };
  return kKinds;
}

const std::vector<OptionSpec>& CommonReceiverOptions() {
  static const std::vector<OptionSpec> kCommon = {
      {"max_per_minute", OptionType::kInt, false, "0", "rate limit for this receiver; 0 = none"},
      {"timeout_seconds", OptionType::kInt, false, "10", "per-attempt time limit"},
      {"max_attempts", OptionType::kInt, false, "12", "give up after this many attempts"},
  };
  return kCommon;
}

const ReceiverKind* FindReceiverKind(std::string_view name) {
  for (const ReceiverKind& k : ReceiverKinds()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

Result<std::unique_ptr<Receiver>> MakeReceiver(const ReceiverSpec& spec) {
  const ReceiverKind* kind = FindReceiverKind(spec.type);
  if (!kind) return ConfigError("unknown receiver type \"" + spec.type + "\"");
  return kind->make(spec);
}

std::string ReceiverSpec::Get(const std::string& key) const {
  auto it = values.find(key);
  return it == values.end() ? "" : it->second;
}

int64_t ReceiverSpec::GetInt(const std::string& key, int64_t fallback) const {
  auto it = values.find(key);
  if (it == values.end() || it->second.empty()) return fallback;
  return std::strtoll(it->second.c_str(), nullptr, 10);
}

bool ReceiverSpec::GetBool(const std::string& key) const { return Get(key) == "true"; }

}  // namespace newswatch::alert
