// Page shapes where the first choice of content block goes wrong: a comment disclaimer with a
// "content" class beside a table-layout article, multi-post blog pages, forum threads whose reply
// headers outnumber the first post. The pages are written for these tests (no copied pages).
#include "daemon/extract/content_choice.h"

#include <gtest/gtest.h>

#include <string>

#include "daemon/extract/article_extractor.h"

namespace newswatch {
namespace {

constexpr char kArticleParas[] =
    "　　本报讯 6月11日上午，市政府召开防汛工作专题会议，分析当前汛期形势，部署下一阶段防汛抗旱"
    "工作。副市长在会上指出，今年入汛以来全市降雨偏多，部分河道水位持续偏高，防汛形势不容乐观。"
    "<br><br>"
    "　　会议要求，各区县和有关部门要立即开展汛前隐患排查，对病险水库、城区低洼地段和在建工程"
    "逐一登记，明确责任人，限期整改到位。对排查中发现的问题，要建立台账，整改一处销号一处。<br><br>"
    "　　会议强调，要加强值班值守，严格执行二十四小时值班和领导带班制度，确保信息传递畅通。遇有重大"
    "险情，要第一时间报告，第一时间处置，决不允许迟报、漏报、瞒报。<br><br>"
    "　　会议还对防汛物资储备、抢险队伍建设和群众转移安置预案进行了检查，要求各单位查漏补缺，做到"
    "有备无患。";

// A 2005-style news page: table layout, the article as <br>-separated text inside a <font> in a
// <td> without class hints, and under it a comment box whose disclaimer sits in a div whose class
// says "content".
std::string OldTablePage() {
  return std::string(R"(<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>市政府召开专题会议部署防汛工作_新闻中心_某某网</title></head>
<body><table width="760"><tr><td><a href="/">首页</a> | <a href="/news/">新闻</a> | <a href="/bbs/">论坛</a></td></tr></table>
<table width="760"><tr><td width="560" valign="top">
<table width="100%"><tr><td align="center"><b><font size="4">市政府召开专题会议部署防汛工作</font></b></td></tr>
<tr><td align="center"><font color="gray">2005年06月12日 09:30　来源：某某日报　作者：李明</font></td></tr>
<tr><td class="l17"><font id="zoom">)") +
         kArticleParas + R"(</font></td></tr></table>
<table width="100%" class="pl"><tr><td><div class="content">您要为您所发的言论的后果负责，故请各位遵纪守法并注意语言文明。<br>
网友评论仅供网友表达个人看法，并不表明本网同意其观点或证实其描述。<br>请遵守互联网相关的政策法规，严禁发布色情、暴力、反动的言论，谢谢合作，欢迎踊跃发言、积极参与讨论、文明上网。</div></td></tr>
<tr><td>用户名：<input name="u"> 密码：<input name="p"> <input type="submit" value="发表"></td></tr></table>
</td><td width="200" valign="top"><a href="/1.html">今日要闻一</a><br><a href="/2.html">今日要闻二</a></td></tr></table>
<table width="760"><tr><td align="center">Copyright 2005 某某网 版权所有</td></tr></table>
</body></html>)";
}

TEST(ContentChoiceTest, CommentDisclaimerDoesNotWinOverTheArticle) {
  auto r = ExtractArticle(OldTablePage(), {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->text.find("市政府召开防汛工作专题会议"), std::string::npos) << r->text;
  EXPECT_NE(r->text.find("做到有备无患。"), std::string::npos) << r->text;
  EXPECT_EQ(r->text.find("您要为您所发的言论"), std::string::npos) << r->text;
  ASSERT_TRUE(r->published.has_value());
  EXPECT_EQ(r->published->ToRfc3339(), "2005-06-12T09:30:00+08:00");
  EXPECT_EQ(r->source, "某某日报");
  EXPECT_EQ(r->author, "李明");
}

TEST(ContentChoiceTest, BoilerplateSentencesAreRecognised) {
  EXPECT_TRUE(extract_internal::IsBoilerplateSentence(
      "您要为您所发的言论的后果负责，故请各位遵纪守法并注意语言文明。"));
  EXPECT_TRUE(extract_internal::IsBoilerplateSentence(
      "网友评论仅供网友表达个人看法，并不表明本网同意其观点或证实其描述"));
  EXPECT_FALSE(extract_internal::IsBoilerplateSentence("会议要求，各区县要立即开展汛前隐患排查。"));
  // A long paragraph that quotes a rule is prose, not a disclaimer.
  std::string long_para(600, 'x');
  long_para += "注意语言文明";
  EXPECT_FALSE(extract_internal::IsBoilerplateSentence(long_para));
}

// A small chosen block (a short caption with a "content" class and a big bonus) next to a large
// block of prose with no hints at all: the extractor chooses again.
TEST(ContentChoiceTest, SmallBlockNextToMuchLargerProseIsChosenAgain) {
  const std::string page =
      std::string(R"(<html><head><title>某地举行科技成果发布会</title></head><body>
<div class="content"><p>编者按：汛期将至，本报今起推出防汛系列报道，关注各地汛前准备、隐患排查和应急预案落实情况，敬请读者关注，并欢迎提供新闻线索。来信请寄本报新闻部，来电请拨打新闻热线，我们将择优刊发读者来稿，对采用的线索给予奖励。</p></div>
<div class="bottom-box"><div>)") +
      kArticleParas + "<br><br>" + kArticleParas + R"(</div></div>
</body></html>)";
  auto r = ExtractArticle(page, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->text.find("部署下一阶段防汛抗旱工作"), std::string::npos) << r->text;
}

std::string Post(int id, const std::string& title, const std::string& body,
                 const std::string& date) {
  return "<div class=\"post\" id=\"post-" + std::to_string(id) + "\"><h2 class=\"post-title\">" +
         title + "</h2><div class=\"post-body\"><p>" + body +
         "</p></div><div class=\"post-footer\">发表于 " + date +
         " | <a href=\"#c\">评论(3)</a> | <a href=\"#t\">引用</a></div></div>\n";
}

const char kPost1[] =
    "今天去城南的旧书市场转了一圈，淘到一本七十年代出版的县志，纸张发黄，但装订还很结实。"
    "摊主说这是从一位老教师家里收来的，里面还夹着几张当年的粮票。";
const char kPost2[] =
    "周末带孩子去郊外看油菜花，一路上车很多，到了地方才发现花期已经过了大半。好在天气不错，"
    "孩子在田埂上跑来跑去，玩得很开心。回来的路上堵了两个小时，到家已经天黑了。下次还是要早点出门，"
    "避开高峰。路边的农家乐生意很好，我们吃了一顿土鸡，味道一般，价格却不便宜。";
const char kPost3[] =
    "这几天一直在下雨，阳台上的花都蔫了，只好把它们搬进屋里。顺便把书架整理了一下，翻出不少"
    "大学时候的笔记，字迹已经有些模糊了。";

std::string BlogPage() {
  return std::string(R"(<html><head><title>旧书市场 - 某某的博客</title></head><body>
<div id="header"><h1>某某的博客</h1></div><div id="main">)") +
         Post(103, "旧书市场", kPost1, "2006-03-12 21:05") +
         Post(102, "看油菜花", kPost2, "2006-03-05 20:11") +
         Post(101, "雨天", kPost3, "2006-02-27 19:40") +
         R"(</div><div id="sidebar"><h3>分类</h3><ul><li><a href="/c/1">生活</a></li><li><a href="/c/2">读书</a></li></ul></div>
</body></html>)";
}

