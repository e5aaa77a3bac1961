// Story clustering: frame stripping, containment, the index in a real state
// DB, and a measurement on real text: reposts built at test time from the
// shared corpus (site frame + 来源/原标题 lines, traditional conversion with
// OpenCC's s2t.json, truncation to 60%) must cluster with their original;
// different real articles on the same topic must stay apart.
#include <gtest/gtest.h>
#include <opencc/opencc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "daemon/store/state_store.h"
#include "daemon/text/front_matter.h"
#include "daemon/text/html_text.h"
#include "daemon/text/normalize.h"
#include "filters/story/story_fingerprint.h"
#include "filters/story/story_stage.h"
#include "tests/support/read_file.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;

using ::newswatch::testing::ReadFile;

struct Doc {
  std::string name;
  std::string group;  // documents of one group share a topic
  std::string title;
  std::string body;  // raw text, paragraphs per line
};

// Title and body as the pipeline sees them: front matter split, HTML to text.
Doc ParseDoc(std::string name, std::string group, std::string_view raw) {
  Doc d{std::move(name), std::move(group), "", ""};
  Document split = SplitFrontMatter(raw);
  std::string body = LooksLikeHtml(split.body) ? HtmlToText(split.body) : split.body;
  if (split.front_matter && !split.front_matter->title.empty()) {
    d.title = split.front_matter->title;
    d.body = body;
  } else {
    const size_t nl = body.find('\n');
    d.title = body.substr(0, nl);
    d.body = nl == std::string::npos ? "" : body.substr(nl + 1);
  }
  return d;
}

class OpenCc {
 public:
  explicit OpenCc(const char* config) : cc_(opencc_open(config)) {}
  ~OpenCc() {
    if (cc_ != reinterpret_cast<opencc_t>(-1)) opencc_close(cc_);
  }
  OpenCc(const OpenCc&) = delete;
  OpenCc& operator=(const OpenCc&) = delete;
  bool ok() const { return cc_ != reinterpret_cast<opencc_t>(-1); }
  std::string Convert(const std::string& s) const {
    char* out = opencc_convert_utf8(cc_, s.data(), s.size());
    if (out == nullptr) std::printf("opencc: %s\n", opencc_error());
    std::string r = out ? out : "";
    opencc_convert_utf8_free(out);
    return r;
  }

 private:
  opencc_t cc_;
};

// Frames written for this test: what a reposting site adds around a story.
Doc Framed(const Doc& d, const std::string& site) {
  Doc r = d;
  r.title = d.title + "_" + site;
  r.body = "首页 > 新闻中心 > 正文\n2024-05-01 10:22 来源：" + site + " 作者：张三\n原标题：" +
           d.title + "\n" + d.body +
           "\n责任编辑：李四\n分享到：微信 微博 QQ空间\n【打印】【关闭窗口】\n" + "版权所有 © " +
           site + " All Rights Reserved\n";
  return r;
}

Doc Shortened(const Doc& d) {
  Doc r = d;
  // 60% of the body's characters (UTF-8 safe cut), framed.
  size_t cut = d.body.size() * 6 / 10;
  while (cut > 0 && (static_cast<unsigned char>(d.body[cut]) & 0xC0) == 0x80) --cut;
  r.body = "来源：某某财经\n" + d.body.substr(0, cut) + "\n（完）\n责任编辑：王五";
  return r;
}

class StoryCorpus {
 public:
  StoryCorpus() {
    auto n = TextNormalizer::Create();
    EXPECT_TRUE(n.ok());
    normalizer_ = std::move(n).value();
  }
  // Line by line, as the prepare stage does (one paragraph per line).
  std::string NormalizeLines(const std::string& text) const {
    std::string out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      std::string n = normalizer_->Normalize(line);
      if (n.empty()) continue;
      if (!out.empty()) out += '\n';
      out += n;
    }
    return out;
  }
  StoryFingerprint Fingerprint(const Doc& d) const {
    return FingerprintStory(normalizer_->Normalize(d.title), NormalizeLines(d.body));
  }
  const TextNormalizer& normalizer() const { return *normalizer_; }

 private:
  std::unique_ptr<TextNormalizer> normalizer_;
};

