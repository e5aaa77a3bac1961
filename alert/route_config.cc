#include "alert/route_config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "alert/receivers/registry.h"

namespace newswatch::alert {
namespace {

// Carries the file name so every error can say file:line.
class ConfigReader {
 public:
  explicit ConfigReader(std::string file) : file_(std::move(file)) {}

  Status Error(const YAML::Node& node, const std::string& message) const {
    int line = node.IsDefined() ? node.Mark().line + 1 : 0;
    return ConfigError(file_ + ":" + std::to_string(line) + ": " + message);
  }
  Status ErrorAt(int line, const std::string& message) const {
    return ConfigError(file_ + ":" + std::to_string(line) + ": " + message);
  }

  Status CheckKeys(const YAML::Node& map, const std::set<std::string>& allowed,
                   const std::string& where) const {
    if (!map.IsMap()) return Error(map, where + " must be a mapping");
    for (const auto& kv : map) {
      std::string key = kv.first.as<std::string>();
      if (!allowed.count(key)) return Error(kv.first, "unknown key \"" + key + "\" in " + where);
    }
    return Status::Ok();
  }

  Result<std::string> Scalar(const YAML::Node& node, const std::string& what) const {
    if (!node.IsScalar()) return Error(node, what + " must be a scalar");
    return node.as<std::string>();
  }

  Result<std::vector<std::string>> List(const YAML::Node& node, const std::string& what) const {
    std::vector<std::string> out;
    if (node.IsScalar()) {
      out.push_back(node.as<std::string>());
      return out;
    }
    if (!node.IsSequence()) return Error(node, what + " must be a list of scalars");
    for (const auto& item : node) {
      if (!item.IsScalar()) return Error(item, what + " must be a list of scalars");
      out.push_back(item.as<std::string>());
    }
    return out;
  }

  Result<std::chrono::seconds> Duration(const YAML::Node& node, const std::string& what) const {
    auto text = Scalar(node, what);
    if (!text.ok()) return text.status();
    auto d = ParseDuration(*text);
    if (!d) return Error(node, what + ": \"" + *text + "\" is not a duration (30s, 5m, 2h, 1d)");
    return *d;
  }

  Result<bool> Bool(const YAML::Node& node, const std::string& what) const {
    auto text = Scalar(node, what);
    if (!text.ok()) return text.status();
    if (*text == "true" || *text == "yes") return true;
    if (*text == "false" || *text == "no") return false;
    return Error(node, what + " must be true or false");
  }

