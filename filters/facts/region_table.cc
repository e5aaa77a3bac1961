#include "filters/facts/region_table.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "filters/facts/embedded_data.h"
#include "filters/facts/text_scan.h"

namespace newswatch {
namespace {

constexpr std::array<std::string_view, 4> kMunicipalities = {"11", "12", "31", "50"};

// Ethnic names inside autonomous-region names; the short name is what precedes
// the first of them (延边朝鲜族自治州 -> 延边).
constexpr std::array<std::string_view, 40> kEthnicTokens = {
    "壮族", "回族", "维吾尔", "藏族", "朝鲜族", "蒙古", "苗族", "侗族", "土家族", "布依族",
    "彝族", "哈尼族", "傣族", "白族", "黎族", "羌族", "哈萨克", "柯尔克孜", "满族", "畲族",
    "瑶族", "仫佬族", "毛南族", "水族", "纳西族", "傈僳族", "拉祜族", "佤族", "景颇族", "独龙族",
    "怒族", "普米族", "土族", "撒拉族", "保安族", "东乡族", "裕固族", "达斡尔族", "鄂温克族",
    "各族"};

// Official names that are also everyday words: never scanned for.
constexpr std::array<std::string_view, 3> kGenericNames = {"城区", "郊区", "矿区"};

// Short names that are everyday words (和平, 光明) or compass/river phrases
// shared by many places; only the official name counts for them.
constexpr std::array<std::string_view, 36> kGenericShortNames = {
    "和平", "新城", "城关", "城中", "城东", "城西", "城南", "城北", "江北", "江南",
    "河东", "河西", "铁西", "铁东", "白云", "长安", "中山", "新华", "友好", "向阳",
    "前进", "红旗", "新兴", "新市", "市中", "高新", "青山", "光明", "新建", "东湖",
    "西湖", "滨江", "平安", "永安", "开发", "经开"};

constexpr std::array<std::string_view, 7> kNoShortSuffixes = {
    "开发区", "实验区", "示范区", "合作区", "园区", "管理区", "新片区"};

bool Contains(const auto& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

RegionLevel ParseLevel(std::string_view s) {
  if (s == "province") return RegionLevel::kProvince;
  if (s == "city") return RegionLevel::kCity;
  if (s == "county") return RegionLevel::kCounty;
  if (s == "country") return RegionLevel::kCountry;
  return RegionLevel::kUnknown;
}

int KindRank(NameKind kind) {
  switch (kind) {
    case NameKind::kOfficial: return 0;
    case NameKind::kAlias: return 1;
    case NameKind::kShort: return 2;
    case NameKind::kWeakAlias: return 3;
  }
  return 4;
}

}  // namespace

std::string_view RegionLevelName(RegionLevel level) {
  switch (level) {
    case RegionLevel::kCountry: return "country";
    case RegionLevel::kProvince: return "province";
    case RegionLevel::kCity: return "city";
    case RegionLevel::kCounty: return "county";
    case RegionLevel::kUnknown: break;
  }
  return "unknown";
}

bool RegionTable::IsValidCode(std::string_view code) {
  return code.size() == 6 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

RegionLevel RegionTable::LevelOfCode(std::string_view code) {
  if (!IsValidCode(code)) return RegionLevel::kUnknown;
  if (code == "000000") return RegionLevel::kCountry;
  if (code.substr(2) == "0000") return RegionLevel::kProvince;
  if (code.substr(4) == "00") return RegionLevel::kCity;
  return RegionLevel::kCounty;
}

std::string RegionTable::ParentOfCode(std::string_view code) {
  switch (LevelOfCode(code)) {
    case RegionLevel::kProvince: return "000000";
    case RegionLevel::kCity: return std::string(code.substr(0, 2)) + "0000";
    case RegionLevel::kCounty:
      // Municipal districts and province-administered counties (XX90xx) have
      // no real city above them.
      if (Contains(kMunicipalities, code.substr(0, 2)) || code.substr(2, 2) == "90") {
        return std::string(code.substr(0, 2)) + "0000";
      }
      return std::string(code.substr(0, 4)) + "00";
    default: return "";
  }
}

std::vector<std::string> RegionTable::ShortNames(std::string_view name, RegionLevel level) {
  std::vector<std::string> out;
  auto keep = [&](std::string_view s) {
    if (CountCodepoints(s) >= 2 && s != name && !Contains(kGenericShortNames, s)) {
      out.emplace_back(s);
    }
  };
  for (std::string_view suffix : kNoShortSuffixes) {
    if (name.ends_with(suffix)) return out;
  }
  if (name.find("自治") != std::string_view::npos) {
    size_t first = std::string_view::npos;
    for (std::string_view token : kEthnicTokens) first = std::min(first, name.find(token));
    if (first != std::string_view::npos && CountCodepoints(name.substr(0, first)) >= 2) {
      keep(name.substr(0, first));
      return out;
    }
    for (std::string_view suffix : {"自治区", "自治州", "自治县", "自治旗"}) {
      if (name.ends_with(suffix)) keep(name.substr(0, name.size() - suffix.size()));
    }
    return out;
  }
  static constexpr std::array<std::string_view, 9> kSuffixes = {
      "新区", "地区", "林区", "特区", "市", "省", "区", "县", "盟"};
  for (std::string_view suffix : kSuffixes) {
    if (name.ends_with(suffix)) {
      keep(name.substr(0, name.size() - suffix.size()));
      break;
    }
  }
  (void)level;
  return out;
}

Result<RegionTable> RegionTable::Builtin() {
  RegionTable table;
  std::vector<RegionEntry> rows;
  std::vector<RegionName> aliases;
  NW_RETURN_IF_ERROR(table.ParseTable(facts_data::RegionsTsv(), "regions.tsv", false, &rows,
                                      nullptr));
  for (auto& row : rows) table.Add(std::move(row));
  NW_RETURN_IF_ERROR(table.ParseTable(facts_data::RegionAliasesTsv(), "region_aliases.tsv", true,
                                      nullptr, &aliases));
  for (auto& alias : aliases) {
    if (table.Find(alias.code) == nullptr) {
      return InternalError("region_aliases.tsv: alias " + alias.text + " -> unknown code " +
                           alias.code);
    }
    table.by_name_[alias.text].push_back(table.by_code_.at(alias.code));
    table.aliases_.push_back(std::move(alias));
  }
  return table;
}

Status RegionTable::ParseTable(std::string_view text, std::string_view origin, bool aliases,
                               std::vector<RegionEntry>* rows,
                               std::vector<RegionName>* alias_rows) const {
  size_t line_no = 0;
  for (std::string_view line : SplitLines(text)) {
    ++line_no;
    line = Trim(line);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> fields = SplitCsvLine(line);
    auto where = [&] { return std::string(origin) + ":" + std::to_string(line_no) + ": "; };
    if (fields.size() < 2) return ParseError(where() + "expected at least 2 fields");
    if (aliases) {
      const std::string& code = fields[1];
      if (!IsValidCode(code)) return ParseError(where() + "bad code '" + code + "'");
      if (fields[0].empty()) return ParseError(where() + "empty alias");
      bool weak = fields.size() > 2 && fields[2] == "weak";
      alias_rows->push_back({fields[0], code, weak ? NameKind::kWeakAlias : NameKind::kAlias});
      continue;
    }
    if (fields[0] == "code") continue;  // a header row
    RegionEntry entry;
    entry.code = fields[0];
    entry.name = fields[1];
    if (!IsValidCode(entry.code)) return ParseError(where() + "bad code '" + entry.code + "'");
    if (entry.name.empty()) return ParseError(where() + "empty name for " + entry.code);
    entry.level = fields.size() > 2 ? ParseLevel(fields[2]) : RegionLevel::kUnknown;
    if (entry.level == RegionLevel::kUnknown) entry.level = LevelOfCode(entry.code);
    entry.parent = fields.size() > 3 && IsValidCode(fields[3]) ? fields[3]
                                                               : ParentOfCode(entry.code);
    rows->push_back(std::move(entry));
  }
  return Status::Ok();
}

bool RegionTable::Add(RegionEntry entry) {
  if (by_code_.contains(entry.code)) return false;
  size_t index = entries_.size();
  by_code_.emplace(entry.code, index);
  by_name_[entry.name].push_back(index);
  for (const std::string& s : ShortNames(entry.name, entry.level)) by_name_[s].push_back(index);
  entries_.push_back(std::move(entry));
  return true;
}

Status RegionTable::LoadExtra(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open region file " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return LoadExtraText(buffer.str(), path);
}

Status RegionTable::LoadExtraText(std::string_view text, std::string_view origin) {
  std::vector<RegionEntry> rows;
  NW_RETURN_IF_ERROR(ParseTable(text, origin, false, &rows, nullptr));
  for (auto& row : rows) Add(std::move(row));
  return Status::Ok();
}

const RegionEntry* RegionTable::Find(std::string_view code) const {
  auto it = by_code_.find(std::string(code));
  return it == by_code_.end() ? nullptr : &entries_[it->second];
}

std::vector<const RegionEntry*> RegionTable::Lookup(std::string_view name) const {
  std::vector<const RegionEntry*> out;
  auto it = by_name_.find(std::string(name));
  if (it == by_name_.end()) return out;
  for (size_t index : it->second) {
    const RegionEntry* e = &entries_[index];
    if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
  }
  std::stable_sort(out.begin(), out.end(), [&](const RegionEntry* a, const RegionEntry* b) {
    bool a_exact = a->name == name, b_exact = b->name == name;
    if (a_exact != b_exact) return a_exact;
    return static_cast<int>(a->level) < static_cast<int>(b->level);
  });
  return out;
}

bool RegionTable::IsAncestor(std::string_view ancestor, std::string_view code) const {
  const RegionEntry* e = Find(code);
  for (int depth = 0; e != nullptr && depth < 4; ++depth) {
    if (e->parent == ancestor) return true;
    e = Find(e->parent);
  }
  return false;
}

std::string RegionTable::ProvinceOf(std::string_view code) const {
  if (!IsValidCode(code) || code == "000000") return "";
  return std::string(code.substr(0, 2)) + "0000";
}

std::vector<RegionName> RegionTable::Names() const {
  std::vector<RegionName> out;
  for (const RegionEntry& e : entries_) {
    if (!Contains(kGenericNames, e.name)) out.push_back({e.name, e.code, NameKind::kOfficial});
    for (const std::string& s : ShortNames(e.name, e.level)) {
      out.push_back({s, e.code, NameKind::kShort});
    }
  }
  out.insert(out.end(), aliases_.begin(), aliases_.end());
  std::stable_sort(out.begin(), out.end(), [](const RegionName& a, const RegionName& b) {
    return KindRank(a.kind) < KindRank(b.kind);
  });
  return out;
}

}  // namespace newswatch
