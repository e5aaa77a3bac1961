#include "filters/facts/gazetteer_import.h"

#include <algorithm>

#include "filters/facts/text_scan.h"

namespace newswatch {
namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsPlaceholder(std::string_view name) {
  return name == "市辖区" || name == "县" || name == "省直辖县级行政区划" ||
         name == "自治区直辖县级行政区划";
}

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

Result<GazetteerImport> ParseGazetteerCsv(std::string_view text, std::string_view origin) {
  GazetteerImport out;
  size_t line_no = 0;
  for (std::string_view line : SplitLines(text)) {
    ++line_no;
    if (line_no == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // BOM
    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> fields = SplitCsvLine(line);
    auto where = [&] { return std::string(origin) + ":" + std::to_string(line_no) + ": "; };
    if (line_no == 1 && !AllDigits(fields[0])) continue;  // header
    if (fields.size() < 2) return ParseError(where() + "expected code,name");
    const std::string& code = fields[0];
    const std::string& name = fields[1];
    if (!AllDigits(code)) return ParseError(where() + "code '" + code + "' is not digits");
    if (name.empty()) return ParseError(where() + "empty name for code " + code);
    switch (code.size()) {
      case 2:
      case 4:
      case 6: break;
      case 9:
      case 12: ++out.finer; continue;
      default:
        return ParseError(where() + "code '" + code + "' has " + std::to_string(code.size()) +
                          " digits; expected 2, 4 or 6");
    }
    if (IsPlaceholder(name)) {
      ++out.placeholders;
      continue;
    }
    RegionEntry e;
    e.code = code + std::string(6 - code.size(), '0');
    e.name = name;
    e.level = RegionTable::LevelOfCode(e.code);
    e.parent = RegionTable::ParentOfCode(e.code);
    out.rows.push_back(std::move(e));
  }
  return out;
}

std::string FormatRegionCsv(const std::vector<RegionEntry>& rows) {
  std::string out = "code,name,level,parent\n";
  for (const RegionEntry& e : rows) {
    out += e.code + "," + CsvField(e.name) + "," + std::string(RegionLevelName(e.level)) + "," +
           e.parent + "\n";
  }
  return out;
}

}  // namespace newswatch
