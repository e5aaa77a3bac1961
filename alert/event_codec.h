// Event codec: the boundary between the wire (serialized newswatch.v1.Event)
// and the router's plain AlertEvent, plus the documented JSON form used by the
// webhook, exec and file receivers. Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "alert/alert_event.h"
#include "daemon/core/result.h"

namespace newswatch::v1 {
class Event;
}  // namespace newswatch::v1

namespace newswatch::alert {

// The AlertEvent for a parsed Event received under `topic` ("" = the topic
// the event carries itself, as replayed events do).
AlertEvent FromProtoEvent(std::string_view topic, const v1::Event& event);

// Decodes one serialized Event. Fails with kParse if the bytes are not an
// Event. An Event with an unknown payload decodes to kind kUnknown (skip it).
Result<AlertEvent> DecodeEvent(std::string_view topic, std::string_view bytes);

// The JSON object for one event (schema in config/alert.yaml, "webhook"):
// {"kind","topic","publisher_id","sequence","article":{...}} or
// {"...","status":{...}}. Always valid UTF-8 JSON (invalid bytes replaced).
std::string EventToJson(const AlertEvent& event);
nlohmann::json EventToJsonValue(const AlertEvent& event);

// Document kind enum name -> config name: DOCUMENT_KIND_ACTION_PLAN ->
// "action-plan". Returns true if `name` is one of the known config names.
bool IsDocumentKindName(std::string_view name);
bool IsIssuerLevelName(std::string_view name);

}  // namespace newswatch::alert
