#include "daemon/publish/event_codec.h"

#include <google/protobuf/util/json_util.h>

namespace newswatch {
namespace {

// The plain enums and the proto enums share their numbering (0 = unknown);
// a value from a newer publisher that this build does not know maps to 0.
template <typename Plain>
Plain EnumFromWire(int value, Plain last) {
  if (value < 0 || value > static_cast<int>(last)) return static_cast<Plain>(0);
  return static_cast<Plain>(value);
}

void ToProto(const Region& in, v1::Region* out) {
  out->set_code(in.code);
  out->set_name(in.name);
  out->set_level(static_cast<v1::RegionLevel>(in.level));
  out->set_mentions(in.mentions);
}

Region FromProto(const v1::Region& in) {
  Region out;
  out.code = in.code();
  out.name = in.name();
  out.level = EnumFromWire(in.level(), RegionLevel::kCounty);
  out.mentions = in.mentions();
  return out;
}

void ToProto(const Quantity& in, v1::Quantity* out) {
  out->set_kind(in.kind);
  out->set_text(in.text);
  out->set_value(in.value);
  out->set_unit(in.unit);
  out->set_year(in.year);
  out->set_sentence(in.sentence);
}

Quantity FromProto(const v1::Quantity& in) {
  return Quantity{in.kind(), in.text(), in.value(), in.unit(), in.year(), in.sentence()};
}

void AddFieldCount(v1::RuleMatch* out, v1::Field field, uint32_t count) {
  if (count == 0) return;
  v1::FieldCount* fc = out->add_fields();
  fc->set_field(field);
  fc->set_count(count);
}

}  // namespace

std::string ArticleTopic(std::string_view profile, std::string_view region_code) {
  std::string topic = "article.";
  topic += profile;
  topic += '.';
  topic += region_code.empty() ? std::string_view("000000") : region_code;
  return topic;
}

std::string ArticleTopic(const Article& article) {
  const std::string_view code =
      article.facts.primary_region ? std::string_view(article.facts.primary_region->code) : "";
  return ArticleTopic(article.relevance.profile, code);
}

std::string SourceStatusTopic(std::string_view source_id) {
  return "status." + std::string(source_id);
}

v1::Time ToProto(const Timestamp& t) {
  v1::Time out;
  out.set_unix_seconds(t.unix_seconds);
  out.set_utc_offset_minutes(t.utc_offset_minutes);
  out.set_rfc3339(t.ToRfc3339());
  return out;
}

Timestamp FromProto(const v1::Time& t) {
  return Timestamp{t.unix_seconds(), t.utc_offset_minutes()};
}

v1::Article ToProto(const Article& a) {
  v1::Article out;
  out.set_id(a.id);
  out.set_source_id(a.source_id);
  out.set_url(a.url);
  out.set_canonical_url(a.canonical_url);
  out.set_title(a.title);
  out.set_author(a.author);
  if (a.published) *out.mutable_published() = ToProto(*a.published);
  *out.mutable_fetched() = ToProto(a.fetched);
  out.set_language(a.language);
  out.set_script(static_cast<v1::Script>(a.script));
  out.set_summary(a.summary);
  out.set_body(a.body_text);
  out.set_content_hash(a.content_hash);
  for (const std::string& c : a.categories) out.add_categories(c);
  out.set_original_source(a.original_source);
  out.set_backfill(a.backfill);

  v1::Relevance* rel = out.mutable_relevance();
  rel->set_profile(a.relevance.profile);
  rel->set_score(a.relevance.score);
  rel->set_threshold(a.relevance.threshold);
  rel->set_verdict(static_cast<v1::Verdict>(a.relevance.verdict));
  rel->set_level(static_cast<v1::Level>(a.relevance.level));
  for (const RuleMatch& m : a.relevance.matches) {
    v1::RuleMatch* pm = rel->add_matches();
    pm->set_rule(m.rule);
    pm->set_group(m.group);
    pm->set_weight(m.weight);
    pm->set_count(m.title_count + m.lead_count + m.body_count);
    AddFieldCount(pm, v1::FIELD_TITLE, m.title_count);
    AddFieldCount(pm, v1::FIELD_LEAD, m.lead_count);
    AddFieldCount(pm, v1::FIELD_BODY, m.body_count);
  }
  for (const std::string& r : a.relevance.reasons) rel->add_reasons(r);

  v1::Facts* facts = out.mutable_facts();
  for (const Region& r : a.facts.regions) ToProto(r, facts->add_regions());
  if (a.facts.primary_region) ToProto(*a.facts.primary_region, facts->mutable_primary_region());
  facts->mutable_issuer()->set_name(a.facts.issuer.name);
  facts->mutable_issuer()->set_level(static_cast<v1::BodyLevel>(a.facts.issuer.level));
  facts->set_document_kind(static_cast<v1::DocumentKind>(a.facts.document_kind));
  facts->set_document_number(a.facts.document_number);
  for (const DatedFact& d : a.facts.dates) {
    v1::DatedFact* pd = facts->add_dates();
    pd->set_kind(d.kind);
    pd->set_date(d.date);
    pd->set_sentence(d.sentence);
  }
  for (const Quantity& q : a.facts.targets) ToProto(q, facts->add_targets());
  for (const Quantity& q : a.facts.money) ToProto(q, facts->add_money());
  for (const PolicyDocument& d : a.facts.documents) {
    v1::PolicyDocument* pd = facts->add_documents();
    pd->set_title(d.title);
    pd->set_normalized_title(d.normalized_title);
    pd->set_kind(static_cast<v1::DocumentKind>(d.kind));
    pd->set_issuer(d.issuer);
    pd->set_region_code(d.region_code);
    pd->set_year(d.year);
  }

  v1::Story* story = out.mutable_story();
  story->set_story_id(a.story.story_id);
  story->set_first_report(a.story.first_report);
  story->set_first_article_id(a.story.first_article_id);
  story->set_similarity(a.story.similarity);
  return out;
}

Article FromProto(const v1::Article& p) {
  Article a;
  a.id = p.id();
  a.source_id = p.source_id();
  a.url = p.url();
  a.canonical_url = p.canonical_url();
  a.title = p.title();
  a.author = p.author();
  if (p.has_published()) a.published = FromProto(p.published());
  a.fetched = FromProto(p.fetched());
  a.language = p.language();
  a.script = EnumFromWire(p.script(), Script::kLatin);
  a.summary = p.summary();
  a.body_text = p.body();
  a.content_hash = p.content_hash();
  a.categories.assign(p.categories().begin(), p.categories().end());
  a.original_source = p.original_source();
  a.backfill = p.backfill();

  const v1::Relevance& rel = p.relevance();
  a.relevance.profile = rel.profile();
  a.relevance.score = rel.score();
  a.relevance.threshold = rel.threshold();
  a.relevance.verdict = EnumFromWire(rel.verdict(), Verdict::kNotRelevant);
  a.relevance.level = EnumFromWire(rel.level(), Level::kHigh);
  for (const v1::RuleMatch& pm : rel.matches()) {
    RuleMatch m;
    m.rule = pm.rule();
    m.group = pm.group();
    m.weight = pm.weight();
    for (const v1::FieldCount& fc : pm.fields()) {
      switch (fc.field()) {
        case v1::FIELD_TITLE:
          m.title_count += fc.count();
          break;
        case v1::FIELD_LEAD:
          m.lead_count += fc.count();
          break;
        case v1::FIELD_BODY:
          m.body_count += fc.count();
          break;
        default:
          break;
      }
    }
    a.relevance.matches.push_back(std::move(m));
  }
  a.relevance.reasons.assign(rel.reasons().begin(), rel.reasons().end());

  const v1::Facts& f = p.facts();
  for (const v1::Region& r : f.regions()) a.facts.regions.push_back(FromProto(r));
  if (f.has_primary_region()) a.facts.primary_region = FromProto(f.primary_region());
  a.facts.issuer.name = f.issuer().name();
  a.facts.issuer.level = EnumFromWire(f.issuer().level(), BodyLevel::kDistrict);
  a.facts.document_kind = EnumFromWire(f.document_kind(), DocumentKind::kOpinion);
  a.facts.document_number = f.document_number();
  for (const v1::DatedFact& d : f.dates()) {
    a.facts.dates.push_back(DatedFact{d.kind(), d.date(), d.sentence()});
  }
  for (const v1::Quantity& q : f.targets()) a.facts.targets.push_back(FromProto(q));
  for (const v1::Quantity& q : f.money()) a.facts.money.push_back(FromProto(q));
  for (const v1::PolicyDocument& d : f.documents()) {
    a.facts.documents.push_back({d.title(), d.normalized_title(),
                                 EnumFromWire(d.kind(), DocumentKind::kOpinion), d.issuer(),
                                 d.region_code(), d.year()});
  }

  a.story.story_id = p.story().story_id();
  a.story.first_report = p.story().first_report();
  a.story.first_article_id = p.story().first_article_id();
  a.story.similarity = p.story().similarity();
  return a;
}

v1::SourceStatus ToProto(const SourceHealthChange& c) {
  v1::SourceStatus out;
  out.set_source_id(c.source_id);
  out.set_state(static_cast<v1::Health>(c.state));
  out.set_previous(static_cast<v1::Health>(c.previous));
  out.set_reason(c.reason);
  out.set_consecutive_failures(c.consecutive_failures);
  *out.mutable_since() = ToProto(c.since);
  return out;
}

SourceHealthChange FromProto(const v1::SourceStatus& s) {
  SourceHealthChange c;
  c.source_id = s.source_id();
  c.state = EnumFromWire(s.state(), SourceHealth::kBroken);
  c.previous = EnumFromWire(s.previous(), SourceHealth::kBroken);
  c.reason = s.reason();
  c.consecutive_failures = s.consecutive_failures();
  c.since = FromProto(s.since());
  return c;
}

std::string EventToJson(const v1::Event& event) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  std::string out;
  // Printing a well-formed message cannot fail; an empty object is a safe answer if it ever does.
  if (!google::protobuf::util::MessageToJsonString(event, &out, options).ok()) return "{}";
  return out;
}

Result<v1::Event> ParseEvent(std::string_view bytes) {
  v1::Event event;
  if (bytes.size() > static_cast<size_t>(INT32_MAX) ||
      !event.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return ParseError("not a newswatch.v1.Event (" + std::to_string(bytes.size()) + " bytes)");
  }
  return event;
}

}  // namespace newswatch
