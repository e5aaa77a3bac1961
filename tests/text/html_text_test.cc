#include "daemon/text/html_text.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/text/charset.h"
#include "tests/support/read_file.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
const fs::path kPages = fs::path(NW_SHARED_DIR) / "corpus/pages";

using ::newswatch::testing::ReadFile;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

TEST(HtmlTextTest, BlocksBecomeParagraphsAndInlineStaysJoined) {
  EXPECT_EQ(HtmlToText("<div><h1>标题</h1><p>第一<b>段</b>文字</p><p>second <i>para</i></p>"
                       "<ul><li>one</li><li>two</li></ul>line<br>break</div>"),
            "标题\n第一段文字\nsecond para\none\ntwo\nline\nbreak");
}

TEST(HtmlTextTest, ScriptsStylesCommentsAndTemplatesAreRemoved) {
  const std::string html =
      "<html><head><title>T</title><style>p{color:red}</style>"
      "<script>var s = '<p>not text</p>';</script></head><body>"
      "<!-- <p>commented out</p> --><noscript>enable js</noscript>"
      "<template><p>template body</p></template><p>real text</p>"
      "<script type=\"text/javascript\">document.write(\"</div>x\");</script></body></html>";
  EXPECT_EQ(HtmlToText(html), "real text");
}

TEST(HtmlTextTest, EntitiesAreDecodedAndSpacesFolded) {
  EXPECT_EQ(
      HtmlToText("<p>A&amp;B&nbsp;&nbsp; &lt;x&gt; &#20803;&#x5B87;&#23449; &ldquo;q&rdquo;</p>"),
      "A&B <x> 元宇宙 \u201cq\u201d");
  EXPECT_EQ(HtmlToText("<p>\u3000\u3000近日，\u3000市政府\t\t印发  通知\u00a0。 </p>"),
            "近日， 市政府 印发 通知 。");
}

TEST(HtmlTextTest, LineBreakBetweenCjkCharactersFoldsToNothing) {
  EXPECT_EQ(HtmlToText("<p>元宇宙\n    产业发展</p>"), "元宇宙产业发展");
  EXPECT_EQ(HtmlToText("<p>元宇宙 产业</p>"), "元宇宙 产业");  // a real space stays
  EXPECT_EQ(HtmlToText("<p>metaverse\nindustry</p>"), "metaverse industry");
}

TEST(HtmlTextTest, EmptyParagraphsAreDropped) {
  EXPECT_EQ(HtmlToText("<p> </p><p>&nbsp;</p><div><br><br></div><p>x</p><p>\u3000</p>"), "x");
}

TEST(HtmlTextTest, TableCellsAreSeparatedAndRowsAreParagraphs) {
  EXPECT_EQ(HtmlToText("<table><tr><td>索引号</td><td>000014349/2019-00001</td></tr>"
                       "<tr><th>发文机关</th><th>国务院</th></tr></table>"),
            "索引号 000014349/2019-00001\n发文机关 国务院");
}

TEST(HtmlTextTest, PreformattedLinesStaySeparate) {
  EXPECT_EQ(HtmlToText("<pre>line one\nline   two\n\nthree</pre>"), "line one\nline two\nthree");
}

TEST(HtmlTextTest, UnclosedAndMisnestedTagsKeepAllText) {
  EXPECT_EQ(HtmlToText("<p>one<p>two<div><b>three</div>four"), "one\ntwo\nthree\nfour");
  EXPECT_EQ(HtmlToText("<li>a<li>b<table><td>c<td>d</table>e"), "a\nb\nc d\ne");
  EXPECT_EQ(HtmlToText("<b>x<p>y</b>z</p>"), "x\nyz");
  EXPECT_EQ(HtmlToText("<p>a<!-- unterminated comment <p>b"), "a");
  EXPECT_EQ(HtmlToText("<p>dangling <a href=\"x"), "dangling");
  EXPECT_EQ(HtmlToText("</p></div>text<br/>"), "text");
}

TEST(HtmlTextTest, DeeplyNestedDocumentDoesNotOverflow) {
  // libxml2 stops at depth 256 unless told otherwise, which would drop everything after.
  std::string html = "<p>before</p>";
  for (int i = 0; i < 20000; ++i) html += "<div><span>";
  html += "deep";
  for (int i = 0; i < 20000; ++i) html += "</span></div>";
  html += "<p>after</p>";
  EXPECT_EQ(HtmlToText(html), "before\ndeep\nafter");
}

