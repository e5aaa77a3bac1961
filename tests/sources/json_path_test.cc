#include "daemon/sources/json_path.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace newswatch {
namespace {

const nlohmann::json kDoc = nlohmann::json::parse(R"({
  "result": {"data": [{"title": "甲", "meta": {"ctime": 1712710800}}, {"title": "乙"}]},
  "a.b": {"c": 1},
  "list": [[1, 2], [3, 4]]
})");

std::string Dump(std::string_view path) {
  auto p = JsonPath::Parse(path);
  EXPECT_TRUE(p.ok()) << path << ": " << p.status().ToString();
  if (!p.ok()) return "<bad>";
  const nlohmann::json* v = p->Find(kDoc);
  return v ? v->dump() : "<none>";
}

TEST(JsonPathTest, FindsKeysIndicesAndQuotedKeys) {
  EXPECT_EQ(Dump("result.data[1].title"), "\"乙\"");
  EXPECT_EQ(Dump("result.data[0].meta.ctime"), "1712710800");
  EXPECT_EQ(Dump("list[1][0]"), "3");
  EXPECT_EQ(Dump("[\"a.b\"].c"), "1");
  EXPECT_EQ(Dump("result.data[]").substr(0, 1), "[");
  EXPECT_EQ(Dump(""), kDoc.dump());
}

TEST(JsonPathTest, MissingStepsGiveNull) {
  EXPECT_EQ(Dump("result.items"), "<none>");
  EXPECT_EQ(Dump("result.data[2]"), "<none>");
  EXPECT_EQ(Dump("result.data.title"), "<none>");  // a key on a list
  EXPECT_EQ(Dump("result[0]"), "<none>");           // an index on an object
}

TEST(JsonPathTest, MalformedPathsAreRejectedWithTheirOffset) {
  for (const char* bad : {"a..b", "a.", ".a", "a[", "a[x]", "a[1", "a]", "a[].b", "[\"a"}) {
    auto p = JsonPath::Parse(bad);
    EXPECT_FALSE(p.ok()) << bad;
    if (!p.ok()) {
      EXPECT_NE(p.status().message().find("offset"), std::string::npos) << bad;
    }
  }
}

}  // namespace
}  // namespace newswatch
