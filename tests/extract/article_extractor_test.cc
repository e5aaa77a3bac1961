#include "daemon/extract/article_extractor.h"

#include <gtest/gtest.h>

#include <string>

namespace newswatch {
namespace {

// A government article page in the TRS style: navigation, an info line under the title, the body
// in a TRS_Editor block, share and related blocks, a copyright footer.
constexpr char kGovPage[] = R"(<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>关于加快元宇宙产业发展的若干措施_政策文件_某市人民政府</title>
<style>.x{color:red}</style><script>var a = "脚本里的文字，不该出现。";</script>
</head><body>
<div class="nav"><a href="/">首页</a> <a href="/zw">政务公开</a> <a href="/fw">办事服务</a></div>
<div class="main">
 <h1>关于加快元宇宙产业发展的若干措施</h1>
 <div class="info">发布时间：2023-02-07 08:10　来源：市经济和信息化局　字号：大 中 小</div>
 <div id="zoom"><div class="TRS_Editor">
  <p>为贯彻落实国家数字经济发展战略，加快推动元宇宙产业创新发展，结合本市实际，制定如下措施。</p>
  <p>一、支持关键技术攻关。对承担元宇宙核心技术研发项目的企业，按照项目投入的30%给予补助，最高不超过500万元。</p>
  <p>二、培育应用场景。围绕文旅、教育、医疗、工业制造等领域，每年遴选一批示范应用场景，给予一次性奖励。</p>
  <p>三、本措施自发布之日起施行，有效期三年。（来源：市经济和信息化局）</p>
  <p>责任编辑：王五</p>
 </div></div>
 <div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>
 <div class="related"><h3>相关文章</h3><ul>
  <li><a href="/a1">某区出台数字经济扶持办法</a></li><li><a href="/a2">市领导调研人工智能企业</a></li>
 </ul></div>
</div>
<div class="footer">版权所有：某市人民政府办公厅　网站标识码：1234567890　ICP备12345678号</div>
</body></html>)";

TEST(ArticleExtractorTest, GovernmentPageYieldsBodyAndMetadata) {
  auto r = ExtractArticle(kGovPage, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->title, "关于加快元宇宙产业发展的若干措施");
  ASSERT_TRUE(r->published.has_value());
  EXPECT_EQ(r->published->ToRfc3339(), "2023-02-07T08:10:00+08:00");
  EXPECT_EQ(r->source, "市经济和信息化局");
  EXPECT_NE(r->text.find("为贯彻落实国家数字经济发展战略"), std::string::npos);
  EXPECT_NE(r->text.find("有效期三年。"), std::string::npos);
  // Chrome and byline lines stay out of the body.
  for (const char* absent : {"首页", "脚本", "责任编辑", "王五", "分享到", "相关文章", "某区出台",
                             "版权所有", "（来源"}) {
    EXPECT_EQ(r->text.find(absent), std::string::npos) << absent << " in:\n" << r->text;
  }
  // Paragraphs are separate lines.
  EXPECT_EQ(std::count(r->text.begin(), r->text.end(), '\n'), 3);
}

TEST(ArticleExtractorTest, MetaPublishedTimeKeepsItsOwnOffset) {
  const std::string page = R"(<html><head>
<meta property="article:published_time" content="2022-11-03T21:15:00+09:00">
<meta property="og:title" content="東京都、メタバース活用の指針を公表">
<meta name="author" content="山田太郎"></head><body><article>
<p>東京都は三日、仮想空間の行政活用に関する指針を公表した。都民サービスの向上を目指す。</p>
<p>指針では、相談窓口や観光案内での活用を想定し、個人情報の保護にも配慮するとした。</p>
</article></body></html>)";
  auto r = ExtractArticle(page, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->published.has_value());
  EXPECT_EQ(r->published->ToRfc3339(), "2022-11-03T21:15:00+09:00");
  EXPECT_EQ(r->title, "東京都、メタバース活用の指針を公表");
  EXPECT_EQ(r->author, "山田太郎");
}

TEST(ArticleExtractorTest, JsonLdDatePublishedIsUsed) {
  const std::string page = R"(<html><head><title>某市发布元宇宙行动计划 - 新闻网</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"NewsArticle","headline":"某市发布元宇宙行动计划","datePublished":"2023-05-04T10:00:00+08:00",
  "author":[{"@type":"Person","name":"赵六"}]}]}</script></head><body><div class="content">
<p>近日，某市正式印发元宇宙产业发展三年行动计划，提出到2025年产业规模突破千亿元。</p>
<p>计划明确了五大重点任务，包括夯实基础设施、突破关键技术、丰富应用场景等。</p></div></body></html>)";
  auto r = ExtractArticle(page, {});
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->published.has_value());
  EXPECT_EQ(r->published->ToRfc3339(), "2023-05-04T10:00:00+08:00");
  EXPECT_EQ(r->author, "赵六");
  EXPECT_EQ(r->title, "某市发布元宇宙行动计划");
}

