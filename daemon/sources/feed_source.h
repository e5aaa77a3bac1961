// The `feed` source: an RSS 0.9x/2.0, RSS 1.0 (RDF) or Atom feed over
// http(s) or a file URL, fetched with conditional GET.
// Thread-safety: see Source.
#pragma once

#include "daemon/sources/source_registry.h"

namespace newswatch {

SourceType FeedSourceType();

}  // namespace newswatch
