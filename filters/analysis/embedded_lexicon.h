// The analysis tables in filters/analysis/data/, embedded at build time so the
// daemon never depends on a data path at run time.
// Thread-safety: immutable static strings.
#pragma once

#include <string_view>

namespace newswatch::analysis_data {

std::string_view GovernmentBodiesTsv();
std::string_view NationalBodiesTsv();
std::string_view NonGovernmentTsv();
std::string_view ActsTsv();
std::string_view DocumentKindsTsv();
std::string_view ForeignPlacesTsv();
std::string_view BodyAbbreviationsTsv();

}  // namespace newswatch::analysis_data
