// Publication time and author as Chinese pages print them: the meta tags of TRS and other
// government CMSs, labelled date lines, reporter / author / editor lines. Pages written here.
#include <gtest/gtest.h>

#include <string>

#include "daemon/extract/article_extractor.h"

namespace newswatch {
namespace {

constexpr char kBody[] =
    "<p>"
    "为进一步优化营商环境，市政府办公厅近日印发通知，要求各部门在年底前全面推行涉企事项“一网通办”，"
    "压减办理时限，减少申报材料。</"
    "p><p>通知明确，对企业开办、工程建设项目审批等高频事项，实行清单化管理，"
    "逐项明确责任单位和完成时限，并纳入年度绩效考核。</p>";

std::string Page(const std::string& head, const std::string& info) {
  return "<html><head><title>市政府推行涉企事项一网通办_要闻</title>" + head +
         "</head><body><div class=\"nav\"><a "
         "href=\"/\">首页</a></div><h1>市政府推行涉企事项一网通办</h1>"
         "<div class=\"info\">" +
         info + "</div><div class=\"article\">" + kBody + "</div></body></html>";
}

std::string Published(const std::string& page, const std::string& url = "") {
  ExtractOptions options;
  options.url = url;
  auto r = ExtractArticle(page, options);
  if (!r.ok() || !r->published) return "none";
  return r->published->ToRfc3339();
}

TEST(ArticleMetadataTest, TrsPubDateMetaIsThePublicationTime) {
  EXPECT_EQ(Published(Page(R"(<meta name="PubDate" content="2023-04-18 09:30">)", "")),
            "2023-04-18T09:30:00+08:00");
  EXPECT_EQ(Published(Page(R"(<meta name="publishdate" content="2023/4/18 9:30:05">)", "")),
            "2023-04-18T09:30:05+08:00");
}

// gov.cn-style "firstpublishedtime" joins date and time with a hyphen.
TEST(ArticleMetadataTest, FirstPublishedTimeWithHyphenatedTimeIsRead) {
  EXPECT_EQ(
      Published(Page(R"(<meta name="firstpublishedtime" content="2023-04-18-09:30:00">)", "")),
      "2023-04-18T09:30:00+08:00");
}

TEST(ArticleMetadataTest, LabelledDateLinesAreRead) {
  EXPECT_EQ(Published(Page("", "发布时间：2023年04月18日 09:30 来源：市政府办公厅")),
            "2023-04-18T09:30:00+08:00");
  EXPECT_EQ(Published(Page("", "来源：市政府办公厅 | 发布日期：2023-04-18")),
            "2023-04-18T00:00:00+08:00");
  EXPECT_EQ(Published(Page("", "信息来源：本站　更新时间：2023-4-18 9:30 浏览次数：1024")),
            "2023-04-18T09:30:00+08:00");
  EXPECT_EQ(Published(Page("", "作者：张三 发表于 2006-3-2 10:11")), "2006-03-02T10:11:00+08:00");
}

std::string Author(const std::string& page) {
  auto r = ExtractArticle(page, {});
  return r.ok() ? r->author : "error";
}

TEST(ArticleMetadataTest, AuthorFromReporterAndAuthorLines) {
  EXPECT_EQ(Author(Page("", "2023-04-18 来源：某某日报 记者 王小明")), "王小明");
  EXPECT_EQ(Author(Page("", "2023-04-18 作者：李华 来源：某某网")), "李华");
  EXPECT_EQ(Author(Page("", "2023-04-18 文/赵六")), "赵六");
  EXPECT_EQ(Author(Page("", "2023-04-18 文｜赵六")), "赵六");
}

// With no author line at all, the editor the page names is the person to credit.
TEST(ArticleMetadataTest, EditorIsTheAuthorWhenNoAuthorIsNamed) {
  EXPECT_EQ(Author(Page("", "2023-04-18 来源：某某网 责任编辑：孙七")), "孙七");
  EXPECT_EQ(Author(Page("", "2023-04-18 记者 王小明 编辑：孙七")), "王小明");
}

TEST(ArticleMetadataTest, ContentSourceAndArticleTitleMetaAreRead) {
  const std::string page = Page(
      R"(<meta name="ArticleTitle" content="市政府推行涉企事项一网通办"><meta name="ContentSource" content="市政务服务管理局">)",
      "2023-04-18");
  auto r = ExtractArticle(page, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->title, "市政府推行涉企事项一网通办");
  EXPECT_EQ(r->source, "市政务服务管理局");
}

}  // namespace
}  // namespace newswatch

namespace newswatch {
namespace {

// <meta name="author"> holding the outlet is not an author; the editor line after the article
// block is, when nothing else names one.
TEST(ArticleMetadataTest, OutletInMetaAuthorGivesWayToTheEditorAfterTheArticle) {
  const std::string page =
      "<html><head><title>市政府推行涉企事项一网通办_要闻</title>"
      "<meta name=\"author\" content=\"某某日报\"></head><body><h1>市政府推行涉企事项一网通办</h1>"
      "<div class=\"info\">2023-04-18 来源：某某日报</div><div class=\"article\">" +
      std::string(kBody) +
      "</div><div class=\"foot\"><p class=\"editor\">[责任编辑：杜硕_NB12556 PK155]</p></div>"
      "</body></html>";
  auto r = ExtractArticle(page, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->author, "杜硕");
}

}  // namespace
}  // namespace newswatch
