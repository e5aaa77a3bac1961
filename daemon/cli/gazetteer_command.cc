// `newswatch gazetteer import FILE... --out PATH`: validates national division
// lists (code,name CSV as published by the statistics authority) and writes
// the region CSV the facts stage loads next to its built-in table.
// `newswatch gazetteer lookup NAME`: prints the regions a name may mean.
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/cli/commands.h"
#include "filters/facts/gazetteer_import.h"
#include "filters/facts/region_table.h"

namespace newswatch::cli {
namespace {

struct GazetteerOptions {
  std::vector<std::string> files;
  std::string out;
  std::string extra;
  std::string name;
};

int RunImport(const GazetteerOptions& opt) {
  std::vector<RegionEntry> rows;
  size_t placeholders = 0, finer = 0;
  for (const std::string& file : opt.files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "gazetteer import: cannot open " << file << "\n";
      return 1;
    }
    std::ostringstream text;
    text << in.rdbuf();
    Result<GazetteerImport> parsed = ParseGazetteerCsv(text.str(), file);
    if (!parsed.ok()) {
      std::cerr << "gazetteer import: " << parsed.status().ToString() << "\n";
      return 1;
    }
    std::cout << file << ": " << parsed->rows.size() << " regions, " << parsed->placeholders
              << " grouping rows skipped, " << parsed->finer << " township/village rows skipped\n";
    placeholders += parsed->placeholders;
    finer += parsed->finer;
    for (RegionEntry& e : parsed->rows) rows.push_back(std::move(e));
  }
  // Duplicates across files are dropped; the first wins.
  RegionTable seen;
  std::vector<RegionEntry> unique;
  size_t counts[5] = {0, 0, 0, 0, 0};
  for (RegionEntry& e : rows) {
    if (!seen.Add(e)) continue;
    ++counts[static_cast<int>(e.level)];
    unique.push_back(std::move(e));
  }
  std::ofstream out(opt.out, std::ios::binary | std::ios::trunc);
  out << FormatRegionCsv(unique);
  out.close();
  if (!out) {
    std::cerr << "gazetteer import: cannot write " << opt.out << "\n";
    return 1;
  }
  std::cout << "wrote " << unique.size() << " regions to " << opt.out << " ("
            << counts[static_cast<int>(RegionLevel::kProvince)] << " provinces, "
            << counts[static_cast<int>(RegionLevel::kCity)] << " cities, "
            << counts[static_cast<int>(RegionLevel::kCounty)] << " counties)\n";
  return 0;
}

int RunLookup(const GazetteerOptions& opt) {
  Result<RegionTable> table = RegionTable::Builtin();
  if (!table.ok()) {
    std::cerr << "gazetteer lookup: " << table.status().ToString() << "\n";
    return 1;
  }
  if (!opt.extra.empty()) {
    Status st = table->LoadExtra(opt.extra);
    if (!st.ok()) {
      std::cerr << "gazetteer lookup: " << st.ToString() << "\n";
      return 1;
    }
  }
  std::vector<const RegionEntry*> found = table->Lookup(opt.name);
  if (const RegionEntry* by_code = table->Find(opt.name)) found.insert(found.begin(), by_code);
  if (found.empty()) {
    std::cout << "no region named " << opt.name << "\n";
    return 1;
  }
  for (const RegionEntry* e : found) {
    const RegionEntry* parent = table->Find(e->parent);
    std::cout << e->code << "\t" << e->name << "\t" << RegionLevelName(e->level) << "\t"
              << e->parent << (parent ? "\t" + parent->name : std::string()) << "\n";
  }
  return 0;
}

}  // namespace

void AddGazetteerCommand(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<GazetteerOptions>();
  CLI::App* gazetteer = app.add_subcommand("gazetteer", "Region table: import and look up");
  gazetteer->require_subcommand(1);

  CLI::App* import = gazetteer->add_subcommand(
      "import", "Validate division CSVs (code,name; 2/4/6-digit codes) and write a region CSV");
  import->add_option("FILE", opt->files, "CSV files such as provinces.csv cities.csv areas.csv")
      ->required()
      ->check(CLI::ExistingFile);
  import->add_option("--out", opt->out, "Region CSV to write (facts.extra_regions)")->required();
  import->callback([opt, &ctx] { ctx.exit_code = RunImport(*opt);
});

CLI::App* lookup = gazetteer->add_subcommand("lookup", "Print the regions a name or code means");
lookup->add_option("NAME", opt->name, "A name (虹口区, 虹口, 北外滩) or 6-digit code")->required();
lookup->add_option("--extra", opt->extra, "A region CSV written by `gazetteer import`");
lookup->callback([opt, &ctx] { ctx.exit_code = RunLookup(*opt); });
}  // namespace newswatch::cli

}  // namespace newswatch::cli
