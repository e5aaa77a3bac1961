// The event codec: plain Article / SourceHealthChange <-> newswatch.v1
// protobuf, the topic names events are published under, and the JSON form of
// an event. Protobuf types stay behind this header and the publisher.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "daemon/core/article.h"
#include "daemon/core/result.h"
#include "daemon/core/timestamp.h"
#include "newswatch/v1/event.pb.h"

namespace newswatch {

// The health of a source, as published on "status.<source_id>".
enum class SourceHealth { kUnknown, kOk, kFailing, kRecovered, kBroken };

// A source's health changed (a plain struct; the engine fills it).
struct SourceHealthChange {
  std::string source_id;
  SourceHealth state = SourceHealth::kUnknown;
  SourceHealth previous = SourceHealth::kUnknown;
  std::string reason;  // why failing or broken ("http: 503 Service Unavailable")
  uint32_t consecutive_failures = 0;
  Timestamp since;  // when the source entered `state`
};

// Topic of every heartbeat.
inline constexpr std::string_view kHeartbeatTopic = "heartbeat";

// "article.<profile>.<region_code>"; the code is "000000" (national) when empty,
// so a subscriber can always filter "article.<profile>.31" for Shanghai.
std::string ArticleTopic(std::string_view profile, std::string_view region_code);
// The topic for `article`: its relevance profile and primary region.
std::string ArticleTopic(const Article& article);
// "status.<source_id>".
std::string SourceStatusTopic(std::string_view source_id);

// Timestamp -> v1::Time with rfc3339 in the source's own offset, and back.
v1::Time ToProto(const Timestamp& t);
Timestamp FromProto(const v1::Time& t);

// Every published field of `article`, including relevance, facts and story.
// The folded matching text (norm_*) and body_html are not published.
v1::Article ToProto(const Article& article);
// The inverse of ToProto for every published field; a missing `published`
// stays nullopt.
Article FromProto(const v1::Article& article);

v1::SourceStatus ToProto(const SourceHealthChange& change);
SourceHealthChange FromProto(const v1::SourceStatus& status);

// The event in protobuf's canonical JSON mapping on one line. Field names are
// lowerCamelCase (protobuf's default: "publisherId", "contentHash"); fields at
// their default value (0, "", false) are omitted; 64-bit integers are JSON
// strings ("sequence": "12"); enums are their names ("VERDICT_RELEVANT").
std::string EventToJson(const v1::Event& event);

// Parses one serialized Event. Errors: kParse if `bytes` is not a valid Event.
Result<v1::Event> ParseEvent(std::string_view bytes);

}  // namespace newswatch
