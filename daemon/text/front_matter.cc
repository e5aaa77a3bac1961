#include "daemon/text/front_matter.h"

#include <yaml-cpp/yaml.h>

#include "daemon/text/dates.h"

namespace newswatch {
namespace {

constexpr int32_t kChinaOffsetMinutes = 480;

// The line starting at `pos` without its line ending; `next` is where the following line starts.
std::string_view LineAt(std::string_view text, size_t pos, size_t& next) {
  const size_t nl = text.find('\n', pos);
  next = nl == std::string_view::npos ? text.size() : nl + 1;
  std::string_view line = text.substr(pos, (nl == std::string_view::npos ? text.size() : nl) - pos);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
    line.remove_suffix(1);
  }
  return line;
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::string ScalarText(const YAML::Node& node) {
  if (!node || node.IsNull()) return {};
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.good() ? std::string(out.c_str()) : std::string();
}

// Lists may be nested (Hexo's `categories: [[a, b]]` is a hierarchy); every scalar counts.
void AppendTerms(const YAML::Node& node, std::vector<std::string>& out, int depth = 0) {
  if (!node || node.IsNull() || depth > 8) return;
  if (node.IsScalar()) {
    if (!node.Scalar().empty()) out.push_back(node.Scalar());
  } else if (node.IsSequence()) {
    for (const YAML::Node& child : node) AppendTerms(child, out, depth + 1);
  }
}

std::optional<FrontMatter> ReadFrontMatter(const std::string& yaml) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
  if (root.IsNull()) return FrontMatter{};  // "---\n---": an empty block is still front matter
  if (!root.IsMap()) return std::nullopt;
  FrontMatter fm;
  try {
    for (const auto& kv : root) {
      if (!kv.first.IsScalar()) continue;
      const std::string key = kv.first.Scalar();
      const YAML::Node& value = kv.second;
      if (key == "title") {
        fm.title = ScalarText(value);
      } else if (key == "author") {
        fm.author = ScalarText(value);
      } else if (key == "date") {
        const std::string text = ScalarText(value);
        fm.date = ParseDate(text, kChinaOffsetMinutes);
        if (!fm.date && !text.empty()) fm.other[key] = text;
      } else if (key == "categories" || key == "category") {
        AppendTerms(value, fm.categories);
      } else if (key == "tags" || key == "tag") {
        AppendTerms(value, fm.tags);
      } else {
        fm.other[key] = ScalarText(value);
      }
    }
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
  return fm;
}

}  // namespace

Document SplitFrontMatter(std::string_view text) {
  Document doc;
  std::string_view t = text;
  size_t pos = t.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  size_t next = 0;
  // Blank lines may precede the opening marker.
  while (pos < t.size()) {
    const std::string_view line = LineAt(t, pos, next);
    if (!IsBlank(line)) break;
    pos = next;
  }
  if (pos >= t.size() || LineAt(t, pos, next) != "---") {
    doc.body = std::string(text);
    return doc;
  }
  const size_t yaml_start = next;
  for (size_t p = yaml_start; p < t.size(); p = next) {
    const std::string_view line = LineAt(t, p, next);
    if (line != "---" && line != "...") continue;
    std::optional<FrontMatter> fm = ReadFrontMatter(std::string(t.substr(yaml_start, p - yaml_start)));
    if (!fm) break;
    doc.front_matter = std::move(fm);
    doc.body = std::string(t.substr(next));
    return doc;
  }
  doc.body = std::string(text);
  return doc;
}

}  // namespace newswatch
