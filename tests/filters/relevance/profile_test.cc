#include "filters/relevance/profile.h"

#include <gtest/gtest.h>

#include <string>

namespace newswatch {
namespace {

// A small valid profile; tests break one line of it at a time.
constexpr const char* kValid = R"(name: tiny
groups:
  - name: topic
    role: topic
    weight: 5
    terms: [元宇宙, MetaVerse]
  - name: policy
    role: signal
    weight: 2
    terms: [行动计划, {term: 通知, weight: 1}]
  - name: market
    role: negative
    weight: -3
    terms: [概念股]
exclusions:
  - term: 多元宇宙
    reason: multiverse
requirements:
  - name: topic-with-policy
    groups: [policy]
    near: {group: topic, window: 20}
    min_count: {title: 1, body: 2}
levels: {low: 10, medium: 20, high: 30}
threshold: 10
)";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

void ExpectConfigErrorAt(const std::string& yaml, const std::string& where,
                         const std::string& words) {
  auto p = ParseTopicProfile(yaml, "bad.yaml");
  ASSERT_FALSE(p.ok()) << "expected an error at " << where;
  EXPECT_EQ(p.status().kind(), ErrorKind::kConfig);
  EXPECT_EQ(p.status().message().rfind("bad.yaml:" + where + ":", 0), 0u) << p.status().message();
  EXPECT_NE(p.status().message().find(words), std::string::npos) << p.status().message();
}

TEST(ParseTopicProfile, ValidProfileParsesEverySection) {
  auto p = ParseTopicProfile(kValid, "tiny.yaml");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->name, "tiny");
  ASSERT_EQ(p->groups.size(), 3u);
  EXPECT_EQ(p->groups[0].role, GroupRole::kTopic);
  EXPECT_EQ(p->groups[0].terms[1].text, "metaverse");  // ASCII lower-cased for matching
  EXPECT_EQ(p->groups[1].terms[1].weight, 1);          // per-term override
  EXPECT_EQ(p->groups[1].terms[0].weight, 2);          // group default
  EXPECT_EQ(p->groups[1].terms[0].line, 10);
  ASSERT_EQ(p->exclusions.size(), 1u);
  EXPECT_EQ(p->exclusions[0].reason, "multiverse");
  ASSERT_EQ(p->requirements.size(), 1u);
  EXPECT_EQ(p->requirements[0].near_group, "topic");
  EXPECT_EQ(p->requirements[0].near_window, 20u);
  EXPECT_EQ(p->requirements[0].min_count.title, 1u);
  EXPECT_EQ(p->requirements[0].min_count.lead, 0u);
  EXPECT_EQ(p->requirements[0].min_count.body, 2u);
  EXPECT_EQ(p->threshold, 10);
  EXPECT_EQ(p->levels.high, 30);
  EXPECT_EQ(p->field_weights.title, 3);  // default
}

TEST(ParseTopicProfile, UnknownTopLevelKeyNamesItsLine) {
  ExpectConfigErrorAt(Replace(kValid, "threshold: 10", "threshold: 10\nthreshhold: 4"), "25",
                      "unknown key 'threshhold'");
}

TEST(ParseTopicProfile, UnknownGroupKeyNamesItsLine) {
  ExpectConfigErrorAt(Replace(kValid, "    weight: 2\n", "    wieght: 2\n"), "9",
                      "unknown key 'wieght'");
}

TEST(ParseTopicProfile, WeightThatIsNotANumberNamesItsLine) {
  ExpectConfigErrorAt(Replace(kValid, "weight: 5", "weight: heavy"), "5", "must be a number");
}

TEST(ParseTopicProfile, WeightGivenAsListIsRejected) {
  ExpectConfigErrorAt(Replace(kValid, "weight: 5", "weight: [5]"), "5", "must be a number");
}

TEST(ParseTopicProfile, PositiveWeightInNegativeGroupIsRejected) {
  ExpectConfigErrorAt(Replace(kValid, "weight: -3", "weight: 3"), "14", "negative-group");
}

TEST(ParseTopicProfile, ZeroWeightTopicIsRejected) {
  ExpectConfigErrorAt(Replace(kValid, "weight: 5", "weight: 0"), "6", "weights must be > 0");
}

