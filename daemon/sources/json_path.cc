#include "daemon/sources/json_path.h"

#include <nlohmann/json.hpp>

namespace newswatch {
namespace {

Status PathError(std::string_view text, size_t at, std::string_view what) {
  return InvalidArgument("bad JSON path '" + std::string(text) + "' at offset " +
                         std::to_string(at) + ": " + std::string(what));
}

}  // namespace

Result<JsonPath> JsonPath::Parse(std::string_view text) {
  JsonPath path;
  path.text_ = std::string(text);
  if (text.empty()) return path;
  size_t i = 0;
  bool want_segment = true;  // at the start or just after a '.'
  while (i < text.size()) {
    if (want_segment) {
      const size_t end = text.find_first_of(".[]", i);
      const size_t stop = end == std::string_view::npos ? text.size() : end;
      if (stop > i) path.steps_.emplace_back(std::string(text.substr(i, stop - i)));
      else if (stop >= text.size() || text[stop] != '[') return PathError(text, i, "empty key");
      i = stop;
      want_segment = false;
      continue;
    }
    const char c = text[i];
    if (c == '.') {
      ++i;
      want_segment = true;
      if (i == text.size()) return PathError(text, i, "path ends with '.'");
      continue;
    }
    if (c != '[') return PathError(text, i, "expected '.' or '['");
    ++i;
    if (i < text.size() && text[i] == ']') {  // "[]": the array itself; only at the end
      ++i;
      if (i != text.size()) return PathError(text, i, "'[]' is allowed only at the end");
      break;
    }
    if (i < text.size() && text[i] == '"') {  // ["quoted key"]
      const size_t close = text.find('"', i + 1);
      if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ']') {
        return PathError(text, i, "unterminated quoted key");
      }
      path.steps_.emplace_back(std::string(text.substr(i + 1, close - i - 1)));
      i = close + 2;
      continue;
    }
    size_t index = 0;
    const size_t digits_from = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (index > 100000000) return PathError(text, digits_from, "index too large");
      index = index * 10 + static_cast<size_t>(text[i] - '0');
      ++i;
    }
    if (i == digits_from) return PathError(text, i, "expected an index, '\"' or ']'");
    if (i >= text.size() || text[i] != ']') return PathError(text, i, "expected ']'");
    ++i;
    path.steps_.emplace_back(index);
  }
  return path;
}

const nlohmann::json* JsonPath::Find(const nlohmann::json& root) const {
  const nlohmann::json* at = &root;
  for (const Step& step : steps_) {
    if (const auto* key = std::get_if<std::string>(&step)) {
      if (!at->is_object()) return nullptr;
      auto it = at->find(*key);
      if (it == at->end()) return nullptr;
      at = &*it;
    } else {
      const size_t index = std::get<size_t>(step);
      if (!at->is_array() || index >= at->size()) return nullptr;
      at = &(*at)[index];
    }
  }
  return at;
}

}  // namespace newswatch
