// JsonPath: a small dotted path into a JSON document ("result.data", "items[0].title",
// "data.list[]"), parsed once when the configuration loads so a malformed path stops start-up
// and looking a path up per item cannot fail on syntax.
// Thread-safety: an immutable value after Parse; Find may be called from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

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

  // The value at this path in `root`, or nullptr when a key is missing, an index is out of
  // range, or a step meets the wrong kind of value. The pointer borrows from `root`.
  const nlohmann::json* Find(const nlohmann::json& root) const;

  const std::string& text() const { return text_; }
  bool empty() const { return steps_.empty(); }

 private:
  using Step = std::variant<std::string, size_t>;  // object key or array index
  std::string text_;
  std::vector<Step> steps_;
};

}  // namespace newswatch
