#include "daemon/feed/feed_json.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

TEST(FeedToJsonTest, AllKeysPresentAndTimesInUtc) {
  ParsedFeed feed;
  feed.format = FeedFormat::kAtom10;
  feed.title = "标题";
  FeedEntry e;
  e.id = "1";
  e.published = Timestamp{1073000901, 480};  // 2004-01-01T23:48:21Z, written at +08:00
  e.categories = {"a", "b"};
  e.enclosures.push_back({"http://a/x.mp3", "audio/mpeg", 42});
  feed.entries.push_back(e);
  feed.entries.push_back(FeedEntry{});
  const nlohmann::json j = FeedToJson(feed);
  EXPECT_EQ(j["format"], "atom1.0");
  EXPECT_EQ(j["title"], "标题");
  EXPECT_EQ(j["updated"], "");
  ASSERT_EQ(j["entries"].size(), 2u);
  const auto& first = j["entries"][0];
  EXPECT_EQ(first["published"], "2004-01-01T23:48:21Z");
  EXPECT_EQ(first["updated"], "");
  EXPECT_EQ(first["categories"], nlohmann::json::array({"a", "b"}));
  EXPECT_EQ(first["enclosures"][0]["url"], "http://a/x.mp3");
  EXPECT_EQ(first["enclosures"][0]["length"], 42);
  for (const char* key : {"id", "title", "link", "published", "updated", "author", "summary",
                          "content", "safe_summary", "safe_content", "categories", "enclosures"}) {
    EXPECT_TRUE(j["entries"][1].contains(key)) << key;
  }
  EXPECT_TRUE(j["entries"][1]["enclosures"].is_array());
}

TEST(FeedToJsonTest, RoundTripsAParsedFeed) {
  const Result<ParsedFeed> r = ParseFeed(
      "<rss version=\"2.0\"><channel><title>t</title><item><title>x</title>"
      "<pubDate>Thu, 01 Jan 2004 19:48:21 GMT</pubDate></item></channel></rss>",
      {});
  ASSERT_TRUE(r.ok());
  const nlohmann::json j = FeedToJson(*r);
  EXPECT_EQ(j["format"], "rss2.0");
  EXPECT_EQ(j["entries"][0]["published"], "2004-01-01T19:48:21Z");
  // Valid JSON text even with non-ASCII content.
  const nlohmann::json back = nlohmann::json::parse(j.dump(), nullptr, false);
  EXPECT_EQ(back, j);
}

}  // namespace
}  // namespace newswatch
