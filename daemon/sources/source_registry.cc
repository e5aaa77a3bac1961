#include "daemon/sources/source_registry.h"

#include "daemon/sources/feed_source.h"
#include "daemon/sources/html_list_source.h"
#include "daemon/sources/json_source.h"
#include "daemon/sources/spool_source.h"

namespace newswatch {

const std::vector<SourceType>& SourceTypes() {
  // One line per source type.
  static const std::vector<SourceType> kTypes = {
      FeedSourceType(),
      SpoolSourceType(),
      JsonSourceType(),
      HtmlListSourceType(),
  };
  return kTypes;
}

const SourceType* FindSourceType(std::string_view name) {
  for (const SourceType& t : SourceTypes()) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

SourceOptionLookup SourceOptionTables() {
  return [](std::string_view type) -> const std::vector<OptionSpec>* {
    const SourceType* t = FindSourceType(type);
    return t ? &t->options : nullptr;
  };
}

}  // namespace newswatch
