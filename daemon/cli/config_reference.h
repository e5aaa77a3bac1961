// The configuration reference as Markdown, generated from the option tables
// of the daemon section, of every source, and of each source type.
// Thread-safety: pure function.
#pragma once

#include <string>

namespace newswatch::cli {

std::string ConfigReferenceMarkdown();

}  // namespace newswatch::cli
