// libFuzzer target: the JSON source's mapping. The first line is a JSON path (the configured
// `items` / field paths), the rest an API answer; the path is parsed (JsonPath::Parse), the
// document parsed without exceptions, and the path looked up in it, then in each item of the
// list it finds. Oracle: no crash, no exception escaping, no sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "daemon/sources/json_path.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newswatch;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  const Result<JsonPath> path = JsonPath::Parse(input.substr(0, newline));
  const nlohmann::json doc = nlohmann::json::parse(input.substr(newline + 1), nullptr,
                                                   /*allow_exceptions=*/false);
  if (!path.ok() || doc.is_discarded()) return 0;
  const nlohmann::json* found = path->Find(doc);
  if (found != nullptr && found->is_array()) {
    for (const nlohmann::json& item : *found) (void)path->Find(item);
  }
  return 0;
}
