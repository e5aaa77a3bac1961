#include "filters/relevance/scorer.h"

#include <gtest/gtest.h>

#include <string>

#include "filters/relevance/explain.h"
#include "filters/relevance/relevance_stage.h"

namespace newswatch {
namespace {

// Mechanics are tested on a small inline profile whose arithmetic is easy.
constexpr const char* kProfile = R"(name: mechanics
lead_chars: 10
max_count: 2
field_weights: {title: 3, lead: 2, body: 1}
groups:
  - name: topic
    role: topic
    weight: 10
    terms: [元宇宙]
  - name: policy
    role: signal
    weight: 2
    terms: [行动计划, 通知]
  - name: market
    role: negative
    weight: -5
    terms: [概念股]
exclusions:
  - term: 多元宇宙
    reason: multiverse
requirements:
  - name: topic-is-subject
    groups: [topic]
    min_count: {title: 1, lead: 1, body: 3}
  - name: policy-near-topic
    groups: [policy]
    near: {group: topic, window: 5}
    min_count: {title: 1, lead: 1, body: 1}
levels: {low: 20, medium: 40, high: 80}
threshold: 20
)";

std::unique_ptr<RelevanceScorer> MakeScorer(const std::string& yaml) {
  auto p = ParseTopicProfile(yaml, "mechanics.yaml");
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  auto s = RelevanceScorer::Create(std::move(*p));
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(*s);
}

const RuleMatch* FindMatch(const Relevance& r, const std::string& rule) {
  for (const auto& m : r.matches) {
    if (m.rule == rule) return &m;
  }
  return nullptr;
}

TEST(RelevanceScorer, CountsEachFieldSeparatelyAndCapsCounts) {
  auto s = MakeScorer(kProfile);
  // Lead = first 10 characters of the body ("元宇宙行动计划。元宇"); a hit that
  // starts inside the lead counts as lead.
  Relevance r = s->Score("元宇宙行动计划", "元宇宙行动计划。元宇宙元宇宙元宇宙元宇宙。");
  const RuleMatch* topic = FindMatch(r, "元宇宙");
  ASSERT_NE(topic, nullptr);
  EXPECT_EQ(topic->group, "topic");
  EXPECT_EQ(topic->title_count, 1u);
  EXPECT_EQ(topic->lead_count, 2u);
  EXPECT_EQ(topic->body_count, 3u);
  // 10 * (3*1 + 2*2 + 1*min(3, max_count 2)) = 90; 行动计划: 2 * (3*1 + 2*1) = 10.
  EXPECT_DOUBLE_EQ(topic->weight, 90);
  EXPECT_DOUBLE_EQ(r.score, 100);
  EXPECT_EQ(r.verdict, Verdict::kRelevant);
  EXPECT_EQ(r.level, Level::kHigh);
  EXPECT_EQ(r.profile, "mechanics");
  EXPECT_DOUBLE_EQ(r.threshold, 20);
}

TEST(RelevanceScorer, MultiverseIsNotTheMetaverse) {
  auto s = MakeScorer(kProfile);
  Relevance r = s->Score("多元宇宙行动计划", "多元宇宙的通知");
  EXPECT_EQ(FindMatch(r, "元宇宙"), nullptr);
  const RuleMatch* ex = FindMatch(r, "多元宇宙");
  ASSERT_NE(ex, nullptr);
  EXPECT_EQ(ex->group, "exclusion");
  EXPECT_EQ(ex->body_count, 2u);
  EXPECT_EQ(r.verdict, Verdict::kNotRelevant);
  EXPECT_EQ(r.level, Level::kNone);
}

TEST(RelevanceScorer, TopicWithoutPolicySignalIsNotRelevant) {
  auto s = MakeScorer(kProfile);
  Relevance r = s->Score("元宇宙来了", "元宇宙元宇宙元宇宙");
  EXPECT_GE(r.score, 20);  // a high score alone is not enough
  EXPECT_EQ(r.verdict, Verdict::kNotRelevant);
  bool explained = false;
  for (const auto& reason : r.reasons) {
    explained = explained || reason.find("policy-near-topic") != std::string::npos;
  }
  EXPECT_TRUE(explained);
}

TEST(RelevanceScorer, PolicySignalFarFromTopicDoesNotCount) {
  auto s = MakeScorer(kProfile);
  Relevance r = s->Score("", "元宇宙元宇宙元宇宙。这里说的是很多很多别的事情呢。通知");
  EXPECT_EQ(r.verdict, Verdict::kNotRelevant);
  Relevance near = s->Score("", "元宇宙元宇宙元宇宙。通知");
  EXPECT_EQ(near.verdict, Verdict::kRelevant) << ExplainRelevance(near);
}

TEST(RelevanceScorer, PolicyTitleFramesTheWholeTextOnlyWhenAsked) {
  const std::string title = "通知:一二三四五六七八";  // the signal is 9+ characters from the body
  const std::string body = "元宇宙元宇宙元宇宙";
  auto plain = MakeScorer(kProfile);
  EXPECT_EQ(plain->Score(title, body).verdict, Verdict::kNotRelevant);
  std::string yaml = kProfile;
  const std::string near = "near: {group: topic, window: 5}";
  yaml.replace(yaml.find(near), near.size(), "near: {group: topic, window: 5, title_frames: true}");
  auto framed = MakeScorer(yaml);
  Relevance r = framed->Score(title, body);
  EXPECT_EQ(r.verdict, Verdict::kRelevant) << ExplainRelevance(r);
  // The topic in the title does not frame a far signal in the body.
  EXPECT_EQ(framed->Score("元宇宙", "这里说的是很多很多别的事情呢。通知").verdict, Verdict::kNotRelevant);
}

TEST(RelevanceScorer, PassingMentionInLongBodyIsNotTheSubject) {
  auto s = MakeScorer(kProfile);
  std::string body = "今天天气很好,大家都出门了。";
  body += "发布元宇宙行动计划。";
  Relevance r = s->Score("新闻摘要", body);
  EXPECT_EQ(r.verdict, Verdict::kNotRelevant) << ExplainRelevance(r);
}

TEST(RelevanceScorer, NegativeTermsPullTheScoreBelowThreshold) {
  auto s = MakeScorer(kProfile);
  Relevance clean = s->Score("元宇宙通知", "");
  EXPECT_DOUBLE_EQ(clean.score, 36);  // 10*3 + 2*3
  EXPECT_EQ(clean.verdict, Verdict::kRelevant);
  Relevance r = s->Score("元宇宙通知", "概念股概念股");
  EXPECT_DOUBLE_EQ(r.score, 16);  // 36 - 5 * 2 (lead) * 2
  EXPECT_EQ(r.verdict, Verdict::kNotRelevant);
  ASSERT_FALSE(r.reasons.empty());
  EXPECT_NE(r.reasons.back().find("below threshold"), std::string::npos);
}

TEST(RelevanceScorer, EmptyTextIsNotRelevant) {
  auto s = MakeScorer(kProfile);
  Relevance r = s->Score("", "");
  EXPECT_EQ(r.verdict, Verdict::kNotRelevant);
  EXPECT_TRUE(r.matches.empty());
  EXPECT_DOUBLE_EQ(r.score, 0);
}

TEST(RelevanceScorer, BadRegexInProfileStopsCreateNamingTheLine) {
  std::string yaml = kProfile;
  const std::string old_terms = "terms: [概念股]";
  yaml.replace(yaml.find(old_terms), old_terms.size(), "terms: [{regex: \"[unclosed\"}]");
  auto p = ParseTopicProfile(yaml, "mechanics.yaml");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  auto s = RelevanceScorer::Create(std::move(*p));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message().rfind("mechanics.yaml:17:", 0), 0u) << s.status().message();
}