TEST(ArticleExtractorTest, DateWithoutZoneUsesTheDefaultOffset) {
  const std::string page = R"(<html><body><h1>标题在此</h1><p>2023年3月1日 14:30 来源：某某日报</p>
<div><p>这是正文的第一段，内容足够长，包含逗号，也包含句号。</p><p>第二段继续叙述，同样有标点，也有足够的文字。</p></div>
</body></html>)";
  ExtractOptions options;
  options.default_offset_minutes = 480;
  auto r = ExtractArticle(page, options);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->published.has_value());
  EXPECT_EQ(r->published->ToRfc3339(), "2023-03-01T14:30:00+08:00");
  EXPECT_EQ(r->source, "某某日报");
  EXPECT_EQ(r->text.find("来源"), std::string::npos);
}

TEST(ArticleExtractorTest, UrlDateIsTheLastResort) {
  const std::string page = R"(<html><body><div>
<p>这是一篇没有任何日期标注的文章，正文有逗号，有句号。</p><p>第二段，依旧没有日期，只有文字。</p></div></body></html>)";
  ExtractOptions options;
  options.url = "http://www.example.gov.cn/zwgk/202302/t20230207_123456.html";
  auto r = ExtractArticle(page, options);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->published.has_value());
  EXPECT_EQ(r->published->ToRfc3339(), "2023-02-07T00:00:00+08:00");
}

TEST(ArticleExtractorTest, LinkOnlyPageHasNoBody) {
  std::string page = "<html><body><ul>";
  for (int i = 0; i < 50; ++i) {
    page += "<li><a href=\"/n" + std::to_string(i) + "\">新闻标题第" + std::to_string(i) +
            "条，点击查看详情</a></li>";
  }
  page += "</ul></body></html>";
  auto r = ExtractArticle(page, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kParse);
}

TEST(ArticleExtractorTest, EmptyAndGarbageInputsFailCleanly) {
  for (std::string input :
       {std::string(), std::string("\0\0\0", 3), std::string("<<<>>>"),
        std::string("<html><body></body></html>"),
        std::string("<html><body><script>var x = '很多很多脚本文字，不是正文。';"
                    "</script><!-- 注释里的文字，也不是正文。 --></body>")}) {
    auto r = ExtractArticle(input, {});
    EXPECT_FALSE(r.ok()) << input;
    EXPECT_EQ(r.status().kind(), ErrorKind::kParse);
  }
  // Invalid UTF-8 is the caller's to decode; it must not crash or read out of bounds.
  auto r = ExtractArticle(std::string("\xff\xfe\xfa garbage \x80\x81 <p>\xe4\xb8"), {});
  if (r.ok()) {
    EXPECT_NE(r->text.find("garbage"), std::string::npos);
  }
}

TEST(ArticleExtractorTest, TruncatedPageKeepsCompleteParagraphs) {
  std::string page(kGovPage);
  page.resize(page.find("三、本措施") + 10);  // cut inside the third paragraph
  auto r = ExtractArticle(page, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->text.find("一、支持关键技术攻关"), std::string::npos);
  EXPECT_NE(r->text.find("二、培育应用场景"), std::string::npos);
}

TEST(ArticleExtractorTest, DeepNestingDoesNotExhaustTheStack) {
  std::string page = "<html><body>";
  for (int i = 0; i < 100000; ++i) page += "<div>";
  page += "<p>深处的文字，有逗号，有句号。</p>";
  auto r = ExtractArticle(page, {});
  (void)r;  // any outcome is fine; not crashing is the point
  SUCCEED();
}

TEST(ArticleExtractorTest, CommentSectionDoesNotWinOverArticle) {
  std::string page = R"(<html><body><div class="article-content">
<p>市政府今天召开新闻发布会，介绍本市推动虚拟现实产业发展的最新进展和下一步安排。</p>
<p>发布会上，相关负责人表示，将持续完善产业政策体系，优化营商环境，吸引更多企业落户。</p>
<p>据介绍，今年以来全市已有二十余家相关企业完成注册，产业集聚效应初步显现。</p></div>
<div class="comment-list">)";
  for (int i = 0; i < 6; ++i) {
    page += "<div class=\"comment-item\"><p>网友评论：说得好，支持，希望早日落地，期待！</p></div>";
  }
  page += "</div></body></html>";
  auto r = ExtractArticle(page, {});
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->text.find("市政府今天召开新闻发布会"), std::string::npos);
  EXPECT_EQ(r->text.find("网友评论"), std::string::npos);
}

TEST(ArticleExtractorTest, BrSeparatedTextInOneBlockBecomesParagraphs) {
  const std::string page = R"(<html><body><table><tr><td class="nav"><a href="/">首页</a></td></tr>
<tr><td id="zoom">各区人民政府，市政府各委、办、局：<br>现将《关于促进数字经济发展的实施意见》印发给你们，请认真贯彻执行。<br>
特此通知。<br></td></tr></table></body></html>)";
  auto r = ExtractArticle(page, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(
      r->text,
      "各区人民政府，市政府各委、办、局：\n现将《关于促进数字经济发展的实施意见》印发给你们，请认真"
      "贯彻执行。\n特此通知。");
}

}  // namespace
}  // namespace newswatch
