#include "daemon/sources/json_path.h"

#include <cctype>
#include <nlohmann/json.hpp>

namespace newswatch {
namespace {

Status PathError(std::string_view text, size_t at, std::string_view what) {
  return InvalidArgument("bad JSON path '" + std::string(text) + "' at offset " +
                         std::to_string(at) + ": " + std::string(what));
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

// Parses a JSON body, or the JSON inside a JSONP wrapper: `cb({...})`, `cb({...});`,
// `/**/cb({...})`, `try{cb({...});}catch(e){};`. Returns nullopt when nothing parses.
std::optional<nlohmann::json> ParseJsonOrJsonp(std::string_view body) {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  body = TrimView(body);
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_discarded()) return parsed;
  const size_t open = body.find('(');
  if (open == std::string_view::npos) return std::nullopt;
  // The payload ends at one of the last few ')': try them from the right.
  size_t close = body.size();
  for (int attempt = 0; attempt < 4; ++attempt) {
    close = body.rfind(')', close == 0 ? 0 : close - 1);
    if (close == std::string_view::npos || close <= open) break;
    parsed = nlohmann::json::parse(body.substr(open + 1, close - open - 1), nullptr, false);
    if (!parsed.is_discarded()) return parsed;
  }
  return std::nullopt;
}

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

std::vector<const nlohmann::json*> JsonPath::FindAll(const nlohmann::json& root) const {
  std::vector<const nlohmann::json*> out;
  Collect(root, 0, out);
  return out;
}

void JsonPath::Collect(const nlohmann::json& at, size_t step,
                       std::vector<const nlohmann::json*>& out) const {
  if (step == steps_.size()) {
    out.push_back(&at);
    return;
  }
  if (const auto* key = std::get_if<std::string>(&steps_[step])) {
    if (*key == "*" && (at.is_object() || at.is_array())) {
      for (const nlohmann::json& member : at) Collect(member, step + 1, out);
      return;
    }
    if (!at.is_object()) return;
    auto it = at.find(*key);
    if (it != at.end()) Collect(*it, step + 1, out);
    return;
  }
  const size_t index = std::get<size_t>(steps_[step]);
  if (at.is_array() && index < at.size()) Collect(at[index], step + 1, out);
}

const nlohmann::json* JsonPath::Find(const nlohmann::json& root) const {
  for (const Step& step : steps_) {
    if (const auto* key = std::get_if<std::string>(&step); key != nullptr && *key == "*") {
      std::vector<const nlohmann::json*> all = FindAll(root);
      return all.empty() ? nullptr : all.front();
    }
  }
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