std::vector<Doc> LoadCorpus() {
  std::vector<Doc> docs;
  const fs::path shared = NW_SHARED_DIR;
  std::map<std::string, std::string> label;
  {
    std::ifstream in(shared / "corpus/relevance/labels.tsv");
    std::string line;
    while (std::getline(in, line)) {
      const size_t t1 = line.find('\t');
      const size_t t2 = line.find('\t', t1 + 1);
      if (t1 != std::string::npos) label[line.substr(0, t1)] = line.substr(t1 + 1, t2 - t1 - 1);
    }
  }
  for (const auto& e : fs::directory_iterator(shared / "corpus/relevance/items")) {
    const std::string id = e.path().stem().string();
    // Positives share one topic (metaverse policy); negatives are apart from them anyway.
    docs.push_back(ParseDoc("relevance/" + id, "metaverse-" + label[id], ReadFile(e.path())));
  }
  // A seed the labelled set also holds (an excerpt of the same page saved
  // twice) is one document, not two: reposts of it rightly share its story.
  auto trimmed = [](const std::string& s) {
    const size_t b = s.find_first_not_of(" \t\r\n");
    const size_t e = s.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  std::vector<std::string> item_texts;
  for (const auto& e : fs::directory_iterator(shared / "corpus/relevance/items")) {
    item_texts.push_back(trimmed(ReadFile(e.path())));
  }
  for (const auto& e : fs::directory_iterator(shared / "seeds")) {
    const std::string text = ReadFile(e.path());
    const std::string seed = trimmed(text);
    const bool saved_twice = std::any_of(
        item_texts.begin(), item_texts.end(),
        [&](const std::string& t) { return t.size() > 200 && seed.compare(0, t.size(), t) == 0; });
    if (saved_twice) continue;
    docs.push_back(ParseDoc("seeds/" + e.path().filename().string(), "metaverse-pos", text));
  }
  std::ifstream in(shared / "corpus/negatives/thucnews/cnews.1000.txt");
  std::string line;
  std::map<std::string, int> per_class;
  while (std::getline(in, line)) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const std::string cls = line.substr(0, tab);
    if (++per_class[cls] > 25) continue;
    Doc d;
    d.name = "thucnews/" + cls + std::to_string(per_class[cls]);
    d.group = "thucnews-" + cls;
    const std::string text = line.substr(tab + 1);
    // One line per article: the first 15 characters stand in for a headline.
    size_t cut = std::min<size_t>(text.size(), 45);
    while (cut > 0 && cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    d.title = text.substr(0, cut);
    d.body = text;
    docs.push_back(std::move(d));
  }
  std::sort(docs.begin(), docs.end(), [](const Doc& a, const Doc& b) { return a.name < b.name; });
  return docs;
}

TEST(StripRepostFrameTest, DropsSourceTitleEditorAndFurnitureLines) {
  const std::string s =
      StripRepostFrame("标题",
                       "来源:新华网\n原标题:旧标题\n正文第一段。\n责任编辑:张三\n分享到:微信\n"
                       "记者从市经信委获悉,本市将出台元宇宙产业行动计划,到2025年产业规模达到"
                       "三千五百亿元以上,培育一批具有国际竞争力的龙头企业和专精特新企业。");
  EXPECT_EQ(s.find("新华网"), std::string::npos);
  EXPECT_EQ(s.find("旧标题"), std::string::npos);
  EXPECT_EQ(s.find("张三"), std::string::npos);
  EXPECT_EQ(s.find("微信"), std::string::npos);
  EXPECT_NE(s.find("正文第一段"), std::string::npos);
  EXPECT_NE(s.find("记者从市经信委获悉"), std::string::npos);  // a long line is content
  EXPECT_EQ(s.find(':'), std::string::npos);                   // punctuation is gone
}

TEST(CompareShinglesTest, ContainmentIsOverlapOfTheSmallerSet) {
  const StoryOverlap o = CompareShingles({1, 2, 3, 4}, {2, 3, 4, 5, 6, 7, 8, 9});
  EXPECT_EQ(o.shared, 3u);
  EXPECT_DOUBLE_EQ(o.containment, 0.75);
  EXPECT_DOUBLE_EQ(o.jaccard, 3.0 / 9.0);
  EXPECT_EQ(DecodeShingles(EncodeShingles({1, 0xFFFFFFFFu, 70000})),
            (std::vector<uint32_t>{1, 0xFFFFFFFFu, 70000}));
}

class StoryIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("nw_story_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Article Make(const std::string& id, const Doc& d) {
    Article a;
    a.id = id;
    a.norm_title = corpus_.normalizer().Normalize(d.title);
    a.norm_body = corpus_.NormalizeLines(d.body);
    return a;
  }

  fs::path dir_;
  StoryCorpus corpus_;
};

