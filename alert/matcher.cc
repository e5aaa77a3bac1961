#include "alert/matcher.h"

#include <algorithm>

#include "alert/event_codec.h"

namespace newswatch::alert {
namespace {

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

const std::vector<std::string>& Matcher::FieldNames() {
  static const std::vector<std::string> kNames = {"kind",         "profile",      "min_level",
                                                  "level",        "region",       "document_kind",
                                                  "issuer_level", "source",       "terms"};
  return kNames;
}

Result<Matcher> Matcher::FromFields(const std::map<std::string, std::vector<std::string>>& fields) {
  Matcher m;
  m.fields_ = fields;
  for (const auto& [name, values] : fields) {
    auto err = [&](const std::string& what) {
      return ConfigError("match field \"" + name + "\": " + what);
    };
    if (values.empty()) return err("needs at least one value");
    if (name == "kind") {
      m.kinds_.clear();
      for (const std::string& v : values) {
        if (v == "article") m.kinds_.push_back(EventKind::kArticle);
        else if (v == "source_status") m.kinds_.push_back(EventKind::kSourceStatus);
        else return err("unknown event kind \"" + v + "\" (article, source_status)");
      }
    } else if (name == "profile") {
      m.profiles_ = values;
    } else if (name == "min_level" || name == "level") {
      for (const std::string& v : values) {
        int level = LevelFromName(v);
        if (level < 0) return err("unknown level \"" + v + "\" (low, medium, high)");
        if (name == "level") m.levels_.push_back(level);
        else m.min_level_ = std::max(m.min_level_, level);
      }
    } else if (name == "region") {
      for (const std::string& v : values) {
        if (!AllDigits(v) || v.size() > 6) {
          return err("\"" + v + "\" is not a region code prefix (1-6 digits, e.g. 31)");
        }
      }
      m.region_prefixes_ = values;
    } else if (name == "document_kind") {
      for (const std::string& v : values) {
        if (!IsDocumentKindName(v)) return err("unknown document kind \"" + v + "\"");
      }
      m.document_kinds_ = values;
    } else if (name == "issuer_level") {
      for (const std::string& v : values) {
        if (!IsIssuerLevelName(v)) {
          return err("unknown issuer level \"" + v + "\" (national, provincial, city, district)");
        }
      }
      m.issuer_levels_ = values;
    } else if (name == "source") {
      m.sources_ = values;
    } else if (name == "terms") {
      m.terms_ = values;
    } else {
      std::string known;
      for (const std::string& n : FieldNames()) known += (known.empty() ? "" : ", ") + n;
      return ConfigError("unknown match field \"" + name + "\" (known: " + known + ")");
    }
  }
  return m;
}

bool Matcher::Matches(const AlertEvent& e) const {
  if (std::find(kinds_.begin(), kinds_.end(), e.kind) == kinds_.end()) return false;
  if (!sources_.empty() && !Contains(sources_, e.source_id)) return false;
  if (e.kind != EventKind::kArticle) {
    // Article conditions cannot hold for a status event.
    return profiles_.empty() && region_prefixes_.empty() && document_kinds_.empty() &&
           issuer_levels_.empty() && terms_.empty() && levels_.empty() && min_level_ == 0;
  }
  if (!profiles_.empty() && !Contains(profiles_, e.profile)) return false;
  if (e.level < min_level_) return false;
  if (!levels_.empty() && std::find(levels_.begin(), levels_.end(), e.level) == levels_.end()) {
    return false;
  }
  if (!region_prefixes_.empty() &&
      std::none_of(region_prefixes_.begin(), region_prefixes_.end(), [&](const std::string& p) {
        return e.region_code.compare(0, p.size(), p) == 0;
      })) {
    return false;
  }
  if (!document_kinds_.empty() && !Contains(document_kinds_, e.document_kind)) return false;
  if (!issuer_levels_.empty() && !Contains(issuer_levels_, e.issuer_level)) return false;
  if (!terms_.empty() && std::none_of(terms_.begin(), terms_.end(), [&](const std::string& t) {
        return Contains(e.matched_terms, t);
      })) {
    return false;
  }
  return true;
}

}  // namespace newswatch::alert
