#include "daemon/publish/event_codec.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

namespace newswatch {
namespace {

Article FullArticle() {
  Article a;
  a.id = "0123456789abcdef0123456789abcdef";
  a.source_id = "sh-yangpu";
  a.url = "https://www.shyp.gov.cn/a.html?utm_source=x";
  a.canonical_url = "https://www.shyp.gov.cn/a.html";
  a.title = "杨浦区元宇宙产业行动方案";
  a.author = "编辑";
  a.summary = "摘要";
  a.body_html = "<p>not published</p>";
  a.body_text = "第一段\n第二段";
  a.original_source = "杨浦区科委";
  a.categories = {"政策", "元宇宙"};
  a.published = Timestamp{1675728600, 480};
  a.fetched = Timestamp{1675730000, 0};
  a.language = "zh";
  a.script = Script::kTraditional;
  a.content_hash = std::string(64, 'e');
  a.norm_title = "folded";
  a.relevance.profile = "metaverse-policy";
  a.relevance.score = 7.5;
  a.relevance.threshold = 3;
  a.relevance.verdict = Verdict::kRelevant;
  a.relevance.level = Level::kHigh;
  a.relevance.matches = {RuleMatch{"元宇宙", "topic", 2.5, 1, 0, 4},
                         RuleMatch{"行动方案", "policy", 1, 0, 2, 0}};
  a.relevance.reasons = {"no exclusion"};
  a.facts.regions = {Region{"310110", "杨浦区", RegionLevel::kCounty, 5},
                     Region{"310000", "上海市", RegionLevel::kProvince, 2}};
  a.facts.primary_region = a.facts.regions[0];
  a.facts.issuer = IssuingBody{"杨浦区科学技术委员会", BodyLevel::kDistrict};
  a.facts.document_kind = DocumentKind::kActionPlan;
  a.facts.document_number = "杨科两会〔2023〕23号";
  a.facts.dates = {DatedFact{"deadline", "2025-12-31", "到2025年底"}};
  a.facts.targets = {Quantity{"industry-scale", "3500亿元", 3.5e11, "CNY", "2025", "s1"}};
  a.facts.money = {Quantity{"subsidy", "500万元", 5e6, "CNY", "", "s2"}};
  a.story = StoryInfo{"story-1", false, "first-id", 0.93};
  return a;
}

TEST(EventCodecTest, ArticleRoundTripsEveryPublishedField) {
  const Article a = FullArticle();
  const v1::Article p = ToProto(a);
  v1::Article wire;
  ASSERT_TRUE(wire.ParseFromString(p.SerializeAsString()));
  const Article b = FromProto(wire);

  EXPECT_EQ(b.id, a.id);
  EXPECT_EQ(b.source_id, a.source_id);
  EXPECT_EQ(b.url, a.url);
  EXPECT_EQ(b.canonical_url, a.canonical_url);
  EXPECT_EQ(b.title, a.title);
  EXPECT_EQ(b.author, a.author);
  EXPECT_EQ(b.summary, a.summary);
  EXPECT_EQ(b.body_text, a.body_text);
  EXPECT_TRUE(b.body_html.empty());
  EXPECT_TRUE(b.norm_title.empty());
  EXPECT_EQ(b.original_source, a.original_source);
  EXPECT_EQ(b.categories, a.categories);
  EXPECT_EQ(b.published, a.published);
  EXPECT_EQ(b.fetched, a.fetched);
  EXPECT_EQ(b.script, Script::kTraditional);
  EXPECT_EQ(b.content_hash, a.content_hash);
  EXPECT_EQ(b.relevance.profile, a.relevance.profile);
  EXPECT_EQ(b.relevance.score, 7.5);
  EXPECT_EQ(b.relevance.threshold, 3);
  EXPECT_EQ(b.relevance.verdict, Verdict::kRelevant);
  EXPECT_EQ(b.relevance.level, Level::kHigh);
  ASSERT_EQ(b.relevance.matches.size(), 2u);
  EXPECT_EQ(b.relevance.matches[0].rule, "元宇宙");
  EXPECT_EQ(b.relevance.matches[0].title_count, 1u);
  EXPECT_EQ(b.relevance.matches[0].lead_count, 0u);
  EXPECT_EQ(b.relevance.matches[0].body_count, 4u);
  EXPECT_EQ(b.relevance.matches[1].lead_count, 2u);
  EXPECT_EQ(b.relevance.reasons, a.relevance.reasons);
  ASSERT_EQ(b.facts.regions.size(), 2u);
  EXPECT_EQ(b.facts.regions[1].name, "上海市");
  EXPECT_EQ(b.facts.regions[1].level, RegionLevel::kProvince);
  ASSERT_TRUE(b.facts.primary_region.has_value());
  EXPECT_EQ(b.facts.primary_region->code, "310110");
  EXPECT_EQ(b.facts.primary_region->mentions, 5u);
  EXPECT_EQ(b.facts.issuer.name, a.facts.issuer.name);
  EXPECT_EQ(b.facts.issuer.level, BodyLevel::kDistrict);
  EXPECT_EQ(b.facts.document_kind, DocumentKind::kActionPlan);
  EXPECT_EQ(b.facts.document_number, a.facts.document_number);
  ASSERT_EQ(b.facts.dates.size(), 1u);
  EXPECT_EQ(b.facts.dates[0].date, "2025-12-31");
  ASSERT_EQ(b.facts.targets.size(), 1u);
  EXPECT_EQ(b.facts.targets[0].value, 3.5e11);
  EXPECT_EQ(b.facts.targets[0].year, "2025");
  ASSERT_EQ(b.facts.money.size(), 1u);
  EXPECT_EQ(b.facts.money[0].text, "500万元");
  EXPECT_EQ(b.story.story_id, "story-1");
  EXPECT_FALSE(b.story.first_report);
  EXPECT_EQ(b.story.first_article_id, "first-id");
  EXPECT_EQ(b.story.similarity, 0.93);

  // And back again: nothing is lost on a second trip.
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(ToProto(b), p));
}

TEST(EventCodecTest, RuleMatchCountsTotalAndOnlyNonZeroFields) {
  const v1::Article p = ToProto(FullArticle());
  const v1::RuleMatch& m = p.relevance().matches(0);
  EXPECT_EQ(m.count(), 5u);
  ASSERT_EQ(m.fields_size(), 2);
  EXPECT_EQ(m.fields(0).field(), v1::FIELD_TITLE);
  EXPECT_EQ(m.fields(1).field(), v1::FIELD_BODY);
  EXPECT_EQ(m.fields(1).count(), 4u);
}

TEST(EventCodecTest, TimesKeepTheSourceOffsetInRfc3339) {
  const v1::Article p = ToProto(FullArticle());
  EXPECT_EQ(p.published().rfc3339(), "2023-02-07T08:10:00+08:00");
  EXPECT_EQ(p.published().utc_offset_minutes(), 480);
  EXPECT_EQ(p.fetched().rfc3339(), "2023-02-07T00:33:20Z");
}

TEST(EventCodecTest, MissingPublishedDateStaysUnset) {
  Article a = FullArticle();
  a.published.reset();
  a.facts.primary_region.reset();
  const v1::Article p = ToProto(a);
  EXPECT_FALSE(p.has_published());
  const Article b = FromProto(p);
  EXPECT_FALSE(b.published.has_value());
  EXPECT_FALSE(b.facts.primary_region.has_value());
}

TEST(EventCodecTest, UnknownEnumValuesFromNewerPublishersMapToUnknown) {
  v1::Article p = ToProto(FullArticle());
  p.set_script(static_cast<v1::Script>(99));
  p.mutable_facts()->set_document_kind(static_cast<v1::DocumentKind>(-3));
  const Article b = FromProto(p);
  EXPECT_EQ(b.script, Script::kUnknown);
  EXPECT_EQ(b.facts.document_kind, DocumentKind::kUnknown);
}

TEST(EventCodecTest, SourceStatusRoundTrips) {
  const SourceHealthChange c{"beijing", SourceHealth::kFailing,    SourceHealth::kOk, "http: 503",
                             3,         Timestamp{1700000000, 480}};
  const SourceHealthChange d = FromProto(ToProto(c));
  EXPECT_EQ(d.source_id, "beijing");
  EXPECT_EQ(d.state, SourceHealth::kFailing);
  EXPECT_EQ(d.previous, SourceHealth::kOk);
  EXPECT_EQ(d.reason, "http: 503");
  EXPECT_EQ(d.consecutive_failures, 3u);
  EXPECT_EQ(d.since, c.since);
  EXPECT_EQ(ToProto(c).state(), v1::HEALTH_FAILING);
}

TEST(EventCodecTest, TopicsNameProfileRegionAndSource) {
  EXPECT_EQ(ArticleTopic("metaverse-policy", "310110"), "article.metaverse-policy.310110");
  EXPECT_EQ(ArticleTopic("metaverse-policy", ""), "article.metaverse-policy.000000");
  EXPECT_EQ(ArticleTopic(FullArticle()), "article.metaverse-policy.310110");
  Article national = FullArticle();
  national.facts.primary_region.reset();
  EXPECT_EQ(ArticleTopic(national), "article.metaverse-policy.000000");
  EXPECT_EQ(SourceStatusTopic("sina-roll"), "status.sina-roll");
  EXPECT_EQ(kHeartbeatTopic, "heartbeat");
}

TEST(EventCodecTest, JsonIsOneLineWithLowerCamelCaseNames) {
  v1::Event e;
  e.set_sequence(12);
  e.set_publisher_id("nw-1");
  e.set_topic("article.metaverse-policy.310110");
  *e.mutable_article() = ToProto(FullArticle());
  const std::string json = EventToJson(e);
  EXPECT_EQ(json.find('\n'), std::string::npos);
  EXPECT_NE(json.find("\"publisherId\":\"nw-1\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"sequence\":\"12\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"contentHash\""), std::string::npos);
  // Default values are omitted: first_report is false here.
  EXPECT_EQ(json.find("\"firstReport\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"firstArticleId\":\"first-id\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"VERDICT_RELEVANT\""), std::string::npos);
  EXPECT_NE(json.find("杨浦区"), std::string::npos) << "UTF-8 must stay readable";
  EXPECT_EQ(json.find("publisher_id"), std::string::npos);
}

TEST(EventCodecTest, ParseEventRoundTripsAndRejectsGarbage) {
  v1::Event e;
  e.set_sequence(7);
  *e.mutable_article() = ToProto(FullArticle());
  const std::string bytes = e.SerializeAsString();
  auto parsed = ParseEvent(bytes);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->sequence(), 7u);
  EXPECT_EQ(parsed->article().title(), "杨浦区元宇宙产业行动方案");

  auto truncated = ParseEvent(std::string_view(bytes).substr(0, bytes.size() / 2));
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().kind(), ErrorKind::kParse);
  auto garbage = ParseEvent("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff");
  EXPECT_FALSE(garbage.ok());
  auto empty = ParseEvent("");
  ASSERT_TRUE(empty.ok()) << "an empty message is a valid Event with defaults";
  EXPECT_EQ(empty->sequence(), 0u);
}

}  // namespace
}  // namespace newswatch