// The measurement: every document, its constructed reposts, and every pair of
// different documents within a topic group. Prints precision and recall of pairs.
TEST_F(StoryIndexTest, RealRepostsClusterAndSameTopicArticlesStayApart) {
  const std::vector<Doc> docs = LoadCorpus();
  ASSERT_GT(docs.size(), 250u) << "shared corpus missing under " << NW_SHARED_DIR;
  OpenCc s2t("s2t.json");
  ASSERT_TRUE(s2t.ok());

  std::vector<StoryFingerprint> fps;
  for (const Doc& d : docs) fps.push_back(corpus_.Fingerprint(d));

  // Negative pairs: different documents of one group.
  size_t negatives = 0, false_merges = 0;
  double worst = 0;
  std::string worst_pair;
  size_t above[3] = {0, 0, 0};  // negative pairs with containment >= 0.3, 0.4, 0.5
  for (size_t i = 0; i < docs.size(); ++i) {
    for (size_t j = i + 1; j < docs.size(); ++j) {
      if (docs[i].group != docs[j].group) continue;
      ++negatives;
      const StoryOverlap o = CompareShingles(fps[i].shingles, fps[j].shingles);
      for (int k = 0; k < 3; ++k) above[k] += o.containment >= 0.3 + 0.1 * k ? 1 : 0;
      if (o.containment > worst) {
        worst = o.containment;
        worst_pair = docs[i].name + " ~ " + docs[j].name;
      }
      if (IsSameStory(o, fps[i].shingles.size(), fps[j].shingles.size())) {
        ++false_merges;
        std::printf(
            "different articles clustered: "
            "%s ~ %s containment %.3f\n",
            docs[i].name.c_str(), docs[j].name.c_str(), o.containment);
      }
    }
  }
  // Positive pairs: each document with enough text against three reposts of it.
  size_t positives = 0, found = 0;
  std::map<std::string, std::pair<size_t, size_t>> by_kind;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (fps[i].shingles.size() < 2 * kMinShingles) continue;
    Doc trad = Framed(docs[i], "香港某報");
    trad.title = s2t.Convert(trad.title);
    trad.body = s2t.Convert(trad.body);
    const std::pair<std::string, Doc> variants[] = {{"framed", Framed(docs[i], "某某新闻网")},
                                                    {"traditional", trad},
                                                    {"shortened", Shortened(docs[i])}};
    for (const auto& [kind, v] : variants) {
      const StoryFingerprint fp = corpus_.Fingerprint(v);
      const StoryOverlap o = CompareShingles(fps[i].shingles, fp.shingles);
      const bool same = IsSameStory(o, fps[i].shingles.size(), fp.shingles.size());
      ++positives;
      ++by_kind[kind].second;
      if (same) {
        ++found;
        ++by_kind[kind].first;
      } else {
        ADD_FAILURE() << kind << " repost of " << docs[i].name << " not clustered: containment "
                      << o.containment;
      }
    }
  }
  const double recall = static_cast<double>(found) / static_cast<double>(positives);
  const double precision = static_cast<double>(found) / static_cast<double>(found + false_merges);
  std::printf(
      "story pairs: %zu repost pairs, %zu clustered (recall %.3f); %zu same-topic pairs of "
      "different articles, %zu merged (precision %.3f); highest containment between "
      "different articles %.3f (%s)\n",
      positives, found, recall, negatives, false_merges, precision, worst, worst_pair.c_str());
  std::printf("  different-article pairs with containment >= 0.3: %zu, >= 0.4: %zu, >= 0.5: %zu\n",
              above[0], above[1], above[2]);
  for (const auto& [kind, c] : by_kind)
    std::printf("  %s: %zu/%zu\n", kind.c_str(), c.first, c.second);
  EXPECT_GE(recall, 0.98);
  EXPECT_GE(precision, 0.99);
}

