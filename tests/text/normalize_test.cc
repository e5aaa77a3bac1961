#include "daemon/text/normalize.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/read_file.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
const fs::path kShared = NW_SHARED_DIR;

using ::newswatch::testing::ReadFile;

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

// A parenthesized run holding a tone-marked pinyin vowel, e.g. "(guó)": none may survive.
// (Stray tone marks outside parentheses, where the source lost characters, are not annotations.)
bool HasPinyinAnnotation(const std::string& s) {
  static const std::regex kAnnotation(
      "[(（][a-z]*(ā|á|ǎ|à|ē|é|ě|è|ī|í|ǐ|ì|ō|ó|ǒ|ò|ū|ú|ǔ|ù|ǖ|ǘ|ǚ|ǜ)[a-z]*[)）]");
  return std::regex_search(s, kAnnotation);
}

class NormalizeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = TextNormalizer::Create();
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    normalizer_ = std::move(created).value().release();
  }
  static void TearDownTestSuite() {
    delete normalizer_;
    normalizer_ = nullptr;
  }
  static TextNormalizer* normalizer_;
};
TextNormalizer* NormalizeTest::normalizer_ = nullptr;

// Normalize converts only the clauses holding a traditional character; OpenCC over the whole
// text is the reference. Every shared document (seeds, labelled items, 1,000 THUCNews articles,
// xinwenlianbo transcripts) and mixed text made here must come out the same both ways.
TEST_F(NormalizeTest, ClauseConversionEqualsWholeTextConversion) {
  std::vector<std::string> texts = {
      "上海市促进元宇宙产业发展行动方案。國務院關於加快發展數字經濟的意見，另见附件",
      "一段简体文字，沒有問題；再來一段繁體字……最后“简体”收尾",
      "乾隆年間的頭髮與發展：理髮店、發財；後來的皇后",
      "abc 國 def, 中国 x 臺灣 y",
      "。。，，國，，。",
      "國",
  };
  for (const auto& entry : fs::directory_iterator(kShared / "seeds")) {
    texts.push_back(ReadFile(entry.path()));
  }
  for (const auto& entry : fs::directory_iterator(kShared / "corpus/relevance/items")) {
    texts.push_back(ReadFile(entry.path()));
  }
  std::istringstream thucnews(ReadFile(kShared / "corpus/negatives/thucnews/cnews.1000.txt"));
  for (std::string line; std::getline(thucnews, line);) texts.push_back(line);
  for (const auto& entry :
       fs::recursive_directory_iterator(kShared / "corpus/negatives/xinwenlianbo")) {
    if (entry.is_regular_file()) texts.push_back(ReadFile(entry.path()));
  }
  ASSERT_GT(texts.size(), 1000u);
  size_t converted = 0;
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string clauses = normalizer_->Normalize(texts[i]);
    const std::string whole = normalizer_->NormalizeConvertingWholeText(texts[i]);
    ASSERT_EQ(clauses, whole) << "text " << i << ": " << texts[i].substr(0, 200);
    converted += normalizer_->DetectScript(texts[i]) != Script::kSimplified;
  }
  EXPECT_GT(converted, 5u);  // the comparison saw traditional text, not only simplified
}

TEST(PinyinTest, ToneMarkedAnnotationsAfterHanAreRemoved) {
  EXPECT_EQ(StripPinyinAnnotations("國(guó)內(nèi)元宇宙產(chǎn)業(yè)"), "國內元宇宙產業");
  EXPECT_EQ(StripPinyinAnnotations("發（fā）展（zhǎn）"), "發展");
  EXPECT_EQ(StripPinyinAnnotations("綠(lǜ)色"), "綠色");
  EXPECT_EQ(StripPinyinAnnotations("中(zhong1)国(guo2)"), "中国");
  EXPECT_EQ(StripPinyinAnnotations("中國(zhōng guó)人"), "中國人");
}

TEST(PinyinTest, RealParenthesizedContentIsKept) {
  for (const char* kept :
       {"行动计划(2023-2025年)", "办法（征求意见稿）", "人工智能(AI)产业", "的(de)",
        "元宇宙(Metaverse)", "教育厅(局、教委)", "(guó) at start", "word (guó)", "型号(x5)",
        "数字人(Digital Human)", "附件(a1)", "未闭合(guó", "空()", "嵌套((guó))"}) {
    EXPECT_EQ(StripPinyinAnnotations(kept), kept);
  }
}

TEST(PinyinTest, HostileInputIsPassedThrough) {
  const std::string bytes = std::string("國(\xff\xfe)內(") + std::string(200, 'a') + ")\x80";
  EXPECT_EQ(StripPinyinAnnotations(bytes), bytes);
  EXPECT_EQ(StripPinyinAnnotations(""), "");
  EXPECT_EQ(StripPinyinAnnotations("國("), "國(");
}

