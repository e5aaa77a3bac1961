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
  // Chrome stays out of the body.
  for (const char* absent :
       {"首页", "脚本", "分享到", "相关文章", "某区出台", "版权所有", "字号"}) {
    EXPECT_EQ(r->text.find(absent), std::string::npos) << absent << " in:\n" << r->text;
  }
  // The editor line and the source note are part of the article as printed.
  EXPECT_NE(r->text.find("有效期三年。（来源：市经济和信息化局）"), std::string::npos) << r->text;
  EXPECT_NE(r->text.find("\n责任编辑：王五"), std::string::npos) << r->text;
  // Paragraphs are separate lines.
  EXPECT_EQ(std::count(r->text.begin(), r->text.end(), '\n'), 4);
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

// Byline lines inside the article body (original title, source, editor,
// reporter) stay in the text, as readers' cuts of an article keep them; they
// still give the author and source fields.
TEST(ArticleExtractorTest, BylineLinesInsideTheBodyStayAndGiveFields) {
  const std::string page = R"(<html><head><title>某市发布数字经济新政_新闻中心</title></head><body>
<h1>某市发布数字经济新政</h1>
<div class="content">
<p>（原标题：数字经济新政出台 企业最高可获五百万元补助）</p>
<p>昨日，某市正式发布数字经济新政，提出从资金、人才、场景三个方面支持企业发展，引发广泛关注。</p>
<p>新政明确，对承担核心技术攻关的企业，按照项目投入的三成给予补助，最高五百万元。</p>
<p>记者 李四</p>
<p>本文来源：某某日报</p>
<p>责任编辑：张三</p>
</div></body></html>)";
  auto r = ExtractArticle(page, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(
      r->text,
      "（原标题：数字经济新政出台 企业最高可获五百万元补助）\n"
      "昨日，某市正式发布数字经济新政，提出从资金、人才、场景三个方面支持企业发展，引发广泛关注"
      "。\n新政明确，对承担核心技术攻关的企业，按照项目投入的三成给予补助，最高五百万元。\n"
      "记者 李四\n本文来源：某某日报\n责任编辑：张三");
  EXPECT_EQ(r->source, "某某日报");
  EXPECT_EQ(r->author, "李四");
}

// Three long paragraphs make the article; the block beside them only has a
// class that looks like content ("post-…") and a teaser line. Class hints pick
// the container, but a sibling joins only on what it holds.
TEST(ArticleExtractorTest, SiblingWithAContentClassButLittleTextIsNotMerged) {
  const std::string page = R"(<html><body><div class="wrap">
<div class="article-text">
<p>九月三日，行业协会在年度大会上发布报告，分析了去年集成电路市场的进出口情况和主要变化。</p>
<p>报告显示，去年进口继续扩大，首次突破三千亿美元，出口也有增长，但逆差仍在扩大之中。</p>
<p>协会负责人表示，产业结构需要调整，企业应当把产品作为发展的中心，而不是只追求规模。</p>
</div>
<div class="post-member"><div class="post-member-title"><span>【深度】另一篇付费文章的标题，值得一看</span><a href="/c">大参考</a></div><span>2019-09-08</span></div>
</div></body></html>)";
  auto r = ExtractArticle(page, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->text.find("协会负责人表示"), std::string::npos) << r->text;
  for (const char* absent : {"付费文章", "大参考", "2019-09-08"}) {
    EXPECT_EQ(r->text.find(absent), std::string::npos) << absent << " in:\n" << r->text;
  }
}

// A list of links inside the article container ("reported by" with outlet
// names, related stories) goes as a whole: not only its link lines but also
// its heading and the outlet names beside the links.
TEST(ArticleExtractorTest, LinkListInsideTheArticleIsRemovedWhole) {
  const std::string page = R"(<html><body><div class="article">
<p>运营商内部人士透露，三大运营商关于手机的促销手段原本有三大类，分期购买、预存话费和赠送礼品。</p>
<p>但是，上级主管部门已下发通知，禁止终端补贴，这意味着运营商无法对用户购买手机直接进行补贴。</p>
<div class="group"><div class="group-title">媒体报道</div>
 <div class="item"><a href="/1">独家：运营商手机促销手段曝光 以三大类为主</a><div class="meta">凤凰科技</div></div>
 <div class="item"><a href="/2">运营商不会提供购机补贴 会影响你购机吗</a><div class="meta">新浪科技</div></div>
</div></div></body></html>)";
  auto r = ExtractArticle(page, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->text.find("禁止终端补贴"), std::string::npos) << r->text;
  for (const char* absent : {"媒体报道", "凤凰科技", "新浪科技", "独家"}) {
    EXPECT_EQ(r->text.find(absent), std::string::npos) << absent << " in:\n" << r->text;
  }
}