TEST_F(StoryIndexTest, RepostGetsTheStoryOfTheFirstReportThroughTheIndex) {
  const std::vector<Doc> docs = LoadCorpus();
  auto store = StateStore::Open(dir_ / "state.db");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  // Index every metaverse original (same topic, different articles): none may
  // join another's story.
  int own = 0, indexed = 0;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (!docs[i].group.starts_with("metaverse")) continue;
    Article a = Make("orig" + std::to_string(i), docs[i]);
    ASSERT_TRUE(AssignStory(**store, 7, a).ok());
    ++indexed;
    if (a.story.story_id == a.id) ++own;
    EXPECT_EQ(a.story.story_id, a.id) << docs[i].name << " joined " << a.story.story_id;
  }
  EXPECT_EQ(own, indexed);
  // Reposts of the metaverse documents find their original through the keys.
  int reposts = 0, matched = 0;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (!docs[i].group.starts_with("metaverse")) continue;
    Article r = Make("repost" + std::to_string(i), Shortened(Framed(docs[i], "某站")));
    ASSERT_TRUE(AssignStory(**store, 7, r).ok());
    if (FingerprintStory(r.norm_title, r.norm_body).shingles.size() < 2 * kMinShingles) continue;
    ++reposts;
    if (r.story.story_id == "orig" + std::to_string(i)) {
      ++matched;
      EXPECT_FALSE(r.story.first_report);
      EXPECT_GE(r.story.similarity, kSameStoryContainment);
    } else {
      ADD_FAILURE() << docs[i].name << " repost got story " << r.story.story_id;
    }
    // Indexing the same article again (a re-fetch after a crash) returns the same story.
    Article again = r;
    ASSERT_TRUE(AssignStory(**store, 7, again).ok());
    EXPECT_EQ(again.story.story_id, r.story.story_id);
  }
  std::printf("index: %d/%d originals kept their own story; %d/%d reposts found their original\n",
              own, indexed, matched, reposts);
  EXPECT_GT(reposts, 40);
}

TEST_F(StoryIndexTest, ConcurrentRepostsOnTwoConnectionsStartOneStory) {
  const std::vector<Doc> docs = LoadCorpus();
  const Doc* base = nullptr;
  for (const Doc& d : docs) {
    if (d.name.starts_with("seeds/")) base = &d;
  }
  ASSERT_NE(base, nullptr);
  constexpr int kThreads = 4;
  std::vector<Article> out(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    out[t] = Make("copy" + std::to_string(t), Framed(*base, "站点" + std::to_string(t)));
    threads.emplace_back([&, t] {
      auto store = StateStore::Open(dir_ / "state.db");
      ASSERT_TRUE(store.ok());
      ASSERT_TRUE(AssignStory(**store, 7, out[t]).ok());
    });
  }
  for (auto& th : threads) th.join();
  int firsts = 0;
  for (const Article& a : out) {
    firsts += a.story.first_report ? 1 : 0;
    EXPECT_EQ(a.story.story_id, out[0].story.story_id);
  }
  EXPECT_EQ(firsts, 1);
}

TEST_F(StoryIndexTest, StoryOutsideTheWindowIsPrunedAndARepostStartsANewStory) {
  const std::vector<Doc> docs = LoadCorpus();
  const Doc& d = docs.front();
  auto store = StateStore::Open(dir_ / "state.db");
  ASSERT_TRUE(store.ok());
  Article a = Make("a", d);
  ASSERT_TRUE(AssignStory(**store, 7, a).ok());
  Article b = Make("b", Framed(d, "站"));
  ASSERT_TRUE(AssignStory(**store, 7, b).ok());
  EXPECT_EQ(b.story.story_id, "a");
  RetentionPolicy policy;
  policy.story_max_age_days = 0;
  ASSERT_TRUE((*store)->Prune(policy).ok());  // 0 keeps everything
  Article c = Make("c", Framed(d, "另一站"));
  ASSERT_TRUE(AssignStory(**store, 7, c).ok());
  EXPECT_EQ(c.story.story_id, "a");
}

}  // namespace
}  // namespace newswatch
