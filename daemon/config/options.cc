#include "daemon/config/options.h"

#include <cassert>
#include <cctype>
#include <charconv>

namespace newswatch {

std::string_view OptionTypeName(OptionType type) {
  switch (type) {
    case OptionType::kString: return "string";
    case OptionType::kInt: return "integer";
    case OptionType::kBool: return "boolean";
    case OptionType::kDuration: return "duration";
    case OptionType::kSize: return "size";
    case OptionType::kStringList: return "list of strings";
    case OptionType::kStringMap: return "map of strings";
  }
  return "unknown";
}

bool ParseDurationText(std::string_view text, std::chrono::milliseconds& out) {
  if (text.empty()) return false;
  int64_t total_ms = 0;
  size_t i = 0;
  bool any = false;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '.')) ++j;
    if (j == i) return false;
    double number = 0;
    {
      const std::string digits(text.substr(i, j - i));
      char* end = nullptr;
      number = std::strtod(digits.c_str(), &end);
      if (end == nullptr || *end != '\0') return false;
    }
    size_t k = j;
    while (k < text.size() && std::isalpha(static_cast<unsigned char>(text[k]))) ++k;
    const std::string_view unit = text.substr(j, k - j);
    double factor_ms;
    if (unit.empty() || unit == "s") factor_ms = 1000;
    else if (unit == "ms") factor_ms = 1;
    else if (unit == "m" || unit == "min") factor_ms = 60'000;
    else if (unit == "h") factor_ms = 3'600'000;
    else if (unit == "d") factor_ms = 86'400'000;
    else return false;
    if (unit.empty() && k != text.size()) return false;  // bare number must stand alone
    total_ms += static_cast<int64_t>(number * factor_ms);
    any = true;
    i = k;
  }
  if (!any || total_ms < 0) return false;
  out = std::chrono::milliseconds(total_ms);
  return true;
}

bool ParseSizeText(std::string_view text, uint64_t& out) {
  size_t j = 0;
  while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
  if (j == 0) return false;
  uint64_t number = 0;
  if (std::from_chars(text.data(), text.data() + j, number).ec != std::errc()) return false;
  std::string_view unit = text.substr(j);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  uint64_t factor;
  if (unit.empty() || unit == "B") factor = 1;
  else if (unit == "KiB") factor = 1024;
  else if (unit == "MiB") factor = 1024ull * 1024;
  else if (unit == "GiB") factor = 1024ull * 1024 * 1024;
  else if (unit == "KB" || unit == "kB") factor = 1000;
  else if (unit == "MB") factor = 1000ull * 1000;
  else if (unit == "GB") factor = 1000ull * 1000 * 1000;
  else return false;
  out = number * factor;
  return true;
}

const OptionValues::Value* OptionValues::Find(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return nullptr;
  return &it->second;
}

bool OptionValues::Has(std::string_view name) const { return Find(name) != nullptr; }

std::string OptionValues::String(std::string_view name) const {
  const Value* v = Find(name);
  return v ? v->scalar : std::string();
}

int64_t OptionValues::Int(std::string_view name) const {
  const Value* v = Find(name);
  if (!v) return 0;
  int64_t out = 0;
  std::from_chars(v->scalar.data(), v->scalar.data() + v->scalar.size(), out);
  return out;
}

bool OptionValues::Bool(std::string_view name) const {
  const Value* v = Find(name);
  return v && (v->scalar == "true" || v->scalar == "yes" || v->scalar == "on");
}

std::chrono::milliseconds OptionValues::DurationMs(std::string_view name) const {
  const Value* v = Find(name);
  std::chrono::milliseconds out{0};
  if (v) ParseDurationText(v->scalar, out);
  return out;
}

std::chrono::seconds OptionValues::Duration(std::string_view name) const {
  return std::chrono::duration_cast<std::chrono::seconds>(DurationMs(name));
}

uint64_t OptionValues::Size(std::string_view name) const {
  const Value* v = Find(name);
  uint64_t out = 0;
  if (v) ParseSizeText(v->scalar, out);
  return out;
}

std::vector<std::string> OptionValues::List(std::string_view name) const {
  const Value* v = Find(name);
  return v ? v->list : std::vector<std::string>{};
}

std::vector<std::pair<std::string, std::string>> OptionValues::Map(std::string_view name) const {
  const Value* v = Find(name);
  return v ? v->map : std::vector<std::pair<std::string, std::string>>{};
}

std::string OptionValues::Where(std::string_view name) const {
  const Value* v = Find(name);
  return v ? v->where : std::string();
}

}  // namespace newswatch
