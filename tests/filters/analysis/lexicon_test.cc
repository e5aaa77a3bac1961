#include "filters/analysis/lexicon.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

TEST(LexiconTest, BuiltinTablesLoad) {
  Result<Lexicon> lex = Lexicon::Builtin();
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  EXPECT_FALSE(lex->body_suffixes.empty());
  EXPECT_FALSE(lex->national_bodies.empty());
  EXPECT_FALSE(lex->non_government.empty());
  EXPECT_FALSE(lex->acts.empty());
  EXPECT_FALSE(lex->kind_endings.empty());
  EXPECT_FALSE(lex->foreign_places.empty());
  EXPECT_FALSE(lex->abbreviations.empty());
  // Endings are tried longest first.
  for (size_t i = 1; i < lex->kind_endings.size(); ++i) {
    EXPECT_GE(lex->kind_endings[i - 1].text.size(), lex->kind_endings[i].text.size());
  }
}

TEST(LexiconTest, MalformedRowsNameTheTableAndLine) {
  auto bad_kind =
      Lexicon::Parse("# c\n市政府\tgovernment\tno\n", "国务院\tgovernment\n", "协会\tassociation\n",
                     "印发\tpublish\n", "方案\taction-plan\n", "韩国\n");
  ASSERT_FALSE(bad_kind.ok());
  EXPECT_NE(bad_kind.status().message().find("acts.tsv:1"), std::string::npos)
      << bad_kind.status().message();
  auto bad_prefix = Lexicon::Parse("\n\n政府\tgovernment\tmaybe\n", "", "", "印发\tissue\n",
                                   "方案\taction-plan\n", "");
  ASSERT_FALSE(bad_prefix.ok());
  EXPECT_NE(bad_prefix.status().message().find("government_bodies.tsv:3"), std::string::npos);
  // A government kind is no non-government actor.
  auto public_as_other = Lexicon::Parse("政府\tgovernment\tyes\n", "", "政府\tgovernment\n",
                                        "印发\tissue\n", "方案\taction-plan\n", "");
  EXPECT_FALSE(public_as_other.ok());
}

TEST(LexiconTest, KindOfTitleLooksThroughNotesAndTheCarryingNotice) {
  Result<Lexicon> lex = Lexicon::Builtin();
  ASSERT_TRUE(lex.ok());
  EXPECT_EQ(lex->KindOfTitle("宁波市元宇宙产业发展行动方案(2024-2026年)"),
            DocumentKind::kActionPlan);
  EXPECT_EQ(lex->KindOfTitle("关于印发某市促进元宇宙产业发展若干措施的通知"),
            DocumentKind::kMeasures);
  EXPECT_EQ(lex->KindOfTitle("关于开展元宇宙应用场景征集工作的通知"), DocumentKind::kNotice);
  EXPECT_EQ(lex->KindOfTitle("某区元宇宙产业扶持办法(征求意见稿)"),
            DocumentKind::kConsultationDraft);
  EXPECT_EQ(lex->KindOfTitle("某省关于加快元宇宙产业发展的指导意见"), DocumentKind::kOpinion);
  EXPECT_EQ(lex->KindOfTitle("元宇宙产业发展蓝皮书"), DocumentKind::kUnknown);
}

TEST(LexiconTest, AbbreviationsAreWrittenOut) {
  Result<Lexicon> lex = Lexicon::Builtin();
  ASSERT_TRUE(lex.ok());
  EXPECT_EQ(lex->ExpandAbbreviation("某市发改委"), "某市发展和改革委员会");
  EXPECT_EQ(lex->ExpandAbbreviation("区科委"), "区科学技术委员会");
  EXPECT_EQ(lex->ExpandAbbreviation("市经济和信息化委员会"), "市经济和信息化委员会");
  EXPECT_EQ(lex->ExpandNames("工信部、市经信局"), "工业和信息化部、市经济和信息化局");
}

}  // namespace
}  // namespace newswatch
