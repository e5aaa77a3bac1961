// RegionTable: China's administrative divisions (6-digit codes as published
// by the national statistics authority) with names, levels, parents, derived
// short names and hand-written aliases. The built-in table is compiled into
// the library; LoadExtra() merges a larger list written by
// `newswatch gazetteer import`.
// Thread-safety: build and extend on one thread at start-up; afterwards all
// const methods may be called concurrently.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "daemon/core/article.h"
#include "daemon/core/result.h"

namespace newswatch {

struct RegionEntry {
  std::string code;    // "310109"
  std::string name;    // official name "虹口区"
  RegionLevel level = RegionLevel::kUnknown;
  std::string parent;  // "310000"; "000000" for provinces
};

// How a name in text refers to a region.
enum class NameKind {
  kOfficial,   // the official name (虹口区)
  kShort,      // derived short name (虹口); county ones need context
  kAlias,      // hand-written alias (北外滩, 申城)
  kWeakAlias,  // one-character abbreviation (沪): needs a title or context
};

struct RegionName {
  std::string text;  // as matched in normalized text
  std::string code;
  NameKind kind = NameKind::kOfficial;
};

class RegionTable {
 public:
  // The table shipped with newswatch (provinces, all prefecture-level cities,
  // counties of municipalities, provincial capitals and separately planned
  // cities) plus the shipped aliases. Fails only if the embedded data is
  // corrupt (a build bug).
  static Result<RegionTable> Builtin();

  // Parses region rows "code<TAB or ,>name[,level,parent]" (the format of
  // WriteRegionCsv) and adds every code not yet known. Levels and parents
  // missing from a row are derived from the code. On error nothing is added.
  Status LoadExtra(const std::string& path);
  // Same, from text already in memory; `origin` names it in errors.
  Status LoadExtraText(std::string_view text, std::string_view origin);

  // Adds `entry` unless its code exists; returns false when it was a duplicate.
  // Precondition: entry.code is 6 digits.
  bool Add(RegionEntry entry);

  // nullptr when unknown. The pointer stays valid until the table changes.
  const RegionEntry* Find(std::string_view code) const;
  // Every entry named `name` (official, short or alias), best first.
  std::vector<const RegionEntry*> Lookup(std::string_view name) const;
  // True when `ancestor` is a strict ancestor of `code` (by parent links).
  bool IsAncestor(std::string_view ancestor, std::string_view code) const;
  // The province-level code of `code` ("310000" for "310109").
  std::string ProvinceOf(std::string_view code) const;

  // All names to scan for, one row per (name, code) pair.
  std::vector<RegionName> Names() const;
  const std::vector<RegionEntry>& entries() const { return entries_; }

  // The level and parent implied by a 6-digit code alone (municipal counties
  // hang under the province: 310109 -> 310000).
  static RegionLevel LevelOfCode(std::string_view code);
  static std::string ParentOfCode(std::string_view code);
  // Short names a text may use for `name` ("虹口" for "虹口区", "广西" for
  // "广西壮族自治区"); empty when none is safe.
  static std::vector<std::string> ShortNames(std::string_view name, RegionLevel level);
  // True for a 6-digit ASCII code.
  static bool IsValidCode(std::string_view code);

 private:
  Status ParseTable(std::string_view text, std::string_view origin, bool aliases,
                    std::vector<RegionEntry>* rows, std::vector<RegionName>* alias_rows) const;

  std::vector<RegionEntry> entries_;
  std::unordered_map<std::string, size_t> by_code_;
  std::vector<RegionName> aliases_;
  std::unordered_map<std::string, std::vector<size_t>> by_name_;  // any name -> entries
};

std::string_view RegionLevelName(RegionLevel level);

}  // namespace newswatch
