// Secrets in the configuration (proxy passwords, cookies, webhook tokens, SMTP passwords):
// each secret option `<name>` has two companions, `<name>_file` (a file holding the value)
// and `<name>_env` (an environment variable holding it). Inline values are refused by default
// so that configuration files can be shared and logged. Redact() hides what must never reach
// a log line or `status` output.
// Thread-safety: pure functions (ResolveSecret reads the environment and files).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/options.h"
#include "daemon/core/result.h"

namespace newswatch {

// The two option specs `<name>_file` and `<name>_env` for a table that already declares
// `<name>`; `what` names the secret in the help text ("the proxy URL").
std::vector<OptionSpec> SecretOptionSpecs(const std::string& name, const std::string& what);

// How an inline value of `<name>` is treated.
enum class InlineSecret {
  kRefuse,            // an inline value is a configuration error
  kAllow,             // the operator allowed inline secrets
  kAllowWithoutPassword,  // allowed if it is a URL without a password (proxy URLs)
};

// Resolves the secret `name` from `options`: the contents of `<name>_file` (relative paths
// against `base_dir`; one trailing newline removed; the file must not be readable by others),
// the value of the environment variable named by `<name>_env`, or the inline `<name>` as
// `inline_policy` permits. Returns "" when none is set. The table must declare `<name>_file`
// and `<name>_env` (SecretOptionSpecs); `<name>` itself is optional in the table.
// Errors (kConfig, naming the option and where it was written, never the value): more than
// one of the three set; an inline value refused by the policy; a missing, unreadable,
// world-readable or empty file; an unset or empty environment variable.
Result<std::string> ResolveSecret(const OptionValues& options, const std::string& name,
                                  const std::filesystem::path& base_dir,
                                  InlineSecret inline_policy = InlineSecret::kRefuse);

// True if `url` carries a password in its userinfo ("http://user:pw@host").
bool UrlHasPassword(std::string_view url);

// `url` made fit for logs: a userinfo password becomes "***" ("socks5h://bob:***@proxy:1080"),
// as does the value of every query parameter whose name suggests a credential (key, token,
// access_token, secret, password, passwd, sign, signature, auth). Text that is not a URL is
// returned unchanged.
std::string Redact(std::string_view url);

// `text` (a log line, an error message) with every http:// or https:// URL in
// it passed through Redact.
std::string RedactUrlsInText(std::string_view text);

// `text` with every occurrence of each non-empty string of `secrets` replaced by "***".
std::string RedactSecrets(std::string_view text, const std::vector<std::string>& secrets);

}  // namespace newswatch
