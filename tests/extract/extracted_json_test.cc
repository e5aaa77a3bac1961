#include "daemon/extract/extracted_json.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

TEST(ExtractedJsonTest, PublishedIsRfc3339InThePagesOffset) {
  ExtractedArticle a;
  a.title = "标题";
  a.author = "张三";
  a.source = "新华社";
  a.text = "第一段。\n第二段。";
  a.published = Timestamp{1675728600, 480};  // 2023-02-07T08:10:00+08:00
  nlohmann::json j = ExtractedToJson(a);
  EXPECT_EQ(j["title"], "标题");
  EXPECT_EQ(j["author"], "张三");
  EXPECT_EQ(j["source"], "新华社");
  EXPECT_EQ(j["text"], "第一段。\n第二段。");
  EXPECT_EQ(j["published"], "2023-02-07T08:10:00+08:00");
}

TEST(ExtractedJsonTest, UnknownPublishedIsEmptyString) {
  ExtractedArticle a;
  a.text = "x";
  nlohmann::json j = ExtractedToJson(a);
  EXPECT_EQ(j["published"], "");
  EXPECT_EQ(j.size(), 5u);
}

}  // namespace
}  // namespace newswatch