TEST(ParseTopicProfile, EmptyGroupIsRejected) {
  ExpectConfigErrorAt(Replace(kValid, "terms: [概念股]", "terms: []"), "14", "non-empty list");
}

TEST(ParseTopicProfile, EmptyTermIsRejected) {
  ExpectConfigErrorAt(Replace(kValid, "[元宇宙, MetaVerse]", "[元宇宙, \"\"]"), "6", "empty term");
}

TEST(ParseTopicProfile, DuplicateGroupNameIsRejected) {
  ExpectConfigErrorAt(Replace(kValid, "name: market", "name: policy"), "11",
                      "duplicate group name");
}

TEST(ParseTopicProfile, DuplicateTermAcrossGroupsIsRejected) {
  ExpectConfigErrorAt(Replace(kValid, "[概念股]", "[概念股, 行动计划]"), "14", "duplicate term");
}

TEST(ParseTopicProfile, DuplicateKeyIsRejected) {
  ExpectConfigErrorAt(Replace(kValid, "name: tiny\n", "name: tiny\nname: again\n"), "2",
                      "duplicate key");
}

TEST(ParseTopicProfile, RequirementOnUnknownGroupIsRejected) {
  ExpectConfigErrorAt(Replace(kValid, "groups: [policy]", "groups: [polcy]"), "20",
                      "unknown group 'polcy'");
}

TEST(ParseTopicProfile, UnorderedLevelsAreRejected) {
  ExpectConfigErrorAt(Replace(kValid, "high: 30", "high: 15"), "23", "low < medium < high");
}

TEST(ParseTopicProfile, InvalidUtf8TermIsRejected) {
  ExpectConfigErrorAt(Replace(kValid, "[概念股]", std::string("[") + "\xE5\x85" + "]"), "14", "UTF-8");
}

TEST(ParseTopicProfile, YamlSyntaxErrorNamesItsLine) {
  ExpectConfigErrorAt(Replace(kValid, "levels: {low: 10,", "levels: {low: [10,"), "23", "");
}

TEST(ParseTopicProfile, TitleFramesMustBeABoolean) {
  ExpectConfigErrorAt(Replace(kValid, "window: 20}", "window: 20, title_frames: maybe}"), "21",
                      "true or false");
}

TEST(ParseTopicProfile, MissingThresholdIsRejected) {
  auto p = ParseTopicProfile(Replace(kValid, "threshold: 10\n", ""), "bad.yaml");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("missing 'threshold'"), std::string::npos);
}

TEST(ParseTopicProfile, EmptyDocumentIsRejected) {
  auto p = ParseTopicProfile("", "empty.yaml");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().kind(), ErrorKind::kConfig);
}

TEST(LoadTopicProfile, MissingFileIsNotFound) {
  auto p = LoadTopicProfile("/nonexistent/profile.yaml");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().kind(), ErrorKind::kNotFound);
}

TEST(LoadTopicProfile, ShippedProfilesLoad) {
  for (const char* name : {"metaverse-policy.yaml", "ai-policy.yaml"}) {
    auto p = LoadTopicProfile(std::string(NW_SOURCE_DIR) + "/config/topics/" + name);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    EXPECT_FALSE(p->groups.empty());
    EXPECT_GT(p->threshold, 0);
  }
}

}  // namespace
}  // namespace newswatch

namespace newswatch {
namespace {

TEST(ParseTopicProfile, EvidenceWeightsAndRequirementEvidenceParse) {
  std::string yaml = Replace(kValid, "threshold: 10",
                             "threshold: 10\nevidence:\n  public-act-on-topic: 12\n"
                             "  non-public-actor-in-title: -50\n");
  auto p = ParseTopicProfile(yaml, "tiny.yaml");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->evidence.size(), 2u);
  EXPECT_EQ(p->evidence[0].kind, EvidenceKind::kPublicActOnTopic);
  EXPECT_DOUBLE_EQ(p->evidence[1].weight, -50);
}

TEST(ParseTopicProfile, UnknownEvidenceNamesItsLine) {
  ExpectConfigErrorAt(Replace(kValid, "threshold: 10", "threshold: 10\nevidence:\n  gut-feeling: 3"),
                      "26", "unknown evidence 'gut-feeling'");
}

}  // namespace
}  // namespace newswatch
