#include "filters/facts/facts_stage.h"

#include <algorithm>

namespace newswatch {

Result<std::unique_ptr<FactsStage>> FactsStage::Create(const std::string& extra_regions_path) {
  Result<RegionTable> table = RegionTable::Builtin();
  if (!table.ok()) return table.status();
  if (!extra_regions_path.empty()) NW_RETURN_IF_ERROR(table->LoadExtra(extra_regions_path));
  return std::make_unique<FactsStage>(std::move(*table));
}

FactsStage::FactsStage(RegionTable table)
    : table_(std::make_unique<const RegionTable>(std::move(table))),
      finder_(*table_),
      documents_(*table_) {}

Facts FactsStage::Extract(std::string_view title, std::string_view body) const {
  Facts facts;
  facts.issuer = documents_.FindIssuer(title, body);
  RegionFindings regions = finder_.Find(title, body, facts.issuer.name);
  facts.regions = std::move(regions.regions);
  facts.primary_region = std::move(regions.primary);
  // 市政府 of Shanghai is a provincial-level body: a bare 市 prefix takes the
  // level of the municipality the article is about.
  if (facts.issuer.level == BodyLevel::kCity && facts.primary_region &&
      (facts.issuer.name.starts_with("市") || facts.issuer.name.starts_with("上海") ||
       facts.issuer.name.starts_with("北京") || facts.issuer.name.starts_with("天津") ||
       facts.issuer.name.starts_with("重庆"))) {
    std::string_view province = std::string_view(facts.primary_region->code).substr(0, 2);
    if (province == "11" || province == "12" || province == "31" || province == "50") {
      facts.issuer.level = BodyLevel::kProvincial;
    }
  }
  facts.document_kind = DocumentFactsExtractor::Classify(title, body, regions.spread);
  facts.document_number = DocumentFactsExtractor::DocumentNumber(title, body);
  facts.dates = DocumentFactsExtractor::FindDates(title);
  for (DatedFact& d : DocumentFactsExtractor::FindDates(body)) facts.dates.push_back(std::move(d));
  DocumentFactsExtractor::FindQuantities(title, &facts.targets, &facts.money);
  DocumentFactsExtractor::FindQuantities(body, &facts.targets, &facts.money);
  // A headline usually repeats a target of the body; keep the body's version
  // (it carries the year and the full sentence).
  std::vector<Quantity> targets;
  for (Quantity& q : facts.targets) {
    auto same = std::find_if(targets.begin(), targets.end(), [&](const Quantity& t) {
      return t.kind == q.kind && t.value == q.value;
    });
    if (same == targets.end()) {
      targets.push_back(std::move(q));
    } else if (same->year.empty() && !q.year.empty()) {
      *same = std::move(q);
    }
  }
  facts.targets = std::move(targets);
  return facts;
}

StageResult FactsStage::Process(Article& article) const {
  std::string_view title = article.norm_title.empty() ? article.title : article.norm_title;
  std::string_view body = article.norm_body.empty() ? article.body_text : article.norm_body;
  article.facts = Extract(title, body);
  return StageResult::Keep();
}

}  // namespace newswatch
