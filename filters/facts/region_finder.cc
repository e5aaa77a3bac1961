#include "filters/facts/region_finder.h"

#include <algorithm>
#include <map>
#include <set>

namespace newswatch {
namespace {

std::vector<std::string> Texts(const std::vector<RegionName>& names) {
  std::vector<std::string> out;
  out.reserve(names.size());
  for (const RegionName& n : names) out.push_back(n.text);
  return out;
}

enum class Where { kTitle, kBody, kIssuer };

// One span of text that names a region, with every region it could mean.
struct Mention {
  Where where = Where::kBody;
  size_t begin = 0;
  std::vector<const RegionName*> candidates;
  std::string code;  // the resolved region, empty while unresolved
};

}  // namespace

RegionFinder::RegionFinder(const RegionTable& table)
    : table_(table), names_(table.Names()), matcher_(Texts(names_)) {}

RegionFindings RegionFinder::Find(std::string_view title, std::string_view body,
                                  std::string_view issuer) const {
  std::vector<Mention> mentions;
  auto scan = [&](std::string_view text, Where where) {
    for (const LiteralMatcher::Match& m : matcher_.Find(text)) {
      if (!mentions.empty() && mentions.back().where == where && mentions.back().begin == m.begin) {
        mentions.back().candidates.push_back(&names_[m.phrase]);
      } else {
        mentions.push_back({where, m.begin, {&names_[m.phrase]}, ""});
      }
    }
  };
  scan(title, Where::kTitle);
  scan(body, Where::kBody);
  scan(issuer, Where::kIssuer);

  // Pass 1: names that stand on their own.
  std::set<std::string> context;  // resolved codes
  auto needs_context = [&](const RegionName* n) {
    if (n->kind == NameKind::kWeakAlias) return true;
    const RegionEntry* e = table_.Find(n->code);
    return n->kind == NameKind::kShort && e != nullptr && e->level == RegionLevel::kCounty;
  };
  for (Mention& m : mentions) {
    std::set<std::string> codes;
    for (const RegionName* n : m.candidates) codes.insert(n->code);
    if (codes.size() == 1) {
      const RegionName* n = m.candidates.front();
      bool title_ok = m.where == Where::kTitle && n->kind != NameKind::kWeakAlias;
      if (!needs_context(n) || title_ok) m.code = n->code;
    } else {
      // A province shares its short name with a smaller place (吉林, 海南,
      // 河北): the province is meant unless the smaller one is named in full.
      const RegionName* province = nullptr;
      int provinces = 0;
      bool other_official = false;
      for (const RegionName* n : m.candidates) {
        const RegionEntry* e = table_.Find(n->code);
        if (e && e->level == RegionLevel::kProvince) {
          province = n;
          ++provinces;
        } else if (n->kind == NameKind::kOfficial) {
          other_official = true;
        }
      }
      if (provinces == 1 && !other_official) m.code = province->code;
    }
    if (!m.code.empty()) context.insert(m.code);
  }

  // Pass 2 (twice, so one resolution can enable another): names that need a
  // parent, child or the same region named elsewhere.
  auto related = [&](const std::string& code) {
    for (const std::string& c : context) {
      if (c == code || table_.IsAncestor(c, code) || table_.IsAncestor(code, c)) return true;
    }
    return false;
  };
  auto supported_by_ancestor = [&](const std::string& code) {
    for (const std::string& c : context) {
      if (c == code || table_.IsAncestor(c, code)) return true;
    }
    return false;
  };
  for (int round = 0; round < 2; ++round) {
    for (Mention& m : mentions) {
      if (!m.code.empty()) continue;
      std::set<std::string> fits;
      for (const RegionName* n : m.candidates) {
        bool ok = n->kind == NameKind::kWeakAlias
                      ? (related(n->code) || m.where == Where::kTitle)
                      : supported_by_ancestor(n->code);
        if (ok) fits.insert(n->code);
      }
      if (fits.size() == 1) {
        m.code = *fits.begin();
        context.insert(m.code);
      }
    }
  }

  // Weigh each resolved region.
  struct Weight {
    uint32_t mentions = 0;
    double own = 0;
    double total = 0;  // own plus all mentioned descendants
  };
  std::map<std::string, Weight> weights;
  for (const Mention& m : mentions) {
    if (m.code.empty()) continue;
    Weight& w = weights[m.code];
    switch (m.where) {
      case Where::kTitle: w.own += kTitleWeight; ++w.mentions; break;
      case Where::kBody: w.own += 1; ++w.mentions; break;
      case Where::kIssuer: w.own += kIssuerWeight; break;
    }
  }
  RegionFindings out;
  if (weights.empty()) return out;

  // Totals along parent links, including ancestors that were not named.
  std::map<std::string, double> totals;
  double grand_total = 0;
  for (const auto& [code, w] : weights) {
    grand_total += w.own;
    totals[code] += w.own;
    const RegionEntry* e = table_.Find(code);
    for (int depth = 0; e != nullptr && depth < 4 && e->parent != "000000"; ++depth) {
      totals[e->parent] += w.own;
      e = table_.Find(e->parent);
    }
  }
  auto make_region = [&](const std::string& code) {
    Region r;
    r.code = code;
    if (const RegionEntry* e = table_.Find(code)) {
      r.name = e->name;
      r.level = e->level;
    }
    auto it = weights.find(code);
    if (it != weights.end()) r.mentions = it->second.mentions;
    return r;
  };
  for (const auto& [code, w] : weights) {
    if (w.mentions > 0) out.regions.push_back(make_region(code));
  }
  std::stable_sort(out.regions.begin(), out.regions.end(), [&](const Region& a, const Region& b) {
    return weights[a.code].own > weights[b.code].own;
  });

  // Descend from the country while one child carries at least half the weight.
  std::string node = "000000";
  double node_total = grand_total;
  while (true) {
    std::string best;
    double best_total = 0;
    int weighty_children = 0;
    for (const auto& [code, total] : totals) {
      const RegionEntry* e = table_.Find(code);
      std::string parent = e ? e->parent : RegionTable::ParentOfCode(code);
      if (parent != node) continue;
      ++weighty_children;
      if (total > best_total || (total == best_total && code < best)) {
        best = code;
        best_total = total;
      }
    }
    if (best.empty() || best_total * 2 < node_total) {
      out.spread = weighty_children >= 3;
      break;
    }
    node = best;
    node_total = best_total;
  }
  if (node == "000000") {
    Region national;
    national.code = "000000";
    national.name = "全国";
    national.level = RegionLevel::kCountry;
    out.primary = national;
  } else {
    out.primary = make_region(node);
  }
  return out;
}

}  // namespace newswatch