TEST(LeadEnd, StopsAtFirstParagraphButNotAtAShortByline) {
  EXPECT_EQ(LeadEnd("第一段。\n第二段。", 200), std::string("第一段。\n第二段。").size());
  std::string para(60, 'a');
  EXPECT_EQ(LeadEnd(para + "\nrest", 200), 60u);
  EXPECT_EQ(LeadEnd(std::string(300, 'b'), 200), 200u);
  EXPECT_EQ(LeadEnd("", 200), 0u);
}

std::vector<std::unique_ptr<RelevanceScorer>> Scorers(std::vector<std::string> yamls) {
  std::vector<std::unique_ptr<RelevanceScorer>> out;
  for (const auto& y : yamls) out.push_back(MakeScorer(y));
  return out;
}

TEST(RelevanceStage, FillsRelevanceAndAlwaysKeeps) {
  RelevanceStage stage(Scorers({kProfile}));
  EXPECT_EQ(stage.name(), "relevance");
  Article a;
  a.title = "not used: the stage reads the normalized fields";
  a.norm_title = "元宇宙行动计划";
  a.norm_body = "元宇宙";
  EXPECT_EQ(stage.Process(a).decision, Decision::kKeep);
  EXPECT_EQ(a.relevance.verdict, Verdict::kRelevant);
  Article b;
  b.norm_title = "天气";
  EXPECT_EQ(stage.Process(b).decision, Decision::kKeep);
  EXPECT_EQ(b.relevance.verdict, Verdict::kNotRelevant);
}

