// The region tables shipped in filters/facts/data/, embedded into the library
// at build time so the daemon never depends on a data path at run time.
// Thread-safety: immutable static strings.
#pragma once

#include <string_view>

namespace newswatch::facts_data {

// filters/facts/data/regions.tsv: code, name, level, parent.
std::string_view RegionsTsv();
// filters/facts/data/region_aliases.tsv: alias, code, strength.
std::string_view RegionAliasesTsv();

}  // namespace newswatch::facts_data