// A line that is nothing but a link is navigation; a line with its own words
// beside a link is the article's.
TEST(ArticleExtractorTest, LinkOnlyLineGoesLineWithOwnWordsStays) {
  const std::string page = R"(<html><body><div class="article">
<p>一波波低温寒流报到，已将山区一带层层山峦披上嫣红的彩衣，吸引了大批游客前往观赏。</p>
<p><a href="/camp">美树营地</a>资讯</p>
<p>营地位于山腰，视野开阔，楓红期间须过中午才可搭帐，水电便利，是赏枫的好去处。</p>
<p><a href="/other">另一条新闻的标题在这里</a></p>
</div></body></html>)";
  auto r = ExtractArticle(page, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->text.find("\n美树营地资讯\n"), std::string::npos) << r->text;
  EXPECT_EQ(r->text.find("另一条新闻"), std::string::npos) << r->text;
}

// Text a page shows only when something fails or loads: the fallback inside
// <video>, a loading placeholder.
TEST(ArticleExtractorTest, VideoFallbackAndLoadingPlaceholdersAreNotText) {
  const std::string page = R"(<html><body><div class="article">
<p>市民反映，一位社区民警一天拨打了一百多个电话，结果被电信部门以涉嫌诈骗为由停机。</p>
<div class="video"><video controls><source src="/v.mp4" type="video/mp4">您的浏览器暂时无法播放此视频。</video></div>
<div class="player-loading"><table><tr><td>正在加载...</td></tr></table></div>
<p>电信客服人员表示，已经核实了情况，并为这位民警恢复了通话，今后会改进核实的办法。</p>
</div></body></html>)";
  auto r = ExtractArticle(page, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->text.find("恢复了通话"), std::string::npos) << r->text;
  EXPECT_EQ(r->text.find("浏览器"), std::string::npos) << r->text;
  EXPECT_EQ(r->text.find("正在加载"), std::string::npos) << r->text;
}

// The article's own reprint notice is part of it; the site's copyright footer
// is chrome even when it sits inside the content block.
TEST(ArticleExtractorTest, ReprintNoticeStaysSiteCopyrightGoes) {
  const std::string page = R"(<html><body><div class="article">
<p>研究团队开发出一种能够利用外部记忆自主学习的新型神经网络，可以回答关于复杂结构的问题。</p>
<p>研究人员表示，这种网络结合了神经网络的学习能力和传统计算机的存储能力，前景广阔。</p>
<p><strong>【本文为某科技网独家稿件，未经授权，不得转载、摘编。】</strong></p>
<p>版权所有 © 2016 某科技网</p>
</div></body></html>)";
  auto r = ExtractArticle(page, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->text.find("【本文为某科技网独家稿件，未经授权，不得转载、摘编。】"),
            std::string::npos)
      << r->text;
  EXPECT_EQ(r->text.find("版权所有"), std::string::npos) << r->text;
}

// The headline repeated at the top of the body goes, also with a badge beside
// it; an "original title" line that contains it stays.
TEST(ArticleExtractorTest, HeadlineWithBadgeAtTheTopOfTheBodyIsDropped) {
  const std::string page = R"(<html><head><title>草原国家的故事：顿顿有肉吃</title></head><body>
<div class="article"><h2><span>原创</span>草原国家的故事：顿顿有肉吃</h2>
<p>当许多国家都在为吸引游客而绞尽脑汁的时候，只有这么一个国家一脸淡定，游客爱来不来。</p>
<p>这个国家位于两个大国之间，是世界第二大内陆国，牧场广阔，牛羊成群，却缺少蔬菜水果。</p>
</div></body></html>)";
  auto r = ExtractArticle(page, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->title, "草原国家的故事：顿顿有肉吃");
  EXPECT_EQ(r->text.rfind("当许多国家", 0), 0u) << r->text;

  std::string reposted(page);
  reposted.replace(reposted.find("<span>原创</span>"), std::string("<span>原创</span>").size(),
                   "原标题：");
  reposted.replace(reposted.find("<h2>"), 4, "<p>");
  reposted.replace(reposted.find("</h2>"), 5, "</p>");
  r = ExtractArticle(reposted, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->text.rfind("原标题：草原国家的故事：顿顿有肉吃\n", 0), 0u) << r->text;
}

}  // namespace
}  // namespace newswatch