TEST(RelevanceStage, KeepsTheVerdictOfTheBestProfile) {
  std::string ai = kProfile;
  ai.replace(ai.find("mechanics"), 9, "ai");
  ai.replace(ai.find("[元宇宙]"), std::string("[元宇宙]").size(), "[人工智能]");
  RelevanceStage stage(Scorers({kProfile, ai}));
  Article a;
  a.norm_title = "人工智能行动计划";
  a.norm_body = "人工智能";
  stage.Process(a);
  EXPECT_EQ(a.relevance.profile, "ai");  // relevant beats the default's irrelevant verdict
  EXPECT_EQ(a.relevance.verdict, Verdict::kRelevant);
  Article b;
  b.norm_title = "元宇宙行动计划";
  b.norm_body = "元宇宙";
  stage.Process(b);
  EXPECT_EQ(b.relevance.profile, "mechanics");
  Article c;
  c.norm_title = "天气";
  stage.Process(c);
  EXPECT_EQ(c.relevance.verdict, Verdict::kNotRelevant);
}

TEST(ExplainRelevance, ListsVerdictEveryMatchAndReasons) {
  auto s = MakeScorer(kProfile);
  Relevance r = s->Score("元宇宙行动计划", "多元宇宙");
  std::string text = ExplainRelevance(r);
  EXPECT_NE(text.find("profile mechanics: relevant"), std::string::npos) << text;
  EXPECT_NE(text.find("level low"), std::string::npos) << text;
  EXPECT_NE(text.find("行动计划"), std::string::npos) << text;
  EXPECT_NE(text.find("title 1"), std::string::npos) << text;
  EXPECT_NE(text.find("excluded '多元宇宙' x1: multiverse"), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
}

}  // namespace
}  // namespace newswatch

namespace newswatch {
namespace {

// The analysis (filters/analysis) as plain data: a city government issued
// a document about the topic.
Analysis GovernmentIssuedTopicDocument() {
  Analysis a;
  a.actors.push_back({"某市人民政府", "某市人民政府", "某市人民政府", ActorKind::kGovernment, 3,
                      "330100", {false, 0, 18}, false});
  NamedDocument doc;
  doc.title = "某市元宇宙产业发展行动方案";
  doc.policy = true;
  doc.on_topic = true;
  a.documents.push_back(doc);
  Act act;
  act.verb = "印发";
  act.actor = 0;
  act.document = 0;
  act.on_topic = true;
  a.acts.push_back(act);
  return a;
}

TEST(RelevanceScorer, EvidenceAddsItsWeightAndSatisfiesTheRequirement) {
  std::string yaml = kProfile;
  yaml.replace(yaml.find("    min_count: {title: 1, lead: 1, body: 1}\nlevels"),
               std::string("    min_count: {title: 1, lead: 1, body: 1}\n").size(),
               "    min_count: {title: 1, lead: 1, body: 1}\n"
               "    or_evidence: [public-act-on-topic]\n"
               "evidence:\n  public-act-on-topic: 15\n  non-public-actor-in-title: -100\n");
  auto s = MakeScorer(yaml);
  // The topic is the subject, but no policy word is near it.
  const std::string title = "元宇宙";
  const std::string body = "这里说的是很多很多别的事情呢。";
  EXPECT_EQ(s->Score(title, body).verdict, Verdict::kNotRelevant);
  const Analysis a = GovernmentIssuedTopicDocument();
  Relevance r = s->Score(title, body, &a);
  EXPECT_EQ(r.verdict, Verdict::kRelevant) << ExplainRelevance(r);
  const RuleMatch* evidence = nullptr;
  for (const auto& m : r.matches) {
    if (m.group == "evidence") evidence = &m;
  }
  ASSERT_NE(evidence, nullptr);
  EXPECT_DOUBLE_EQ(evidence->weight, 15);
  EXPECT_NE(evidence->rule.find("某市人民政府"), std::string::npos);
  EXPECT_NE(evidence->rule.find("印发"), std::string::npos);

  // A headline whose only actor is a conference vetoes it.
  Analysis event = a;
  event.actors.push_back({"某元宇宙大会", "某元宇宙大会", "某元宇宙大会", ActorKind::kEvent, 0, "",
                          {true, 0, 6}, false});
  EXPECT_EQ(s->Score(title, body, &event).verdict, Verdict::kNotRelevant);
}

}  // namespace
}  // namespace newswatch