TEST(HtmlTextTest, MetaCharsetDoesNotOverrideUtf8Input) {
  EXPECT_EQ(HtmlToText("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                       "charset=gb2312\"></head><body><p>国务院印发通知</p></body></html>"),
            "国务院印发通知");
}

TEST(HtmlTextTest, InvalidUtf8AndNulBytesDoNotDerailParsing) {
  const std::string html = std::string("<p>前\xff\xfe后</p><p>a") + '\0' + "b</p><p>元宇宙</p>";
  const std::string text = HtmlToText(html);
  EXPECT_TRUE(IsValidUtf8(text));
  EXPECT_NE(text.find("元宇宙"), std::string::npos) << text;
  EXPECT_NE(text.find("前"), std::string::npos) << text;
  EXPECT_NE(text.find("ab"), std::string::npos) << text;
}

TEST(HtmlTextTest, PlainTextIsFoldedPerLine) {
  EXPECT_EQ(HtmlToText("  第一行   文字 \n\n\t第二行&nbsp;内容&amp;更多\r\n a < b and AT&T "),
            "第一行 文字\n第二行 内容&更多\na < b and AT&T");
  EXPECT_EQ(HtmlToText(""), "");
  EXPECT_EQ(HtmlToText(" \n \u3000 \n"), "");
}

TEST(HtmlTextTest, LooksLikeHtmlRecognisesTagsOnly) {
  EXPECT_TRUE(LooksLikeHtml("<p>text</p>"));
  EXPECT_TRUE(LooksLikeHtml("before<br/>after"));
  EXPECT_TRUE(LooksLikeHtml("x <DIV class=\"a\">y"));
  EXPECT_TRUE(LooksLikeHtml("<!DOCTYPE html><html>"));
  EXPECT_TRUE(LooksLikeHtml("text</span>"));
  EXPECT_FALSE(LooksLikeHtml("a < b and c > d"));
  EXPECT_FALSE(LooksLikeHtml("I <3 news"));
  EXPECT_FALSE(LooksLikeHtml("《关于加快元宇宙产业发展的意见》"));
  EXPECT_FALSE(LooksLikeHtml("<unknown>thing"));
  EXPECT_FALSE(LooksLikeHtml(""));
}

// newspaper's Chinese fixture: every paragraph of its expected body text is one line of ours.
TEST(HtmlTextTest, RealPageKeepsEveryArticleParagraphWhole) {
  const std::string html = ReadFile(kPages / "newspaper-zh/chinese_article.html");
  const DecodedText decoded = DecodeToUtf8(html, "", MarkupKind::kHtml);
  const std::vector<std::string> lines = Lines(HtmlToText(decoded.utf8));
  size_t checked = 0;
  for (const std::string& para : Lines(ReadFile(kPages / "newspaper-zh/chinese.txt"))) {
    const std::string want = HtmlToText(para);  // the same folding rules
    if (want.empty()) continue;
    EXPECT_NE(std::find(lines.begin(), lines.end(), want), lines.end()) << want;
    ++checked;
  }
  EXPECT_GT(checked, 5u);
}

// readability's Chinese fixtures: the text a human kept is all present in the whole page's text,
// and no script or style source leaks in.
TEST(HtmlTextTest, RealPagesContainTheKeptArticleTextAndNoScript) {
  size_t pages = 0;
  for (const auto& entry : fs::directory_iterator(kPages / "readability-zh")) {
    if (!entry.is_directory()) continue;
    const std::string source = ReadFile(entry.path() / "source.html");
    const std::string text = HtmlToText(DecodeToUtf8(source, "", MarkupKind::kHtml).utf8);
    const std::string kept = HtmlToText(ReadFile(entry.path() / "expected.html"));
    SCOPED_TRACE(entry.path().string());
    EXPECT_TRUE(IsValidUtf8(text));
    EXPECT_EQ(text.find("function("), std::string::npos);
    EXPECT_EQ(text.find("{display:"), std::string::npos);
    size_t lines = 0;
    for (const std::string& line : Lines(kept)) {
      if (line.size() < 30) continue;
      EXPECT_NE(text.find(line), std::string::npos) << line;
      ++lines;
    }
    EXPECT_GT(lines, 0u);
    ++pages;
  }
  EXPECT_EQ(pages, 4u);
}

}  // namespace
}  // namespace newswatch
