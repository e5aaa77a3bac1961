#include "daemon/config/yaml_options.h"

#include <charconv>
#include <set>

namespace newswatch {
namespace {

Status ErrorAt(std::string_view file, const YAML::Node& node, const std::string& message) {
  return ConfigError(YamlWhere(file, node) + ": " + message);
}

const OptionSpec* FindSpec(std::string_view name, const std::vector<OptionSpec>& a,
                           const std::vector<OptionSpec>& b) {
  for (const auto* list : {&a, &b}) {
    for (const OptionSpec& s : *list) {
      if (s.name == name) return &s;
    }
  }
  return nullptr;
}

std::string KnownNames(const std::vector<OptionSpec>& a, const std::vector<OptionSpec>& b) {
  std::string out;
  for (const auto* list : {&a, &b}) {
    for (const OptionSpec& s : *list) {
      if (!out.empty()) out += ", ";
      out += s.name;
    }
  }
  return out;
}

// Checks a scalar against the type; returns an error message or "".
std::string CheckScalar(OptionType type, const std::string& text) {
  switch (type) {
    case OptionType::kInt: {
      int64_t v = 0;
      auto r = std::from_chars(text.data(), text.data() + text.size(), v);
      if (r.ec != std::errc() || r.ptr != text.data() + text.size()) {
        return "expected an integer, got '" + text + "'";
      }
      return {};
    }
    case OptionType::kBool:
      if (text == "true" || text == "false" || text == "yes" || text == "no" || text == "on" ||
          text == "off") {
        return {};
      }
      return "expected true or false, got '" + text + "'";
    case OptionType::kDuration: {
      std::chrono::milliseconds d;
      if (!ParseDurationText(text, d)) {
        return "expected a duration such as 90s, 10m, 2h or 1d, got '" + text + "'";
      }
      return {};
    }
    case OptionType::kSize: {
      uint64_t s;
      if (!ParseSizeText(text, s)) return "expected a size such as 16MiB or 512KiB, got '" + text + "'";
      return {};
    }
    default:
      return {};
  }
}

Result<OptionValues::Value> ReadValue(const OptionSpec& spec, const YAML::Node& value,
                                      std::string_view file, std::string_view what) {
  OptionValues::Value out;
  out.type = spec.type;
  out.where = YamlWhere(file, value);
  const std::string label = std::string(what) + ": option '" + spec.name + "'";
  switch (spec.type) {
    case OptionType::kStringList:
      if (value.IsScalar()) {
        out.list.push_back(value.Scalar());
        return out;
      }
      if (!value.IsSequence()) return ErrorAt(file, value, label + " must be a list of strings");
      for (const YAML::Node& item : value) {
        if (!item.IsScalar()) return ErrorAt(file, item, label + " must be a list of strings");
        out.list.push_back(item.Scalar());
      }
      return out;
    case OptionType::kStringMap:
      if (!value.IsMap()) return ErrorAt(file, value, label + " must be a mapping of strings");
      for (const auto& kv : value) {
        if (!kv.second.IsScalar()) {
          return ErrorAt(file, kv.second, label + " values must be strings");
        }
        out.map.emplace_back(kv.first.Scalar(), kv.second.Scalar());
      }
      return out;
    default:
      if (!value.IsScalar()) {
        return ErrorAt(file, value,
                       label + " must be a " + std::string(OptionTypeName(spec.type)));
      }
      out.scalar = value.Scalar();
      if (std::string bad = CheckScalar(spec.type, out.scalar); !bad.empty()) {
        return ErrorAt(file, value, label + ": " + bad);
      }
      return out;
  }
}

}  // namespace

std::string YamlWhere(std::string_view file, const YAML::Node& node) {
  std::string out(file);
  const YAML::Mark mark = node.Mark();
  if (mark.line >= 0) out += ":" + std::to_string(mark.line + 1);
  return out;
}

Result<OptionValues> ParseYamlOptions(const YAML::Node& node, std::string_view file,
                                      std::string_view what, const std::vector<OptionSpec>& specs,
                                      const std::vector<OptionSpec>& extra) {
  OptionValues values;
  std::set<std::string> seen;
  if (node && !node.IsNull()) {
    if (!node.IsMap()) return ErrorAt(file, node, std::string(what) + " must be a mapping");
    for (const auto& kv : node) {
      const std::string key = kv.first.Scalar();
      const OptionSpec* spec = FindSpec(key, specs, extra);
      if (spec == nullptr) {
        return ErrorAt(file, kv.first,
                       std::string(what) + ": unknown option '" + key +
                           "' (known: " + KnownNames(specs, extra) + ")");
      }
      if (!seen.insert(key).second) {
        return ErrorAt(file, kv.first, std::string(what) + ": option '" + key + "' given twice");
      }
      auto value = ReadValue(*spec, kv.second, file, what);
      if (!value.ok()) return value.status();
      values.Set(key, std::move(value).value());
    }
  }
  for (const auto* list : {&specs, &extra}) {
    for (const OptionSpec& spec : *list) {
      if (seen.count(spec.name)) continue;
      if (spec.required) {
        return ErrorAt(file, node,
                       std::string(what) + ": required option '" + spec.name + "' is missing");
      }
      if (!spec.default_value.empty()) {
        OptionValues::Value v;
        v.type = spec.type;
        if (spec.type == OptionType::kStringList) {
          v.list.push_back(spec.default_value);
        } else {
          v.scalar = spec.default_value;
        }
        values.Set(spec.name, std::move(v));
      }
    }
  }
  return values;
}

}  // namespace newswatch
