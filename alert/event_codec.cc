#include "alert/event_codec.h"

#include <algorithm>
#include <array>

#include "newswatch/v1/event.pb.h"

namespace newswatch::alert {
namespace {

namespace pb = ::newswatch::v1;

constexpr std::array<std::string_view, 14> kDocumentKinds = {
    "",         "action-plan",    "implementation-plan",
    "measures", "notice",         "consultation-draft",
    "proposal", "proposal-reply", "interpretation",
    "speech",   "news-report",    "roundup",
    "plan",     "opinion"};
constexpr std::array<std::string_view, 5> kIssuerLevels = {"", "national", "provincial", "city",
                                                           "district"};
constexpr std::array<std::string_view, 5> kHealth = {"", "ok", "failing", "recovered", "broken"};

template <size_t N>
std::string NameAt(const std::array<std::string_view, N>& names, int index) {
  if (index < 0 || static_cast<size_t>(index) >= N) return "";
  return std::string(names[index]);
}

std::optional<Timestamp> FromProtoTime(const pb::Time& t) {
  if (t.unix_seconds() == 0 && t.rfc3339().empty()) return std::nullopt;
  return Timestamp{t.unix_seconds(), t.utc_offset_minutes()};
}

KeyFigure FromQuantity(const pb::Quantity& q) { return {q.kind(), q.text(), q.year()}; }

void DecodeArticle(const pb::Article& a, AlertEvent& e) {
  e.kind = EventKind::kArticle;
  e.article_id = a.id();
  e.source_id = a.source_id();
  e.url = a.url().empty() ? a.canonical_url() : a.url();
  e.title = a.title();
  e.summary = a.summary();
  e.original_source = a.original_source();
  if (a.has_published()) e.published = FromProtoTime(a.published());
  const pb::Relevance& r = a.relevance();
  e.profile = r.profile();
  e.level = std::clamp(static_cast<int>(r.level()), 0, 3);
  e.score = r.score();
  for (const pb::RuleMatch& m : r.matches()) {
    if (m.weight() > 0 && !m.rule().empty()) e.matched_terms.push_back(m.rule());
  }
  e.reasons.assign(r.reasons().begin(), r.reasons().end());
  const pb::Facts& f = a.facts();
  e.region_code = f.primary_region().code();
  e.region_name = f.primary_region().name();
  e.document_kind = NameAt(kDocumentKinds, f.document_kind());
  e.document_number = f.document_number();
  e.issuer_name = f.issuer().name();
  e.issuer_level = NameAt(kIssuerLevels, f.issuer().level());
  for (const pb::Quantity& q : f.targets()) e.targets.push_back(FromQuantity(q));
  for (const pb::Quantity& q : f.money()) e.money.push_back(FromQuantity(q));
  for (const pb::DatedFact& d : f.dates()) e.dates.push_back({d.kind(), d.date()});
  for (const pb::PolicyDocument& d : f.documents()) e.documents.push_back(d.title());
  e.story_id = a.story().story_id().empty() ? a.id() : a.story().story_id();
  e.first_report = a.story().story_id().empty() ? true : a.story().first_report();
}

// nlohmann::json throws on invalid UTF-8 at dump time; strings from the wire
// are not guaranteed valid, so dump with replacement at the end.
nlohmann::json FiguresJson(const std::vector<KeyFigure>& figures) {
  nlohmann::json out = nlohmann::json::array();
  for (const KeyFigure& f : figures)
    out.push_back({{"kind", f.kind}, {"text", f.text}, {"year", f.year}});
  return out;
}

}  // namespace

std::string_view LevelName(int level) {
  switch (level) {
    case 1:
      return "low";
    case 2:
      return "medium";
    case 3:
      return "high";
    default:
      return "unspecified";
  }
}

int LevelFromName(std::string_view name) {
  if (name == "low") return 1;
  if (name == "medium") return 2;
  if (name == "high") return 3;
  if (name == "unspecified") return 0;
  return -1;
}

bool IsDocumentKindName(std::string_view name) {
  return !name.empty() &&
         std::find(kDocumentKinds.begin(), kDocumentKinds.end(), name) != kDocumentKinds.end();
}

bool IsIssuerLevelName(std::string_view name) {
  return !name.empty() &&
         std::find(kIssuerLevels.begin(), kIssuerLevels.end(), name) != kIssuerLevels.end();
}

Result<AlertEvent> DecodeEvent(std::string_view topic, std::string_view bytes) {
  pb::Event event;
  if (!event.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return ParseError("not a newswatch.v1.Event (" + std::to_string(bytes.size()) + " bytes)");
  }
  return FromProtoEvent(topic, event);
}

AlertEvent FromProtoEvent(std::string_view topic, const pb::Event& event) {
  AlertEvent e;
  e.topic = topic.empty() ? event.topic() : std::string(topic);
  e.publisher_id = event.publisher_id();
  e.sequence = event.sequence();
  switch (event.payload_case()) {
    case pb::Event::kArticle:
      DecodeArticle(event.article(), e);
      break;
    case pb::Event::kSourceStatus:
      e.kind = EventKind::kSourceStatus;
      e.source_id = event.source_status().source_id();
      e.status_state = NameAt(kHealth, event.source_status().state());
      e.status_reason = event.source_status().reason();
      break;
    case pb::Event::kHeartbeat:
      e.kind = EventKind::kHeartbeat;
      break;
    default:
      e.kind = EventKind::kUnknown;
  }
  return e;
}

nlohmann::json EventToJsonValue(const AlertEvent& e) {
  nlohmann::json j;
  static constexpr std::array<const char*, 4> kKinds = {"unknown", "article", "source_status",
                                                        "heartbeat"};
  j["kind"] = kKinds[static_cast<int>(e.kind)];
  j["topic"] = e.topic;
  j["publisher_id"] = e.publisher_id;
  j["sequence"] = e.sequence;
  if (e.kind == EventKind::kArticle) {
    nlohmann::json a;
    a["id"] = e.article_id;
    a["source_id"] = e.source_id;
    a["url"] = e.url;
    a["title"] = e.title;
    a["summary"] = e.summary;
    a["original_source"] = e.original_source;
    a["published"] = e.published ? nlohmann::json(e.published->ToRfc3339()) : nlohmann::json();
    a["profile"] = e.profile;
    a["level"] = LevelName(e.level);
    a["score"] = e.score;
    a["matched_terms"] = e.matched_terms;
    a["reasons"] = e.reasons;
    a["region"] = {{"code", e.region_code}, {"name", e.region_name}};
    a["document_kind"] = e.document_kind;
    a["document_number"] = e.document_number;
    a["issuer"] = {{"name", e.issuer_name}, {"level", e.issuer_level}};
    a["targets"] = FiguresJson(e.targets);
    a["money"] = FiguresJson(e.money);
    nlohmann::json dates = nlohmann::json::array();
    for (const KeyDate& d : e.dates) dates.push_back({{"kind", d.kind}, {"date", d.date}});
    a["dates"] = dates;
    a["documents"] = e.documents;
    a["story"] = {{"id", e.story_id}, {"first_report", e.first_report}};
    j["article"] = std::move(a);
  } else if (e.kind == EventKind::kSourceStatus) {
    j["status"] = {
        {"source_id", e.source_id}, {"state", e.status_state}, {"reason", e.status_reason}};
  }
  return j;
}

std::string EventToJson(const AlertEvent& event) {
  return EventToJsonValue(event).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace newswatch::alert
