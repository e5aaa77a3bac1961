// SanitizeHtml on hostile markup: what must never reach a page that shows feed content, and
// what a reader must still see.
#include "daemon/feed/html_sanitizer.h"

#include <gtest/gtest.h>

#include <string>

namespace newswatch {
namespace {

std::string Safe(std::string_view html, std::string base = "") {
  return SanitizeHtml(html, {.base_url = std::move(base)});
}

TEST(HtmlSanitizerTest, ScriptsAndStylesGoWithTheirContent) {
  EXPECT_EQ(Safe("前<script>alert('x')</script>后"), "前后");
  EXPECT_EQ(Safe("前<SCRIPT type=text/javascript>if (a</b) x()</SCRIPT >后"), "前后");
  EXPECT_EQ(Safe("前<style>body{display:none}</style>后"), "前后");
  EXPECT_EQ(Safe("前<script>never closed <b>x</b>"), "前");
  EXPECT_EQ(Safe("a<applet code=x.class><b>fallback</b></applet>b"), "ab");
}

TEST(HtmlSanitizerTest, EventHandlersAndUnknownAttributesGo) {
  EXPECT_EQ(Safe(R"h(<img src="http://a.example/x.png" onerror="alert(1)" alt="图">)h"),
            R"(<img alt="图" src="http://a.example/x.png" />)");
  EXPECT_EQ(Safe(R"h(<b onmouseover='steal()' id=login class=hidden>粗</b>)h"), "<b>粗</b>");
  EXPECT_EQ(Safe(R"(<a href="http://a.example/" target="_blank">链接</a>)"),
            R"(<a href="http://a.example/">链接</a>)");
}

TEST(HtmlSanitizerTest, ScriptUrlsInAnyDisguiseAreRemoved) {
  for (const char* href :
       {"javascript:alert(1)", "JavaScript:alert(1)", " java\tscript:alert(1)",
        "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>", "jav&#x09;ascript:alert(1)"}) {
    const std::string html = std::string("<a href=\"") + href + "\">x</a>";
    EXPECT_EQ(Safe(html), "<a href=\"\">x</a>") << href;
  }
  EXPECT_EQ(Safe(R"h(<img src="javascript:alert(1)">)h"), "<img />");
  EXPECT_EQ(Safe(R"(<a href="mailto:a@example.org">m</a>)"),
            R"(<a href="mailto:a@example.org">m</a>)");
}

TEST(HtmlSanitizerTest, RelativeUrlsResolveAgainstTheBase) {
  EXPECT_EQ(
      Safe(R"(<a href="/a/1.html">x</a><img src="p.png">)", "http://news.example/list/"),
      R"(<a href="http://news.example/a/1.html">x</a><img src="http://news.example/list/p.png" />)");
}

TEST(HtmlSanitizerTest, StylesThatHideMoveOrOverlayAreRemoved) {
  EXPECT_EQ(Safe(R"(<span style="color: red; display: none">x</span>)"),
            R"(<span style="color: red;">x</span>)");
  EXPECT_EQ(
      Safe(
          R"(<div style="position:fixed;top:0;left:0;width:100%;height:100%;z-index:9999">x</div>)"),
      "<div>x</div>");
  EXPECT_EQ(Safe(R"(<p style="visibility:hidden;opacity:0">x</p>)"), "<p>x</p>");
  EXPECT_EQ(Safe(R"(<p style="margin-top:-500px; margin-left: 99999em">x</p>)"), "<p>x</p>");
  EXPECT_EQ(Safe(R"h(<p style="background: url(http://evil.example/x.png) #000">x</p>)h"),
            R"(<p style="background: #000;">x</p>)");
  EXPECT_EQ(Safe(R"h(<p style="width: expression(alert(1))">x</p>)h"), "<p>x</p>");
  EXPECT_EQ(Safe(R"(<p style="color: re\64">x</p>)"), "<p>x</p>");
}

TEST(HtmlSanitizerTest, UnknownElementsLoseTheirTagsButKeepTheirText) {
  EXPECT_EQ(
      Safe(R"(<form action="http://evil.example/"><input name=p>密码<button>提交</button></form>)"),
      "密码提交");
  EXPECT_EQ(Safe("<iframe src=\"http://evil.example/\">备用文字</iframe>"), "备用文字");
  EXPECT_EQ(Safe("<blink>闪</blink><marquee>动</marquee>"), "闪动");
}

TEST(HtmlSanitizerTest, OutputIsBalanced) {
  EXPECT_EQ(Safe("<b>未闭合 <i>斜体"), "<b>未闭合 <i>斜体</i></b>");
  EXPECT_EQ(Safe("</div></b>文字</p>"), "文字");
  EXPECT_EQ(Safe("<b><i>交错</b></i>"), "<b><i>交错</i></b>");
  EXPECT_EQ(Safe("<br><hr/><p/>"), "<br /><hr /><p></p>");
}

TEST(HtmlSanitizerTest, CommentsDeclarationsAndCdataAreNotMarkup) {
  EXPECT_EQ(Safe("a<!-- <script>alert(1)</script> -->b"), "ab");
  EXPECT_EQ(Safe("a<!-- never closed <b>x</b>"), "a");
  EXPECT_EQ(Safe("<!DOCTYPE html><?php echo 1 ?>正文"), "正文");
  EXPECT_EQ(Safe("<![CDATA[<b>x</b>]]>"), "&lt;![CDATA[<b>x</b>]]>");
  EXPECT_EQ(Safe("&lt;!' <a href=\"foo\">x</a>"), "&lt;!' <a href=\"foo\">x</a>");
}

TEST(HtmlSanitizerTest, TextAndReferencesStaySafe) {
  EXPECT_EQ(Safe("1 < 2 & 3 > 2"), "1 &lt; 2 &amp; 3 > 2");
  EXPECT_EQ(Safe("&copy; &#X4E2D; &#20013; &bogus;"), "&copy; &#x4e2d; &#20013; &amp;bogus;");
  EXPECT_EQ(Safe(R"(<img alt="&quot;><script>x</script>">)"),
            R"(<img alt="&quot;&gt;&lt;script&gt;x&lt;/script&gt;" />)");
  EXPECT_EQ(Safe("<a href=\"http://a.example/?x=1&amp;y=2\">q</a>"),
            "<a href=\"http://a.example/?x=1&amp;y=2\">q</a>");
  EXPECT_EQ(Safe("<b title='a \"b\"'>t</b>"), "<b title=\"a &quot;b&quot;\">t</b>");
}

TEST(HtmlSanitizerTest, TruncatedTagIsDropped) {
  EXPECT_EQ(Safe("正文<img src=\"http://a.example/x.png\" onerror=\"alert(1)"), "正文");
  EXPECT_EQ(Safe("正文<a href=x"), "正文");
}

}  // namespace
}  // namespace newswatch
