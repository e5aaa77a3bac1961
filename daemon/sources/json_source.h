// The `json` source: a list API answering JSON (or JSONP), such as Sina Finance's roll API.
// Configured JSON paths (see json_path.h) pick the item list and each item's title, URL, time
// (epoch seconds or milliseconds, or a date string), summary and body; pages 1..N are fetched
// through a page parameter; short items can have their article page fetched (full_text).
// Thread-safety: see Source.
#pragma once

#include "daemon/sources/source_registry.h"

namespace newswatch {

SourceType JsonSourceType();

}  // namespace newswatch
