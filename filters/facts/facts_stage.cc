#include "filters/facts/facts_stage.h"

#include <algorithm>

#include "filters/facts/policy_facts.h"

namespace newswatch {

Result<std::unique_ptr<FactsStage>> FactsStage::Create(const std::string& extra_regions_path,
                                                       std::vector<std::string> topic_terms) {
  Result<RegionTable> table = RegionTable::Builtin();
  if (!table.ok()) return table.status();
  if (!extra_regions_path.empty()) NW_RETURN_IF_ERROR(table->LoadExtra(extra_regions_path));
  auto analyzer = PolicyAnalyzer::Create(std::make_shared<const RegionTable>(std::move(*table)),
                                         std::move(topic_terms));
  if (!analyzer.ok()) return analyzer.status();
  return std::make_unique<FactsStage>(std::shared_ptr<const PolicyAnalyzer>(std::move(*analyzer)));
}

FactsStage::FactsStage(std::shared_ptr<const PolicyAnalyzer> analyzer, bool only_relevant)
    : analyzer_(std::move(analyzer)),
      only_relevant_(only_relevant),
      finder_(analyzer_->regions()) {}

Facts FactsStage::Extract(std::string_view title, std::string_view body) const {
  return Extract(title, body, analyzer_->Analyze(title, body));
}

Facts FactsStage::Extract(std::string_view title, std::string_view body,
                          const Analysis& analysis) const {
  const RegionTable& table = analyzer_->regions();
  Facts facts;
  RegionFindings regions = finder_.Find(title, body);
  facts.document_kind = policy_facts::TextKind(analysis, title, body, regions.spread);
  facts.issuer = policy_facts::Issuer(analysis, body, facts.document_kind);
  facts.regions = std::move(regions.regions);
  facts.primary_region = policy_facts::PrimaryRegion(analysis, regions, facts.document_kind, table);
  // 市政府 of a municipality is a provincial-level body.
  if (facts.issuer.level == BodyLevel::kCity && facts.primary_region &&
      facts.primary_region->code.size() == 6) {
    std::string_view province = std::string_view(facts.primary_region->code).substr(0, 2);
    if (province == "11" || province == "12" || province == "31" || province == "50") {
      facts.issuer.level = BodyLevel::kProvincial;
    }
  }
  facts.documents = policy_facts::Documents(analysis);
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
  if (only_relevant_ && article.relevance.verdict == Verdict::kNotRelevant) {
    article.facts = Facts{};
    return StageResult::Keep();
  }
  std::string_view title = article.norm_title.empty() ? article.title : article.norm_title;
  std::string_view body = article.norm_body.empty() ? article.body_text : article.norm_body;
  article.facts = Extract(title, body, article.analysis);
  return StageResult::Keep();
}

}  // namespace newswatch
