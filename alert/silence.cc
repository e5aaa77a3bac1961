#include "alert/silence.h"

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include "daemon/core/timestamp.h"

namespace newswatch::alert {

Result<std::vector<Silence>> ParseSilences(const std::string& text, const std::string& file_name) {
  std::vector<Silence> out;
  auto err = [&](const YAML::Node& n, const std::string& m) {
    return ConfigError(file_name + ":" + std::to_string(n.Mark().line + 1) + ": " + m);
  };
  try {
    YAML::Node root = YAML::Load(text);
    if (root.IsNull()) return out;
    if (!root.IsSequence()) return ConfigError(file_name + ":1: silences must be a list");
    for (const YAML::Node& node : root) {
      if (!node.IsMap()) return err(node, "a silence must be a mapping");
      for (const auto& kv : node) {
        std::string key = kv.first.as<std::string>();
        if (key != "id" && key != "match" && key != "starts_at" && key != "ends_at" &&
            key != "comment" && key != "created_by") {
          return err(kv.first, "unknown key \"" + key + "\" in silence");
        }
      }
      Silence s;
      if (!node["id"] || !node["match"] || !node["ends_at"]) {
        return err(node, "a silence needs id, match and ends_at");
      }
      s.id = node["id"].as<std::string>();
      std::map<std::string, std::vector<std::string>> fields;
      if (!node["match"].IsMap()) return err(node["match"], "match must be a mapping");
      for (const auto& kv : node["match"]) {
        std::vector<std::string> values;
        if (kv.second.IsScalar()) values.push_back(kv.second.as<std::string>());
        else if (kv.second.IsSequence()) values = kv.second.as<std::vector<std::string>>();
        else return err(kv.second, "match values must be scalars or lists");
        fields[kv.first.as<std::string>()] = values;
      }
      if (fields.empty()) return err(node["match"], "a silence must match something");
      auto m = Matcher::FromFields(fields);
      if (!m.ok()) return err(node["match"], m.status().message());
      s.matcher = std::move(*m);
      for (const char* key : {"starts_at", "ends_at"}) {
        if (!node[key]) continue;
        auto t = ParseRfc3339(node[key].as<std::string>());
        if (!t) return err(node[key], std::string(key) + " must be RFC 3339");
        (std::string(key) == "starts_at" ? s.starts_at : s.ends_at) = t->unix_seconds;
      }
      if (node["comment"]) s.comment = node["comment"].as<std::string>();
      if (node["created_by"]) s.created_by = node["created_by"].as<std::string>();
      out.push_back(std::move(s));
    }
  } catch (const YAML::Exception& e) {
    return ConfigError(file_name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return out;
}

Result<std::vector<Silence>> LoadSilences(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::vector<Silence>{};
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseSilences(ss.str(), path);
}

Status SaveSilences(const std::string& path, const std::vector<Silence>& silences) {
  YAML::Emitter out;
  out << YAML::BeginSeq;
  for (const Silence& s : silences) {
    out << YAML::BeginMap;
    out << YAML::Key << "id" << YAML::Value << s.id;
    out << YAML::Key << "match" << YAML::Value << YAML::BeginMap;
    for (const auto& [k, v] : s.matcher.fields()) {
      out << YAML::Key << k << YAML::Value << YAML::Flow << v;
    }
    out << YAML::EndMap;
    out << YAML::Key << "starts_at" << YAML::Value << Timestamp{s.starts_at, 0}.ToRfc3339Utc();
    out << YAML::Key << "ends_at" << YAML::Value << Timestamp{s.ends_at, 0}.ToRfc3339Utc();
    if (!s.comment.empty()) out << YAML::Key << "comment" << YAML::Value << s.comment;
    if (!s.created_by.empty()) out << YAML::Key << "created_by" << YAML::Value << s.created_by;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return IoError("cannot write " + tmp);
    f << out.c_str() << "\n";
    if (!f.flush()) return IoError("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return IoError("cannot replace " + path);
  }
  return Status::Ok();
}

std::string NewSilenceId() {
  std::random_device rd;
  std::uniform_int_distribution<uint64_t> dist;
  char buf[32];
  std::snprintf(buf, sizeof buf, "s-%012llx",
                static_cast<unsigned long long>(dist(rd) & 0xffffffffffffULL));
  return buf;
}

}  // namespace newswatch::alert