TEST_F(NormalizeTest, FoldsWidthCaseSpaceAndScript) {
  EXPECT_EQ(normalizer_->Normalize("  元宇宙ＸＲ　產業\t\t２０２３年ＡＢＣ！ \n VR  "),
            "元宇宙xr 产业 2023年abc! vr");
  EXPECT_EQ(normalizer_->Normalize("數字孿生與虛擬現實"), "数字孪生与虚拟现实");
  EXPECT_EQ(normalizer_->Normalize(""), "");
  EXPECT_EQ(normalizer_->Normalize(" \u3000\n"), "");
}

TEST_F(NormalizeTest, KeepsTheInputAndRealParentheses) {
  const std::string input = "《元宇宙產業創新發展三年行動計劃（2023—2025年）》（征求意見稿）";
  const std::string copy = input;
  EXPECT_EQ(normalizer_->Normalize(input),
            "《元宇宙产业创新发展三年行动计划(2023—2025年)》(征求意见稿)");
  EXPECT_EQ(input, copy);
}

TEST_F(NormalizeTest, InvalidBytesAndInvisiblesDoNotBreakConversion) {
  const std::string input = std::string("國\xff內\u200b元") + '\0' + "宇宙";
  EXPECT_EQ(normalizer_->Normalize(input), "国\uFFFD内元宇宙");
}

TEST_F(NormalizeTest, SeedWithPinyinNoiseBecomesPlainSimplified) {
  std::string seed;
  for (const auto& entry : fs::directory_iterator(kShared / "seeds")) {
    if (entry.path().filename().string().rfind("004_", 0) == 0) seed = ReadFile(entry.path());
  }
  ASSERT_FALSE(seed.empty());
  ASSERT_NE(seed.find("(guó)"), std::string::npos);  // the noise the test is about
  const std::string text = normalizer_->Normalize(seed);
  EXPECT_NE(text.find("国内元宇宙产业"), std::string::npos);
  EXPECT_EQ(text.find("(guó)"), std::string::npos);
  EXPECT_FALSE(HasPinyinAnnotation(text));
  EXPECT_EQ(normalizer_->DetectScript(seed), Script::kTraditional);
  EXPECT_EQ(normalizer_->DetectScript(text), Script::kSimplified);
}

// Items whose labels.tsv title says 繁体 (a traditional-character conversion page).
TEST_F(NormalizeTest, TraditionalRelevanceItemsComeOutSimplified) {
  const fs::path dir = kShared / "corpus/relevance";
  std::istringstream labels(ReadFile(dir / "labels.tsv"));
  std::string line;
  size_t items = 0;
  while (std::getline(labels, line)) {
    if (line.find("繁体") == std::string::npos) continue;
    const std::string id = line.substr(0, line.find('\t'));
    const std::string original = ReadFile(dir / "items" / (id + ".txt"));
    ASSERT_FALSE(original.empty()) << id;
    const std::string text = normalizer_->Normalize(original);
    SCOPED_TRACE(id);
    EXPECT_EQ(normalizer_->DetectScript(original), Script::kTraditional);
    EXPECT_EQ(normalizer_->DetectScript(text), Script::kSimplified);
    EXPECT_FALSE(HasPinyinAnnotation(text));
    // Parenthesized years ("(2023—2025年)") survive pinyin removal.
    EXPECT_EQ(Count(text, "(20"), Count(original, "(20") + Count(original, "（20"));
    ++items;
  }
  EXPECT_GE(items, 4u);
}

TEST_F(NormalizeTest, DetectScriptClassifiesScripts) {
  EXPECT_EQ(normalizer_->DetectScript("国务院关于加快发展数字经济的意见"), Script::kSimplified);
  EXPECT_EQ(normalizer_->DetectScript("國務院關於加快發展數字經濟的意見"), Script::kTraditional);
  EXPECT_EQ(normalizer_->DetectScript("国务院關於發展数字经濟"), Script::kMixed);
  EXPECT_EQ(normalizer_->DetectScript("Metaverse policy"), Script::kLatin);
  EXPECT_EQ(normalizer_->DetectScript("2023-05-01 !!"), Script::kUnknown);
  EXPECT_EQ(normalizer_->DetectScript(""), Script::kUnknown);
}

TEST_F(NormalizeTest, ConcurrentCallsAgreeWithSingleThreaded) {
  const std::vector<std::string> inputs = {"國(guó)內(nèi)元宇宙產業", "數字孿生ＸＲ",
                                           "虛擬現實　頭顯", "元宇宙產業創新發展三年行動計劃"};
  std::vector<std::string> expected;
  for (const auto& in : inputs) expected.push_back(normalizer_->Normalize(in));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        for (size_t k = 0; k < inputs.size(); ++k) {
          mismatches[t] += normalizer_->Normalize(inputs[k]) != expected[k];
        }
        mismatches[t] +=
            normalizer_->DetectScript(inputs[round % inputs.size()]) != Script::kTraditional;
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace newswatch