TEST(ContentChoiceTest, MultiPostBlogYieldsTheFirstPost) {
  auto r = ExtractArticle(BlogPage(), {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->text.find("淘到一本七十年代出版的县志"), std::string::npos) << r->text;
  EXPECT_EQ(r->text.find("油菜花"), std::string::npos) << r->text;
  EXPECT_EQ(r->text.find("阳台上的花"), std::string::npos) << r->text;
  ASSERT_TRUE(r->published.has_value());
  EXPECT_EQ(r->published->ToRfc3339(), "2006-03-12T21:05:00+08:00");
}

TEST(ContentChoiceTest, MultiPostBlogYieldsThePostTheUrlNames) {
  ExtractOptions options;
  options.url = "http://blog.example.com/archives/2006/03/#post-101";
  auto r = ExtractArticle(BlogPage(), options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->text.find("阳台上的花都蔫了"), std::string::npos) << r->text;
  EXPECT_EQ(r->text.find("油菜花"), std::string::npos) << r->text;
  EXPECT_EQ(r->text.find("县志"), std::string::npos) << r->text;
}

// A forum thread: the first post, a few short replies, and a long list of reply headers under
// the thread (each "回复：… 作者：… date"), which together hold more text than the first post.
std::string ForumPage() {
  std::string page = R"(<html><head><title>小区停车位问题谁来管？ - 业主论坛</title></head><body>
<div class="nav"><a href="/">论坛首页</a> » <a href="/f/3">业主之家</a></div>
<table class="t_table" width="98%"><tr><td class="t_user">楼主 张三</td><td>
<div class="t_msgfont" id="postmessage_2001">)";
  page +=
      "我们小区建成五年了，地下车库的车位一直只租不售，物业每年都涨租金，今年一下子涨了三成。"
      "业主委员会去年就提出过意见，物业答复说要请示开发商，之后就没有下文了。<br>"
      "现在地面上到处乱停车，消防通道也被堵住，晚上救护车都开不进来。想问问大家，这种情况应该"
      "找哪个部门反映？街道、住建局还是物价局？有没有业主成功维权的经验可以分享一下？<br>"
      "另外，车位租金的标准到底有没有政府指导价，物业能不能单方面调整，也请懂行的朋友指点。";
  page += R"(</div><div class="t_date">发表于 2005-3-2 10:11</div></td></tr></table>
<table class="t_table" width="98%"><tr><td class="t_user">沙发 李四</td><td>
<div class="t_msgfont" id="postmessage_2002">顶一下，我们小区也是这样。</div></td></tr></table>
<table class="t_table" width="98%"><tr><td class="t_user">板凳 王五</td><td>
<div class="t_msgfont" id="postmessage_2003">可以打市长热线试试。</div></td></tr></table>
<ul class="thread-replies">)";
  for (int i = 0; i < 40; ++i) {
    page += "<li>回复：小区停车位问题谁来管 作者：网友" + std::to_string(1000 + i) + " 2005-3-" +
            std::to_string(2 + i % 20) + " 1" + std::to_string(i % 10) + ":0" +
            std::to_string(i % 6) + "</li>";
  }
  page += "</ul></body></html>";
  return page;
}

