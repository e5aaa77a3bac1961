// JsonPath: a small dotted path into a JSON document ("result.data", "items[0].title",
// "data.list[]"), parsed once when the configuration loads so a malformed path stops start-up
// and looking a path up per item cannot fail on syntax.
// Thread-safety: an immutable value after Parse; Find may be called from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon/core/result.h"

namespace newswatch {

class JsonPath {
 public:
  // Grammar: segment ('.' segment)*, where a segment is a key (any characters but '.', '[',
  // ']'; may be empty only for the whole path) followed by zero or more `[N]` indices (N >= 0)
  // or one final `[]` ("the array itself", accepted for readability: `result.data[]`). A key
  // with dots or brackets is written `["a.b"]`. The empty path is the document itself.
  // Fails (kInvalidArgument, naming the offset) on anything else.
  static Result<JsonPath> Parse(std::string_view text);

  // Every value at this path: a key written `*` (unquoted) stands for each member of an object
  // or each element of a list ("searchVO.catMap.*.listVO"), in document order. Without `*`,
  // the one value Find returns (or none). Pointers borrow from `root`.
  std::vector<const nlohmann::json*> FindAll(const nlohmann::json& root) const;

  // The value at this path in `root` (the first, with `*`), or nullptr when a key is missing, an index is out of
  // range, or a step meets the wrong kind of value. The pointer borrows from `root`.
  const nlohmann::json* Find(const nlohmann::json& root) const;

  const std::string& text() const { return text_; }
  bool empty() const { return steps_.empty(); }

 private:
  using Step = std::variant<std::string, size_t>;  // object key or array index
  void Collect(const nlohmann::json& at, size_t step, std::vector<const nlohmann::json*>& out) const;
  std::string text_;
  std::vector<Step> steps_;
};

// Parses a JSON body, or the JSON inside a JSONP wrapper: `cb({...})`, `cb({...});`,
// `/**/cb({...})`, `try{cb({...});}catch(e){};`, skipping a UTF-8 BOM. nullopt when nothing
// parses.
std::optional<nlohmann::json> ParseJsonOrJsonp(std::string_view body);

}  // namespace newswatch
