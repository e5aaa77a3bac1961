#include "daemon/cli/json_stream.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace newswatch::cli {
namespace {

// Runs `write` on a JsonStream over a temporary file and returns what it wrote.
template <typename F>
std::string Written(bool pretty, F write) {
  std::FILE* f = std::tmpfile();
  {
    JsonStream json(f, pretty);
    write(json);
    EXPECT_TRUE(json.Flush());
  }
  std::rewind(f);
  std::string out;
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

void WriteSample(JsonStream& json) {
  json.BeginObject();
  json.Key("s");
  json.String("中文\"引号\"\\ \n\t\x01");
  json.Key("n");
  json.Int(-42);
  json.Key("empty");
  json.BeginArray();
  json.EndArray();
  json.Key("list");
  json.BeginArray();
  json.String("a");
  json.BeginObject();
  json.Key("k");
  json.String("");
  json.EndObject();
  json.EndArray();
  json.EndObject();
}

TEST(JsonStreamTest, CompactIsOneLineAndParsesBack) {
  const std::string out = Written(false, WriteSample);
  EXPECT_EQ(out,
            "{\"s\":\"中文\\\"引号\\\"\\\\ \\n\\t\\u0001\",\"n\":-42,\"empty\":[],"
            "\"list\":[\"a\",{\"k\":\"\"}]}\n");
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["s"], "中文\"引号\"\\ \n\t\x01");
}

TEST(JsonStreamTest, PrettyIndentsByTwoAsNlohmannDoes) {
  const std::string out = Written(true, WriteSample);
  const auto j = nlohmann::json::parse(out);
  // nlohmann's dump(2) of the same value, keys in the same (insertion) order.
  nlohmann::ordered_json expected = nlohmann::ordered_json::parse(out);
  EXPECT_EQ(out, expected.dump(2) + "\n");
  EXPECT_EQ(j["list"][1]["k"], "");
}

TEST(JsonStreamTest, InvalidUtf8BecomesReplacementCharacters) {
  const std::string out = Written(false, [](JsonStream& json) {
    json.BeginArray();
    static constexpr char kBytes[] =
        "a\xff"
        "b\xe4\xb8"
        "c\xed\xa0\x80"
        "d\xc3\xa9";
    json.String(std::string_view(kBytes, sizeof kBytes - 1));
    json.EndArray();
  });
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j[0],
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\xEF\xBF\xBD"
            "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
            "d\xc3\xa9");
}

TEST(JsonStreamTest, LongOutputIsWrittenInPieces) {
  const std::string big(100000, 'x');
  const std::string out = Written(false, [&](JsonStream& json) {
    json.BeginArray();
    for (int i = 0; i < 5; ++i) json.String(big);
    json.EndArray();
  });
  const auto j = nlohmann::json::parse(out);
  ASSERT_EQ(j.size(), 5u);
  EXPECT_EQ(j[4], big);
}

}  // namespace
}  // namespace newswatch::cli
