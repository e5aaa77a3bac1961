#include "filters/relevance/profile.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

namespace newswatch {
namespace {

// Carries the file name so every error says where it is.
class ProfileReader {
 public:
  explicit ProfileReader(std::string_view file_name) : file_(file_name) {}

  Status ErrorAt(const YAML::Node& node, std::string_view reason) const {
    return ErrorAtLine(node.Mark().line + 1, reason);
  }
  Status ErrorAtLine(int line, std::string_view reason) const {
    std::ostringstream out;
    out << file_ << ":" << line << ": " << reason;
    return ConfigError(out.str());
  }

  // Rejects keys not in `allowed`; names the first unknown key's line.
  Status CheckKeys(const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                   std::string_view what) const {
    std::set<std::string> seen;
    for (const auto& kv : map) {
      if (!kv.first.IsScalar()) return ErrorAt(kv.first, std::string(what) + ": key must be text");
      std::string key = kv.first.Scalar();
      bool known = false;
      for (auto a : allowed) known = known || key == a;
      if (!known) {
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        return ErrorAt(kv.first, "unknown key '" + key + "' in " + std::string(what) +
                                     " (allowed: " + list + ")");
      }
      if (!seen.insert(key).second) return ErrorAt(kv.first, "duplicate key '" + key + "'");
    }
    return Status::Ok();
  }

  Result<std::string> Text(const YAML::Node& node, std::string_view what) const {
    if (!node.IsScalar()) return ErrorAt(node, std::string(what) + " must be text");
    return node.Scalar();
  }

  Result<double> Number(const YAML::Node& node, std::string_view what) const {
    if (!node.IsScalar()) return ErrorAt(node, std::string(what) + " must be a number");
    const std::string& s = node.Scalar();
    try {
      size_t used = 0;
      double v = std::stod(s, &used);
      if (used != s.size() || !std::isfinite(v)) throw std::invalid_argument(s);
      return v;
    } catch (const std::exception&) {
      return ErrorAt(node, std::string(what) + " must be a number, got '" + s + "'");
    }
  }

  Result<uint32_t> Count(const YAML::Node& node, std::string_view what) const {
    auto v = Number(node, what);
    if (!v.ok()) return v.status();
    if (*v < 0 || *v > 1e6 || std::floor(*v) != *v) {
      return ErrorAt(node, std::string(what) + " must be a whole number >= 0");
    }
    return static_cast<uint32_t>(*v);
  }

  Result<FieldMinimum> Minimum(const YAML::Node& node) const {
    if (!node.IsMap()) return ErrorAt(node, "min_count must be a map of title/lead/body");
    NW_RETURN_IF_ERROR(CheckKeys(node, {"title", "lead", "body"}, "min_count"));
    FieldMinimum m;
    uint32_t* slots[] = {&m.title, &m.lead, &m.body};
    const char* keys[] = {"title", "lead", "body"};
    for (int i = 0; i < 3; ++i) {
      if (!node[keys[i]]) continue;
      auto c = Count(node[keys[i]], std::string("min_count.") + keys[i]);
      if (!c.ok()) return c.status();
      *slots[i] = *c;
    }
    if (m.title == 0 && m.lead == 0 && m.body == 0) {
      return ErrorAt(node, "min_count needs at least one non-zero field");
    }
    return m;
  }

