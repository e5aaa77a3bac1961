// Gazetteer import: reads CSV lists of China's administrative divisions as the
// national statistics authority publishes them (code,name[,...] with 2-, 4-
// or 6-digit codes, such as provinces.csv / cities.csv / areas.csv) into
// region rows, and writes the CSV that RegionTable::LoadExtra() reads.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/result.h"
#include "filters/facts/region_table.h"

namespace newswatch {

struct GazetteerImport {
  std::vector<RegionEntry> rows;  // valid rows, codes padded to 6 digits
  size_t placeholders = 0;        // grouping rows skipped (市辖区, 县, 省直辖...)
  size_t finer = 0;               // township/village rows (9+ digit codes) skipped
};

// Parses `text` (one CSV file; `origin` names it in errors). A header row is
// skipped. Fails with kParse naming the line for a code that is not 2, 4, 6,
// 9 or 12 digits or an empty name; nothing is returned then.
Result<GazetteerImport> ParseGazetteerCsv(std::string_view text, std::string_view origin);

// "code,name,level,parent\n" then one row per entry, in the given order.
std::string FormatRegionCsv(const std::vector<RegionEntry>& rows);

}  // namespace newswatch
