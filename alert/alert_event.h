// AlertEvent: the plain record the alert router works on, decoded from one
// newswatch.v1.Event. Only what routing and rendering need; protobuf stays in
// event_codec.cc. Thread-safety: a plain value type.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "daemon/core/timestamp.h"

namespace newswatch::alert {

enum class EventKind { kUnknown, kArticle, kSourceStatus, kHeartbeat };

// A figure pulled from the text ("3500亿元", kind "industry-scale").
struct KeyFigure {
  std::string kind;
  std::string text;
  std::string year;
};

// A date stated in the text (kind "deadline", date "2025-12-31").
struct KeyDate {
  std::string kind;
  std::string date;
};

struct AlertEvent {
  EventKind kind = EventKind::kUnknown;
  std::string topic;
  std::string publisher_id;
  uint64_t sequence = 0;
  // The configured publisher (PublisherSpec::name) the event came through:
  // sequences are only comparable within one origin.
  std::string origin;

  // Article events.
  std::string article_id;
  std::string source_id;
  std::string url;
  std::string title;
  std::string summary;
  std::string original_source;  // 来源 named in the text
  std::optional<Timestamp> published;
  std::string profile;
  int level = 0;  // 0 unspecified, 1 low, 2 medium, 3 high
  double score = 0;
  std::vector<std::string> matched_terms;  // positive-weight rules, as written
  std::vector<std::string> reasons;
  std::string region_code;  // primary region, 6 digits; "000000" national
  std::string region_name;
  std::string document_kind;  // "action-plan", "measures", ... ; "" unknown
  std::string document_number;
  std::string issuer_name;
  std::string issuer_level;  // "national", "provincial", "city", "district", ""
  std::vector<KeyFigure> targets;
  std::vector<KeyFigure> money;
  std::vector<KeyDate> dates;
  std::vector<std::string> documents;  // named policy documents, main one first
  std::string story_id;  // falls back to article_id when the publisher gave none
  bool first_report = true;

  // Source status events.
  std::string status_state;  // "ok", "failing", "recovered", "broken"
  std::string status_reason;
};

// The names used in configuration and JSON for levels ("low", "medium",
// "high"). LevelFromName returns -1 for an unknown name.
std::string_view LevelName(int level);
int LevelFromName(std::string_view name);

}  // namespace newswatch::alert