  Result<Matcher> Match(const YAML::Node& node) const {
    if (!node.IsMap()) return Error(node, "match must be a mapping");
    std::map<std::string, std::vector<std::string>> fields;
    for (const auto& kv : node) {
      std::string key = kv.first.as<std::string>();
      auto values = List(kv.second, "match." + key);
      if (!values.ok()) return values.status();
      fields[key] = std::move(*values);
    }
    auto m = Matcher::FromFields(fields);
    if (!m.ok()) return Error(node, m.status().message());
    return m;
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

Result<int> ParseClock(const std::string& text) {
  // "HH:MM"
  if (text.size() != 5 || text[2] != ':') return InvalidArgument("");
  for (size_t i : {0u, 1u, 3u, 4u}) {
    if (text[i] < '0' || text[i] > '9') return InvalidArgument("");
  }
  int h = (text[0] - '0') * 10 + (text[1] - '0');
  int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 23 || m > 59) return InvalidArgument("");
  return h * 60 + m;
}

bool LooksLikeEndpoint(const std::string& e) {
  for (const char* scheme : {"tcp://", "ipc://", "inproc://"}) {
    if (e.starts_with(scheme) && e.size() > std::string_view(scheme).size()) return true;
  }
  return false;
}

// A bare endpoint, or {endpoint, replay, name, start}.
Status ParsePublisher(const ConfigReader& r, const YAML::Node& node, PublisherSpec& out) {
  out.line = node.Mark().line + 1;
  if (node.IsScalar()) {
    out.endpoint = node.as<std::string>();
  } else {
    NW_RETURN_IF_ERROR(r.CheckKeys(node, {"endpoint", "replay", "name", "start"}, "a publisher"));
    if (!node["endpoint"]) return r.Error(node, "a publisher needs endpoint:");
    auto e = r.Scalar(node["endpoint"], "endpoint");
    if (!e.ok()) return e.status();
    out.endpoint = *e;
    if (node["replay"]) {
      auto v = r.Scalar(node["replay"], "replay");
      if (!v.ok()) return v.status();
      if (!LooksLikeEndpoint(*v)) {
        return r.Error(node["replay"],
                       "replay: \"" + *v + "\" is not a tcp://, ipc:// or inproc:// endpoint");
      }
      out.replay = *v;
    }
    if (node["name"]) {
      auto v = r.Scalar(node["name"], "name");
      if (!v.ok()) return v.status();
      if (v->empty()) return r.Error(node["name"], "name must not be empty");
      out.name = *v;
    }
    if (node["start"]) {
      auto v = r.Scalar(node["start"], "start");
      if (!v.ok()) return v.status();
      if (*v != "latest" && *v != "oldest") {
        return r.Error(node["start"], "start must be latest or oldest, not \"" + *v + "\"");
      }
      out.start_latest = *v == "latest";
    }
  }
  if (!LooksLikeEndpoint(out.endpoint)) {
    return r.Error(node, "publisher endpoint \"" + out.endpoint +
                             "\" is not a tcp://, ipc:// or inproc:// endpoint");
  }
  if (out.name.empty()) out.name = out.endpoint;
  return Status::Ok();
}

Status ParseRoute(const ConfigReader& r, const YAML::Node& node, const RouteNode* parent,
                  const std::string& path, const std::set<std::string>& receiver_names,
                  RouteNode& out) {
  NW_RETURN_IF_ERROR(r.CheckKeys(node,
                                 {"match", "receiver", "continue", "group_by", "group_wait",
                                  "group_interval", "repeat_interval", "quiet_hours", "routes"},
                                 path));
  out.path = path;
  out.line = node.Mark().line + 1;
  if (parent) {
    out.receiver = parent->receiver;
    out.group_by = parent->group_by;
    out.group_wait = parent->group_wait;
    out.group_interval = parent->group_interval;
    out.repeat_interval = parent->repeat_interval;
    out.quiet_hours = parent->quiet_hours;
  }
  if (node["match"]) {
    if (!parent) return r.Error(node["match"], "the root route matches everything; no match here");
    auto m = r.Match(node["match"]);
    if (!m.ok()) return m.status();
    out.match = std::move(*m);
  }
  if (node["receiver"]) {
    auto name = r.Scalar(node["receiver"], "receiver");
    if (!name.ok()) return name.status();
    if (!receiver_names.count(*name)) {
      return r.Error(node["receiver"], "route names unknown receiver \"" + *name + "\"");
    }
    out.receiver = *name;
  }
  if (out.receiver.empty()) return r.Error(node, path + " has no receiver (set one on the root)");
  if (node["continue"]) {
    auto b = r.Bool(node["continue"], "continue");
    if (!b.ok()) return b.status();
    out.continue_matching = *b;
  }
  if (node["quiet_hours"]) {
    auto b = r.Bool(node["quiet_hours"], "quiet_hours");
    if (!b.ok()) return b.status();
    out.quiet_hours = *b;
  }
  if (node["group_by"]) {
    auto labels = r.List(node["group_by"], "group_by");
    if (!labels.ok()) return labels.status();
    for (const std::string& l : *labels) {
      const auto& known = GroupLabels();
      if (std::find(known.begin(), known.end(), l) == known.end()) {
        return r.Error(node["group_by"], "unknown group_by label \"" + l + "\"");
      }
    }
    out.group_by = std::move(*labels);
  }
  struct DurationKey {
    const char* key;
    std::chrono::seconds* field;
  };
  for (DurationKey d : {DurationKey{"group_wait", &out.group_wait},
                        DurationKey{"group_interval", &out.group_interval},
                        DurationKey{"repeat_interval", &out.repeat_interval}}) {
    if (!node[d.key]) continue;
    auto v = r.Duration(node[d.key], d.key);
    if (!v.ok()) return v.status();
    *d.field = *v;
  }
  if (out.group_interval.count() <= 0) return r.Error(node, "group_interval must be positive");
  if (node["routes"]) {
    if (!node["routes"].IsSequence()) return r.Error(node["routes"], "routes must be a list");
    int i = 0;
    for (const auto& child : node["routes"]) {
      RouteNode c;
      NW_RETURN_IF_ERROR(ParseRoute(r, child, &out, path + ".routes[" + std::to_string(i++) + "]",
                                    receiver_names, c));
      out.routes.push_back(std::move(c));
    }
  }
  return Status::Ok();
}

Result<std::string> ReadSecret(const ConfigReader& r, const YAML::Node& node,
                               const std::string& key, bool from_file) {
  auto ref = r.Scalar(node, key);
  if (!ref.ok()) return ref.status();
  if (from_file) {
    std::ifstream in(*ref, std::ios::binary);
    if (!in) return r.Error(node, key + ": cannot read \"" + *ref + "\"");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string s = ss.str();
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
  }
  const char* v = std::getenv(ref->c_str());
  if (!v) return r.Error(node, key + ": environment variable " + *ref + " is not set");
  return std::string(v);
}

Status ParseReceiver(const ConfigReader& r, const YAML::Node& node, bool allow_inline_secrets,
                     ReceiverSpec& spec) {
  if (!node.IsMap()) return r.Error(node, "each receiver must be a mapping");
  spec.file = r.file();
  spec.line = node.Mark().line + 1;
  if (!node["name"] || !node["type"]) return r.Error(node, "a receiver needs name and type");
  spec.name = node["name"].as<std::string>();
  spec.type = node["type"].as<std::string>();
  const ReceiverKind* kind = FindReceiverKind(spec.type);
  if (!kind) {
    std::string known;
    for (const auto& k : ReceiverKinds()) known += (known.empty() ? "" : ", ") + k.name;
    return r.Error(node["type"], "unknown receiver type \"" + spec.type + "\" (known: " + known + ")");
  }
  std::vector<OptionSpec> options = kind->options;
  for (const OptionSpec& common : CommonReceiverOptions()) {
    // A kind may override a common option's default (WeCom: max_per_minute 20).
    if (std::none_of(options.begin(), options.end(),
                     [&](const OptionSpec& o) { return o.name == common.name; })) {
      options.push_back(common);
    }
  }
  std::set<std::string> seen;
  for (const auto& kv : node) {
    std::string key = kv.first.as<std::string>();
    if (key == "name" || key == "type") continue;
    const OptionSpec* opt = nullptr;
    bool secret_file = false, secret_env = false;
    for (const OptionSpec& o : options) {
      if (o.name == key) opt = &o;
      if (o.type == OptionType::kSecret && key == o.name + "_file") opt = &o, secret_file = true;
      if (o.type == OptionType::kSecret && key == o.name + "_env") opt = &o, secret_env = true;
    }
    if (!opt) {
      return r.Error(kv.first, "receiver \"" + spec.name + "\" (" + spec.type +
                                   "): unknown option \"" + key + "\"");
    }
    if (seen.count(opt->name)) return r.Error(kv.first, "option " + opt->name + " given twice");
    seen.insert(opt->name);
    const std::string what = spec.name + "." + key;
    switch (opt->type) {
      case OptionType::kSecret: {
        if (!secret_file && !secret_env) {
          if (!allow_inline_secrets) {
            return r.Error(kv.first, what + ": inline secrets are refused; use " + opt->name +
                                         "_file or " + opt->name + "_env");
          }
          auto v = r.Scalar(kv.second, what);
          if (!v.ok()) return v.status();
          spec.values[opt->name] = *v;
        } else {
          auto v = ReadSecret(r, kv.second, what, secret_file);
          if (!v.ok()) return v.status();
          spec.values[opt->name] = *v;
        }
        break;
      }
      case OptionType::kString:
      case OptionType::kInt:
      case OptionType::kBool: {
        auto v = r.Scalar(kv.second, what);
        if (!v.ok()) return v.status();
        if (opt->type == OptionType::kInt) {
          char* end = nullptr;
          long long n = std::strtoll(v->c_str(), &end, 10);
          if (v->empty() || *end != '\0' || n < 0) {
            return r.Error(kv.second, what + " must be a non-negative integer");
          }
        }
        if (opt->type == OptionType::kBool) {
          auto b = r.Bool(kv.second, what);
          if (!b.ok()) return b.status();
          *v = *b ? "true" : "false";
        }
        spec.values[opt->name] = *v;
        break;
      }
      case OptionType::kStringList: {
        auto v = r.List(kv.second, what);
        if (!v.ok()) return v.status();
        spec.lists[opt->name] = *v;
        break;
      }
      case OptionType::kStringMap: {
        if (!kv.second.IsMap()) return r.Error(kv.second, what + " must be a mapping");
        auto& m = spec.maps[opt->name];
        for (const auto& e : kv.second) {
          if (!e.second.IsScalar()) return r.Error(e.second, what + " values must be scalars");
          m[e.first.as<std::string>()] = e.second.as<std::string>();
        }
        break;
      }
    }
  }
  for (const OptionSpec& o : options) {
    if (seen.count(o.name)) continue;
    if (o.required) {
      std::string hint = o.type == OptionType::kSecret ? " (" + o.name + "_file or " + o.name + "_env)" : "";
      return r.Error(node, "receiver \"" + spec.name + "\" (" + spec.type + "): missing option " +
                               o.name + hint);
    }
    if (!o.default_value.empty()) spec.values[o.name] = o.default_value;
  }
  auto built = kind->make(spec);
  if (!built.ok()) {
    return r.Error(node, "receiver \"" + spec.name + "\": " + built.status().message());
  }
  return Status::Ok();
}

Result<AlertConfig> ParseRoot(const ConfigReader& r, const YAML::Node& root) {
  AlertConfig config;
  config.file = r.file();
  NW_RETURN_IF_ERROR(r.CheckKeys(root,
                                 {"publishers", "topics", "outbox", "silences_file", "quiet_hours",
                                  "allow_inline_secrets", "receivers", "route"},
                                 "the top level"));
  if (!root["publishers"]) return r.Error(root, "publishers: at least one endpoint is required");
  const YAML::Node pubs = root["publishers"];
  if (pubs.IsScalar()) {
    PublisherSpec p;
    NW_RETURN_IF_ERROR(ParsePublisher(r, pubs, p));
    config.publishers.push_back(std::move(p));
  } else if (pubs.IsSequence()) {
    std::set<std::string> seen;
    for (const auto& node : pubs) {
      PublisherSpec p;
      NW_RETURN_IF_ERROR(ParsePublisher(r, node, p));
      if (!seen.insert(p.name).second) {
        return r.Error(node, "two publishers share the name \"" + p.name +
                                 "\" (their cursors would collide; set name:)");
      }
      config.publishers.push_back(std::move(p));
    }
  } else {
    return r.Error(pubs, "publishers must be a list of endpoints or {endpoint, replay} mappings");
  }
  if (config.publishers.empty()) return r.Error(pubs, "publishers must not be empty");
  if (root["topics"]) {
    auto topics = r.List(root["topics"], "topics");
    if (!topics.ok()) return topics.status();
    config.topics = *topics;
  }
  if (root["outbox"]) {
    auto v = r.Scalar(root["outbox"], "outbox");
    if (!v.ok()) return v.status();
    config.outbox_path = *v;
  }
  if (root["silences_file"]) {
    auto v = r.Scalar(root["silences_file"], "silences_file");
    if (!v.ok()) return v.status();
    config.silences_path = *v;
  }
  bool allow_inline = false;
  if (root["allow_inline_secrets"]) {
    auto b = r.Bool(root["allow_inline_secrets"], "allow_inline_secrets");
    if (!b.ok()) return b.status();
    allow_inline = *b;
  }
  if (const YAML::Node q = root["quiet_hours"]) {
    NW_RETURN_IF_ERROR(r.CheckKeys(q, {"timezone", "start", "end", "digest"}, "quiet_hours"));
    if (!q["start"] || !q["end"]) return r.Error(q, "quiet_hours needs start and end (HH:MM)");
    std::string zone = "Asia/Shanghai";
    if (q["timezone"]) zone = q["timezone"].as<std::string>();
    auto tz = TimeZone::Load(zone);
    if (!tz.ok()) return r.Error(q["timezone"] ? q["timezone"] : q, tz.status().message());
    config.quiet_hours.zone = std::move(*tz);
    for (const char* key : {"start", "end"}) {
      auto text = r.Scalar(q[key], key);
      if (!text.ok()) return text.status();
      auto minute = ParseClock(*text);
      if (!minute.ok()) return r.Error(q[key], std::string("quiet_hours.") + key + " must be HH:MM");
      (std::string(key) == "start" ? config.quiet_hours.start_minute
                                   : config.quiet_hours.end_minute) = *minute;
    }
    if (config.quiet_hours.start_minute == config.quiet_hours.end_minute) {
      return r.Error(q, "quiet_hours start and end are equal");
    }
    if (q["digest"]) {
      auto b = r.Bool(q["digest"], "quiet_hours.digest");
      if (!b.ok()) return b.status();
      config.quiet_hours.digest = *b;
    }
    config.quiet_hours.enabled = true;
  }
  std::set<std::string> names;
  if (!root["receivers"] || !root["receivers"].IsSequence() || root["receivers"].size() == 0) {
    return r.Error(root["receivers"] ? root["receivers"] : root,
                   "receivers: a non-empty list is required");
  }
  for (const auto& node : root["receivers"]) {
    ReceiverSpec spec;
    NW_RETURN_IF_ERROR(ParseReceiver(r, node, allow_inline, spec));
    if (!names.insert(spec.name).second) {
      return r.Error(node["name"], "duplicate receiver name \"" + spec.name + "\"");
    }
    config.receivers.push_back(std::move(spec));
  }
  if (!root["route"]) return r.Error(root, "route: the routing tree is required");
  NW_RETURN_IF_ERROR(ParseRoute(r, root["route"], nullptr, "route", names, config.root));
  return config;
}

}  // namespace

const std::vector<std::string>& GroupLabels() {
  static const std::vector<std::string> kLabels = {"region",  "province",      "profile",
                                                   "level",   "document_kind", "issuer_level",
                                                   "source",  "story"};
  return kLabels;
}

bool QuietHours::Contains(int64_t unix_seconds) const {
  if (!enabled || !zone) return false;
  int minute = zone->MinuteOfDay(unix_seconds);
  if (start_minute < end_minute) return minute >= start_minute && minute < end_minute;
  return minute >= start_minute || minute < end_minute;  // wraps midnight
}

std::optional<std::chrono::seconds> ParseDuration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int64_t multiplier = 1;
  char unit = text.back();
  if (unit < '0' || unit > '9') {
    switch (unit) {
      case 's': multiplier = 1; break;
      case 'm': multiplier = 60; break;
      case 'h': multiplier = 3600; break;
      case 'd': multiplier = 86400; break;
      default: return std::nullopt;
    }
    text.remove_suffix(1);
  }
  if (text.empty() || text.size() > 9) return std::nullopt;
  int64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return std::chrono::seconds(n * multiplier);
}

Result<AlertConfig> ParseAlertConfig(const std::string& text, const std::string& file_name) {
  ConfigReader reader(file_name);
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsMap()) return ConfigError(file_name + ":1: the file must be a YAML mapping");
    return ParseRoot(reader, root);
  } catch (const YAML::Exception& e) {
    return ConfigError(file_name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

Result<AlertConfig> LoadAlertConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read config file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseAlertConfig(ss.str(), path);
}

}  // namespace newswatch::alert