TEST(ContentChoiceTest, ForumThreadYieldsTheFirstPostNotTheReplyHeaders) {
  auto r = ExtractArticle(ForumPage(), {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->text.find("地下车库的车位一直只租不售"), std::string::npos) << r->text;
  EXPECT_NE(r->text.find("也请懂行的朋友指点。"), std::string::npos) << r->text;
  EXPECT_EQ(r->text.find("回复：小区停车位"), std::string::npos) << r->text;
  EXPECT_EQ(r->text.find("顶一下"), std::string::npos) << r->text;
}

// An ordinary article whose paragraphs are same-class divs is not a thread: all of it stays.
TEST(ContentChoiceTest, ArticleOfSameClassParagraphsIsNotTakenForAThread) {
  const std::string page = R"(<html><head><title>某县推进农村公路建设</title></head><body>
<div class="article"><h1>某县推进农村公路建设</h1>
<div class="section"><h3>一、总体进展</h3><p>今年以来，全县新建和改造农村公路一百二十公里，完成年度计划的八成，沿线群众出行条件明显改善。</p></div>
<div class="section"><h3>二、资金保障</h3><p>县财政安排专项资金八千万元，同时积极争取上级补助，确保工程款按进度拨付，不拖欠农民工工资。</p></div>
<div class="section"><h3>三、下一步打算</h3><p>下一步，县里将加快剩余项目建设进度，同步推进公路养护体制改革，做到建管并重。</p></div>
</div></body></html>)";
  auto r = ExtractArticle(page, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->text.find("完成年度计划的八成"), std::string::npos) << r->text;
  EXPECT_NE(r->text.find("确保工程款按进度拨付"), std::string::npos) << r->text;
  EXPECT_NE(r->text.find("做到建管并重"), std::string::npos) << r->text;
}

}  // namespace
}  // namespace newswatch