 private:
  std::string file_;
};

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t extra = 0;
    if (c < 0x80) {
      extra = 0;
    } else if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
    } else {
      return false;
    }
    if (i + extra >= s.size() && extra > 0) return false;
    for (size_t k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

std::string LowerAscii(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

Result<GroupRole> RoleFromName(const ProfileReader& r, const YAML::Node& node) {
  auto s = r.Text(node, "role");
  if (!s.ok()) return s.status();
  if (*s == "topic") return GroupRole::kTopic;
  if (*s == "signal") return GroupRole::kSignal;
  if (*s == "context") return GroupRole::kContext;
  if (*s == "negative") return GroupRole::kNegative;
  return r.ErrorAt(node, "role must be one of topic, signal, context, negative; got '" + *s + "'");
}

// A term entry: "phrase", {term: phrase, weight: w} or {regex: re, weight: w}.
Result<TermSpec> ParseTerm(const ProfileReader& r, const YAML::Node& node, double default_weight) {
  TermSpec t;
  t.line = node.Mark().line + 1;
  t.weight = default_weight;
  if (node.IsScalar()) {
    t.text = node.Scalar();
  } else if (node.IsMap()) {
    NW_RETURN_IF_ERROR(r.CheckKeys(node, {"term", "regex", "weight"}, "term"));
    if (node["term"] && node["regex"]) return r.ErrorAt(node, "a term has either term or regex");
    if (node["term"]) {
      auto s = r.Text(node["term"], "term");
      if (!s.ok()) return s.status();
      t.text = *s;
    } else if (node["regex"]) {
      auto s = r.Text(node["regex"], "regex");
      if (!s.ok()) return s.status();
      t.text = *s;
      t.is_regex = true;
    } else {
      return r.ErrorAt(node, "a term needs term: or regex:");
    }
    if (node["weight"]) {
      auto w = r.Number(node["weight"], "weight");
      if (!w.ok()) return w.status();
      t.weight = *w;
    }
  } else {
    return r.ErrorAt(node, "a term must be text or a map with term/regex");
  }
  if (t.text.empty()) return r.ErrorAt(node, "empty term");
  if (!IsValidUtf8(t.text)) return r.ErrorAt(node, "term is not valid UTF-8");
  for (unsigned char c : t.text) {
    if (c < 0x20) return r.ErrorAt(node, "term contains a control character");
  }
  if (t.text.size() > 400) return r.ErrorAt(node, "term longer than 400 bytes");
  if (!t.is_regex) t.text = LowerAscii(t.text);
  return t;
}

constexpr EvidenceKind kAllEvidence[] = {
    EvidenceKind::kPublicActOnTopic, EvidenceKind::kTopicPolicyDocument,
    EvidenceKind::kTitleIsTopicDocument, EvidenceKind::kNonPublicActorInTitle,
    EvidenceKind::kNonPublicActOnTopic};

std::optional<EvidenceKind> EvidenceKindFromName(std::string_view name) {
  for (EvidenceKind k : kAllEvidence) {
    if (EvidenceKindName(k) == name) return k;
  }
  return std::nullopt;
}

std::string EvidenceNames() {
  std::string out;
  for (EvidenceKind k : kAllEvidence)
    out += (out.empty() ? "" : ", ") + std::string(EvidenceKindName(k));
  return out;
}

Result<TopicProfile> ParseRoot(const ProfileReader& r, const YAML::Node& root,
                               std::string_view file_name) {
  if (!root.IsMap()) return r.ErrorAt(root, "a profile must be a map");
  NW_RETURN_IF_ERROR(
      r.CheckKeys(root,
                  {"name", "description", "lead_chars", "max_count", "field_weights", "groups",
                   "exclusions", "requirements", "evidence", "levels", "threshold"},
                  "profile"));
  TopicProfile p;
  p.file_name = std::string(file_name);
  for (const char* key : {"name", "groups", "levels", "threshold"}) {
    if (!root[key])
      return r.ErrorAtLine(root.Mark().line + 1, std::string("missing '") + key + "'");
  }
  {
    auto s = r.Text(root["name"], "name");
    if (!s.ok()) return s.status();
    if (s->empty()) return r.ErrorAt(root["name"], "empty name");
    p.name = *s;
  }
  if (root["description"]) {
    auto s = r.Text(root["description"], "description");
    if (!s.ok()) return s.status();
    p.description = *s;
  }
  if (root["lead_chars"]) {
    auto c = r.Count(root["lead_chars"], "lead_chars");
    if (!c.ok()) return c.status();
    if (*c == 0) return r.ErrorAt(root["lead_chars"], "lead_chars must be > 0");
    p.lead_chars = *c;
  }
  if (root["max_count"]) {
    auto c = r.Count(root["max_count"], "max_count");
    if (!c.ok()) return c.status();
    if (*c == 0) return r.ErrorAt(root["max_count"], "max_count must be > 0");
    p.max_count = *c;
  }
  if (root["field_weights"]) {
    const YAML::Node& fw = root["field_weights"];
    if (!fw.IsMap()) return r.ErrorAt(fw, "field_weights must be a map of title/lead/body");
    NW_RETURN_IF_ERROR(r.CheckKeys(fw, {"title", "lead", "body"}, "field_weights"));
    double* slots[] = {&p.field_weights.title, &p.field_weights.lead, &p.field_weights.body};
    const char* keys[] = {"title", "lead", "body"};
    for (int i = 0; i < 3; ++i) {
      if (!fw[keys[i]]) continue;
      auto v = r.Number(fw[keys[i]], std::string("field_weights.") + keys[i]);
      if (!v.ok()) return v.status();
      if (*v < 0) return r.ErrorAt(fw[keys[i]], "field weights must be >= 0");
      *slots[i] = *v;
    }
  }

  // Groups.
  const YAML::Node& groups = root["groups"];
  if (!groups.IsSequence() || groups.size() == 0) {
    return r.ErrorAt(groups, "groups must be a non-empty list");
  }
  std::set<std::string> group_names;
  std::set<std::pair<bool, std::string>> all_terms;
  for (const auto& g : groups) {
    if (!g.IsMap()) return r.ErrorAt(g, "a group must be a map");
    NW_RETURN_IF_ERROR(r.CheckKeys(g, {"name", "role", "weight", "cap", "terms"}, "group"));
    TermGroup group;
    group.line = g.Mark().line + 1;
    for (const char* key : {"name", "role", "weight", "terms"}) {
      if (!g[key]) return r.ErrorAt(g, std::string("group is missing '") + key + "'");
    }
    auto name = r.Text(g["name"], "group name");
    if (!name.ok()) return name.status();
    if (name->empty()) return r.ErrorAt(g["name"], "empty group name");
    if (!group_names.insert(*name).second) {
      return r.ErrorAt(g["name"], "duplicate group name '" + *name + "'");
    }
    group.name = *name;
    auto role = RoleFromName(r, g["role"]);
    if (!role.ok()) return role.status();
    group.role = *role;
    auto weight = r.Number(g["weight"], "weight");
    if (!weight.ok()) return weight.status();
    group.weight = *weight;
    if (g["cap"]) {
      auto cap = r.Number(g["cap"], "cap");
      if (!cap.ok()) return cap.status();
      if (*cap <= 0) return r.ErrorAt(g["cap"], "cap must be > 0");
      group.cap = *cap;
    }
    const YAML::Node& terms = g["terms"];
    if (!terms.IsSequence() || terms.size() == 0) {
      return r.ErrorAt(terms, "group '" + group.name + "' needs a non-empty list of terms");
    }
    for (const auto& tn : terms) {
      auto t = ParseTerm(r, tn, group.weight);
      if (!t.ok()) return t.status();
      bool negative = group.role == GroupRole::kNegative;
      if ((negative && t->weight >= 0) || (!negative && t->weight <= 0)) {
        return r.ErrorAt(tn, negative ? "negative-group weights must be < 0"
                                      : "weights must be > 0 outside negative groups");
      }
      if (!all_terms.insert({t->is_regex, t->text}).second) {
        return r.ErrorAt(tn, "duplicate term '" + t->text + "'");
      }
      group.terms.push_back(std::move(*t));
    }
    p.groups.push_back(std::move(group));
  }

  // Exclusions.
  if (const YAML::Node& ex = root["exclusions"]) {
    if (!ex.IsSequence()) return r.ErrorAt(ex, "exclusions must be a list");
    for (const auto& e : ex) {
      if (!e.IsMap()) return r.ErrorAt(e, "an exclusion must be a map with term/regex and reason");
      NW_RETURN_IF_ERROR(r.CheckKeys(e, {"term", "regex", "reason"}, "exclusion"));
      if (!e["reason"]) return r.ErrorAt(e, "an exclusion needs a reason");
      Exclusion x;
      auto reason = r.Text(e["reason"], "reason");
      if (!reason.ok()) return reason.status();
      x.reason = *reason;
      if (e["term"] && e["regex"]) return r.ErrorAt(e, "an exclusion has either term or regex");
      const YAML::Node& tn = e["term"] ? e["term"] : e["regex"];
      if (!tn) return r.ErrorAt(e, "an exclusion needs term: or regex:");
      auto parsed = ParseTerm(r, tn, 1);
      if (!parsed.ok()) return parsed.status();
      parsed->is_regex = static_cast<bool>(e["regex"]);
      if (parsed->is_regex) parsed->text = tn.Scalar();
      parsed->weight = 0;
      if (!all_terms.insert({parsed->is_regex, parsed->text}).second) {
        return r.ErrorAt(tn, "duplicate term '" + parsed->text + "'");
      }
      x.term = std::move(*parsed);
      p.exclusions.push_back(std::move(x));
    }
  }

  // Requirements.
  if (const YAML::Node& reqs = root["requirements"]) {
    if (!reqs.IsSequence()) return r.ErrorAt(reqs, "requirements must be a list");
    std::set<std::string> req_names;
    for (const auto& q : reqs) {
      if (!q.IsMap()) return r.ErrorAt(q, "a requirement must be a map");
      NW_RETURN_IF_ERROR(
          r.CheckKeys(q, {"name", "groups", "min_count", "near", "or_evidence"}, "requirement"));
      Requirement req;
      req.line = q.Mark().line + 1;
      for (const char* key : {"name", "groups", "min_count"}) {
        if (!q[key]) return r.ErrorAt(q, std::string("requirement is missing '") + key + "'");
      }
      auto name = r.Text(q["name"], "requirement name");
      if (!name.ok()) return name.status();
      if (!req_names.insert(*name).second) {
        return r.ErrorAt(q["name"], "duplicate requirement name '" + *name + "'");
      }
      req.name = *name;
      const YAML::Node& gs = q["groups"];
      if (!gs.IsSequence() || gs.size() == 0)
        return r.ErrorAt(gs, "groups must be a non-empty list");
      for (const auto& gn : gs) {
        auto s = r.Text(gn, "group name");
        if (!s.ok()) return s.status();
        if (!group_names.count(*s)) return r.ErrorAt(gn, "unknown group '" + *s + "'");
        req.groups.push_back(*s);
      }
      auto m = r.Minimum(q["min_count"]);
      if (!m.ok()) return m.status();
      req.min_count = *m;
      if (const YAML::Node& near = q["near"]) {
        if (!near.IsMap()) return r.ErrorAt(near, "near must be a map with group and window");
        NW_RETURN_IF_ERROR(r.CheckKeys(near, {"group", "window", "title_frames"}, "near"));
        if (!near["group"] || !near["window"])
          return r.ErrorAt(near, "near needs group and window");
        auto s = r.Text(near["group"], "near.group");
        if (!s.ok()) return s.status();
        if (!group_names.count(*s)) return r.ErrorAt(near["group"], "unknown group '" + *s + "'");
        auto w = r.Count(near["window"], "near.window");
        if (!w.ok()) return w.status();
        if (*w == 0) return r.ErrorAt(near["window"], "near.window must be > 0");
        req.near_group = *s;
        req.near_window = *w;
        if (const YAML::Node& tf = near["title_frames"]) {
          if (!tf.IsScalar() || (tf.Scalar() != "true" && tf.Scalar() != "false")) {
            return r.ErrorAt(tf, "near.title_frames must be true or false");
          }
          req.near_title_frames = tf.Scalar() == "true";
        }
      }
      if (const YAML::Node& ev = q["or_evidence"]) {
        if (!ev.IsSequence()) return r.ErrorAt(ev, "or_evidence must be a list of evidence names");
        for (const auto& en : ev) {
          auto s = r.Text(en, "evidence name");
          if (!s.ok()) return s.status();
          auto kind = EvidenceKindFromName(*s);
          if (!kind)
            return r.ErrorAt(en, "unknown evidence '" + *s + "' (" + EvidenceNames() + ")");
          req.or_evidence.push_back(*kind);
        }
      }
      p.requirements.push_back(std::move(req));
    }
  }

  // Evidence weights: name -> weight.
  if (const YAML::Node& ev = root["evidence"]) {
    if (!ev.IsMap()) return r.ErrorAt(ev, "evidence must be a map of evidence name to weight");
    for (const auto& kv : ev) {
      auto s = r.Text(kv.first, "evidence name");
      if (!s.ok()) return s.status();
      auto kind = EvidenceKindFromName(*s);
      if (!kind)
        return r.ErrorAt(kv.first, "unknown evidence '" + *s + "' (" + EvidenceNames() + ")");
      auto w = r.Number(kv.second, "evidence weight");
      if (!w.ok()) return w.status();
      p.evidence.push_back({*kind, *w, kv.first.Mark().line + 1});
    }
  }

  // Levels and threshold.
  const YAML::Node& lv = root["levels"];
  if (!lv.IsMap()) return r.ErrorAt(lv, "levels must be a map of low/medium/high");
  NW_RETURN_IF_ERROR(r.CheckKeys(lv, {"low", "medium", "high"}, "levels"));
  double* slots[] = {&p.levels.low, &p.levels.medium, &p.levels.high};
  const char* keys[] = {"low", "medium", "high"};
  for (int i = 0; i < 3; ++i) {
    if (!lv[keys[i]]) return r.ErrorAt(lv, std::string("levels is missing '") + keys[i] + "'");
    auto v = r.Number(lv[keys[i]], std::string("levels.") + keys[i]);
    if (!v.ok()) return v.status();
    *slots[i] = *v;
  }
  if (!(p.levels.low > 0 && p.levels.low < p.levels.medium && p.levels.medium < p.levels.high)) {
    return r.ErrorAt(lv, "levels must satisfy 0 < low < medium < high");
  }
  auto th = r.Number(root["threshold"], "threshold");
  if (!th.ok()) return th.status();
  if (*th <= 0) return r.ErrorAt(root["threshold"], "threshold must be > 0");
  p.threshold = *th;
  return p;
}

}  // namespace

std::string_view EvidenceKindName(EvidenceKind kind) {
  switch (kind) {
    case EvidenceKind::kPublicActOnTopic:
      return "public-act-on-topic";
    case EvidenceKind::kTopicPolicyDocument:
      return "topic-policy-document";
    case EvidenceKind::kTitleIsTopicDocument:
      return "title-is-topic-document";
    case EvidenceKind::kNonPublicActorInTitle:
      return "non-public-actor-in-title";
    case EvidenceKind::kNonPublicActOnTopic:
      return "non-public-act-on-topic";
  }
  return "?";
}

std::string_view GroupRoleName(GroupRole role) {
  switch (role) {
    case GroupRole::kTopic:
      return "topic";
    case GroupRole::kSignal:
      return "signal";
    case GroupRole::kContext:
      return "context";
    case GroupRole::kNegative:
      return "negative";
  }
  return "?";
}

Result<TopicProfile> ParseTopicProfile(std::string_view yaml, std::string_view file_name) {
  ProfileReader reader(file_name);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
    if (!root || root.IsNull()) return reader.ErrorAtLine(1, "empty profile");
    return ParseRoot(reader, root, file_name);
  } catch (const YAML::Exception& e) {
    return reader.ErrorAtLine(e.mark.line + 1, e.msg);
  }
}

Result<TopicProfile> LoadTopicProfile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return NotFound("topic profile not found: " + path.string());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read topic profile: " + path.string());
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return IoError("cannot read topic profile: " + path.string());
  return ParseTopicProfile(buf.str(), path.string());
}

}  // namespace newswatch
