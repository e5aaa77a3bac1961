// The `spool` source: a local folder; each new .html, .htm, .md or .txt file
// is one article (Jekyll/Hexo front matter is read). Writers should create
// files under a temporary name (a leading '.' or a .tmp/.part suffix, which
// are ignored) and rename them into place, so a half-written file is never read.
// Thread-safety: see Source.
#pragma once

#include "daemon/sources/source_registry.h"

namespace newswatch {

SourceType SpoolSourceType();

}  // namespace newswatch
