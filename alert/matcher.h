// Matcher: a compiled conjunction of conditions on an AlertEvent, used by
// routes and silences. Within one field any listed value matches (OR); all
// given fields must match (AND). Thread-safety: immutable; share freely.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "alert/alert_event.h"
#include "daemon/core/result.h"

namespace newswatch::alert {

class Matcher {
 public:
  // Field names accepted by FromFields, for error messages and docs:
  // kind, profile, min_level, level, region, document_kind, issuer_level,
  // source, terms.
  static const std::vector<std::string>& FieldNames();

  // Compiles `fields` (name -> values). Fails with kConfig naming the field
  // for an unknown field, an unknown level / document kind / issuer level, or
  // a region prefix that is not 1-6 digits. An empty map matches every
  // article event.
  static Result<Matcher> FromFields(const std::map<std::string, std::vector<std::string>>& fields);

  // True if `event` satisfies every condition.
  bool Matches(const AlertEvent& event) const;

  // The fields as given, for listing silences.
  const std::map<std::string, std::vector<std::string>>& fields() const { return fields_; }

 private:
  std::map<std::string, std::vector<std::string>> fields_;
  std::vector<EventKind> kinds_{EventKind::kArticle};
  std::vector<std::string> profiles_, region_prefixes_, document_kinds_, issuer_levels_, sources_,
      terms_;
  std::vector<int> levels_;
  int min_level_ = 0;
};

}  // namespace newswatch::alert
