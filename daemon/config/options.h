// Option tables: every source type, stage and daemon section declares its
// options (name, type, default, help). Configuration is checked against the
// table at start-up: unknown keys, wrong types and bad values are errors that
// name the file and line. The README's configuration reference is generated
// from the same tables (`newswatch config-reference`).
// Thread-safety: OptionValues is immutable after parsing.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newswatch {

enum class OptionType {
  kString,
  kInt,
  kBool,
  kDuration,    // "90s", "10m", "2h", "1d", or a number of seconds
  kSize,        // "16MiB", "512KiB", "2MB", or a number of bytes
  kStringList,  // a YAML sequence of strings (a single string is a list of one)
  kStringMap,   // a YAML mapping of string to string
};

std::string_view OptionTypeName(OptionType type);

struct OptionSpec {
  std::string name;
  OptionType type = OptionType::kString;
  std::string default_value;  // as YAML text; empty with required=false means "unset"
  std::string help;
  bool required = false;
};

// A set of option values checked against a table. Getters return the
// configured value or the table's default; calling a getter for a name the
// table does not declare is a programming error (asserts, returns empty).
class OptionValues {
 public:
  bool Has(std::string_view name) const;  // configured explicitly or has a default
  std::string String(std::string_view name) const;
  int64_t Int(std::string_view name) const;
  bool Bool(std::string_view name) const;
  std::chrono::seconds Duration(std::string_view name) const;
  std::chrono::milliseconds DurationMs(std::string_view name) const;
  uint64_t Size(std::string_view name) const;
  std::vector<std::string> List(std::string_view name) const;
  std::vector<std::pair<std::string, std::string>> Map(std::string_view name) const;
  // Where the option was written ("demo.yaml:12"), or "" if defaulted.
  std::string Where(std::string_view name) const;

  // Used by the parser.
  struct Value {
    OptionType type = OptionType::kString;
    std::string scalar;
    std::vector<std::string> list;
    std::vector<std::pair<std::string, std::string>> map;
    std::string where;
  };
  void Set(std::string name, Value value) { values_[std::move(name)] = std::move(value); }

 private:
  const Value* Find(std::string_view name) const;
  std::map<std::string, Value, std::less<>> values_;
};

// Parses "90s", "10m", "1h30m", "2d", "500ms", or plain seconds. Returns false on bad text.
bool ParseDurationText(std::string_view text, std::chrono::milliseconds& out);
// Parses "16MiB", "512KiB", "2MB", "1GB", or plain bytes. Returns false on bad text.
bool ParseSizeText(std::string_view text, uint64_t& out);

}  // namespace newswatch
