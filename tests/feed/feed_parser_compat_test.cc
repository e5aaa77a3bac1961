// The classes of feed where newswatch must read what Python feedparser reads: Atom 0.3 content
// modes, RSS versions, feedparser's element aliases, CDF, iTunes and Media RSS categories,
// extension elements whose local names clash with RSS's, legacy charsets, SGML character
// references. Documents written for these tests.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "daemon/feed/feed_parser.h"

namespace newswatch {
namespace {

ParsedFeed MustParse(std::string_view bytes, FeedParseOptions options = {}) {
  Result<ParsedFeed> r = ParseFeed(bytes, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : ParsedFeed{};
}

std::string Atom03Entry(const std::string& inner) {
  return R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>t</title><entry>)" + inner +
         "</entry></feed>";
}

TEST(FeedParserCompatTest, Atom03Base64ModeIsDecoded) {
  // "通知 <b>全文</b>" in base64.
  const ParsedFeed f = MustParse(Atom03Entry(
      R"(<title mode="base64">6YCa55+l</title><content type="text/html" mode="base64">
      6YCa55+lIDxiPuWFqOaWhzwvYj4=
      </content>)"));
  ASSERT_EQ(f.format, FeedFormat::kAtom03);
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].title, "通知");
  EXPECT_EQ(f.entries[0].content, "通知 <b>全文</b>");
}

TEST(FeedParserCompatTest, Atom03EscapedModeIsMarkupText) {
  const ParsedFeed f = MustParse(Atom03Entry(
      R"(<summary type="text/html" mode="escaped">一段 &lt;i&gt;摘要&lt;/i&gt;</summary>)"));
  EXPECT_EQ(f.entries[0].summary, "一段 <i>摘要</i>");
}

// Atom 0.3's inline XML keeps its wrapping div (feedparser does); Atom 1.0's xhtml drops it.
TEST(FeedParserCompatTest, Atom03XmlModeKeepsTheDivAtom10XhtmlDropsIt) {
  const ParsedFeed old = MustParse(Atom03Entry(
      R"(<content type="application/xhtml+xml" mode="xml"><div>正文 <b>加粗</b></div></content>)"));
  EXPECT_EQ(old.entries[0].content, "<div>正文 <b>加粗</b></div>");
  const ParsedFeed atom10 = MustParse(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">正文 <b>加粗</b></div></content>
</entry></feed>)");
  EXPECT_EQ(atom10.entries[0].content, "正文 <b>加粗</b>");
}

// Decoded bytes that are not UTF-8 (a PNG here) are not text: the base64 stays as written.
TEST(FeedParserCompatTest, Base64OfBinaryBytesStaysAsWritten) {
  const ParsedFeed f = MustParse(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry>
<content type="image/png">iVBORw0KGgo=</content></entry></feed>)");
  EXPECT_EQ(f.entries[0].content, "iVBORw0KGgo=");
}

TEST(FeedParserCompatTest, Atom10BinaryMimeTypeIsBase64) {
  const ParsedFeed f = MustParse(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry>
<content type="application/octet-stream">PGI+eDwvYj4=</content></entry></feed>)");
  EXPECT_EQ(f.entries[0].content, "<b>x</b>");
}

// type="html" whose escaped markup sits inside an XHTML div by mistake: the div's text.
TEST(FeedParserCompatTest, EscapedMarkupInsideADivIsTheDivsText) {
  const ParsedFeed f = MustParse(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry>
<content type="html"><div xmlns="http://www.w3.org/1999/xhtml">一 &lt;b&gt;二&lt;/b&gt;</div></content>
</entry></feed>)");
  EXPECT_EQ(f.entries[0].content, "一 <b>二</b>");
}

TEST(FeedParserCompatTest, EveryRssVersionIsReportedAsSuch) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"0.90", "rss0.90"}, {"0.91", "rss0.91"}, {"0.92", "rss0.92"}, {"0.93", "rss0.93"},
      {"0.94", "rss0.94"}, {"2.0", "rss2.0"},   {"2.01", "rss2.0"},  {"", "rss"}};
  for (const auto& [version, name] : cases) {
    const std::string attr = version.empty() ? "" : " version=\"" + version + "\"";
    const ParsedFeed f =
        MustParse("<rss" + attr + "><channel><title>x</title><item><title>a</title></item>" +
                  "</channel></rss>");
    EXPECT_EQ(FeedFormatName(f.format), name) << version;
    EXPECT_EQ(f.entries.size(), 1u) << version;
  }
}

TEST(FeedParserCompatTest, ContentAliasesFillContent) {
  const ParsedFeed f = MustParse(R"(<rss version="2.0"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:xhtml="http://www.w3.org/1999/xhtml"><channel>
<item><title>a</title><fullitem>&lt;p&gt;全文一&lt;/p&gt;</fullitem></item>
<item><title>b</title><xhtml:body><p>全文二</p></xhtml:body></item>
<item><title>c</title><content:encoded><![CDATA[<p>全文三</p>]]></content:encoded></item>
<item><title>d</title><description>摘要四</description><summary>全文四</summary></item>
<item><title>e</title><summary>摘要五</summary><description>全文五</description></item>
</channel></rss>)");
  ASSERT_EQ(f.entries.size(), 5u);
  EXPECT_EQ(f.entries[0].content, "<p>全文一</p>");
  EXPECT_EQ(f.entries[1].content, "<p>全文二</p>");
  EXPECT_EQ(f.entries[2].content, "<p>全文三</p>");
  EXPECT_EQ(f.entries[3].summary, "摘要四");
  EXPECT_EQ(f.entries[3].content, "全文四");
  EXPECT_EQ(f.entries[4].summary, "摘要五");
  EXPECT_EQ(f.entries[4].content, "全文五");
}

TEST(FeedParserCompatTest, DublinCoreElementsMap) {
  const ParsedFeed f = MustParse(R"(<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:dcterms="http://purl.org/dc/terms/"><channel><dc:title>频道</dc:title>
<dcterms:modified>2023-03-01T08:00:00Z</dcterms:modified>
<item><dc:title>条目</dc:title><dc:creator>李四</dc:creator><dc:subject>政策</dc:subject>
<dc:date>2023-03-01T09:00:00+08:00</dc:date><dc:identifier>urn:x:1</dc:identifier></item>
</channel></rss>)");
  EXPECT_EQ(f.title, "频道");
  ASSERT_TRUE(f.updated.has_value());
  EXPECT_EQ(f.updated->ToRfc3339Utc(), "2023-03-01T08:00:00Z");
  ASSERT_EQ(f.entries.size(), 1u);
  const FeedEntry& e = f.entries[0];
  EXPECT_EQ(e.title, "条目");
  EXPECT_EQ(e.author, "李四");
  EXPECT_EQ(e.categories, std::vector<std::string>{"政策"});
  EXPECT_EQ(e.id, "urn:x:1");
  ASSERT_TRUE(e.updated.has_value());
  EXPECT_EQ(e.updated->ToRfc3339Utc(), "2023-03-01T01:00:00Z");
}

TEST(FeedParserCompatTest, CdfChannelIsAFeed) {
  const ParsedFeed f = MustParse(R"(<?xml version="1.0"?>
<CHANNEL HREF="http://cdf.example.org/" LASTMOD="2004-04-06T23:05:43-05:00">
  <TITLE>CDF 频道</TITLE><ABSTRACT>频道简介</ABSTRACT>
  <ITEM HREF="/item/1" LASTMOD="2004-04-07T10:00:00+08:00"><TITLE>第一条</TITLE>
    <ABSTRACT>第一条摘要</ABSTRACT></ITEM>
  <ITEM HREF="http://cdf.example.org/item/2"><TITLE>第二条</TITLE></ITEM>
</CHANNEL>)",
                                 {.base_url = "http://cdf.example.org/feed.cdf"});
  EXPECT_EQ(FeedFormatName(f.format), "cdf");
  EXPECT_EQ(f.title, "CDF 频道");
  EXPECT_EQ(f.subtitle, "频道简介");
  EXPECT_EQ(f.link, "http://cdf.example.org/");
  ASSERT_TRUE(f.updated.has_value());
  EXPECT_EQ(f.updated->ToRfc3339Utc(), "2004-04-07T04:05:43Z");
  ASSERT_EQ(f.entries.size(), 2u);
  EXPECT_EQ(f.entries[0].title, "第一条");
  EXPECT_EQ(f.entries[0].link, "http://cdf.example.org/item/1");
  EXPECT_EQ(f.entries[0].summary, "第一条摘要");
  ASSERT_TRUE(f.entries[0].updated.has_value());
  EXPECT_EQ(f.entries[0].updated->ToRfc3339Utc(), "2004-04-07T02:00:00Z");
  EXPECT_EQ(f.entries[1].link, "http://cdf.example.org/item/2");
}

TEST(FeedParserCompatTest, ItunesAndMediaCategoriesAndTitles) {
  const ParsedFeed f = MustParse(R"(<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"
  xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
<item><itunes:category text="新闻"><itunes:category text="政治"/></itunes:category>
  <itunes:keywords>政策, 解读 ,访谈</itunes:keywords></item>
<item><media:title>媒体标题</media:title><media:category scheme="urn:x">科技</media:category>
  <media:category>数码</media:category></item>
<item><tags>一, 二</tags><category>三</category></item>
</channel></rss>)");
  ASSERT_EQ(f.entries.size(), 3u);
  EXPECT_EQ(f.entries[0].categories,
            (std::vector<std::string>{"新闻", "政治", "政策", "解读", "访谈"}));
  EXPECT_EQ(f.entries[1].title, "媒体标题");
  EXPECT_EQ(f.entries[1].categories, (std::vector<std::string>{"科技", "数码"}));
  EXPECT_EQ(f.entries[2].categories, (std::vector<std::string>{"一", "二", "三"}));
}

// An extension namespace with "rss" in its URI is still an extension: its <description> is not
// the item's.
TEST(FeedParserCompatTest, ExtensionElementWithAnRssLocalNameDoesNotClash) {
  const ParsedFeed f = MustParse(R"(<rss version="2.0"
  xmlns:ext="http://schemas.example.com/rss/myDescModule/"><channel><item>
<ext:description>扩展模块的描述，不该出现</ext:description>
<description>正确的描述</description>
<ext:title>扩展标题</ext:title><title>正确的标题</title>
</item></channel></rss>)");
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].summary, "正确的描述");
  EXPECT_EQ(f.entries[0].title, "正确的标题");
}

TEST(FeedParserCompatTest, ElementNamesMatchWhateverTheirCase) {
  const ParsedFeed f = MustParse(
      "<rss version=\"2.0\"><channel><TiTlE>频道</TiTlE><ITEM><Title>条目</Title>"
      "<LINK>http://a.example/1</LINK><PUBDATE>Wed, 01 Mar 2023 08:00:00 GMT</PUBDATE></ITEM>"
      "</channel></rss>");
  EXPECT_EQ(f.title, "频道");
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].title, "条目");
  EXPECT_EQ(f.entries[0].link, "http://a.example/1");
  EXPECT_TRUE(f.entries[0].published.has_value());
}

// Feeds that declare ISO-8859-1 and write Windows-1252's smart quotes (0x93/0x94), ellipsis and
// euro sign: read as Windows-1252, as browsers and feedparser do.
TEST(FeedParserCompatTest, Cp1252BytesInAnIso88591FeedAreSmartQuotes) {
  const std::string bytes =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel>"
      "<title>caf\xe9 \x93quoted\x94 \x85 \x80</title></channel></rss>";
  const ParsedFeed f = MustParse(bytes);
  EXPECT_EQ(f.title, "café “quoted” … €");
}

TEST(FeedParserCompatTest, UpperCaseHexCharacterReferencesAreRead) {
  const ParsedFeed f = MustParse(
      "<rss version=\"2.0\"><channel><item><title>&#X41;&#x42;&#XE9;&#X4E2D;</title>"
      "<description>&amp;lt;b&amp;gt;x&amp;lt;/b&amp;gt;</description></item></channel></rss>");
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].title, "ABé中");
  // Double-escaped HTML stays escaped once: it is text about markup, not markup.
  EXPECT_EQ(f.entries[0].summary, "&lt;b&gt;x&lt;/b&gt;");
}

TEST(FeedParserCompatTest, TheLastOfRepeatedDatesWins) {
  const ParsedFeed f = MustParse(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry>
<updated>2010-12-01T10:14:55Z</updated><updated>2003-12-31T10:14:55Z</updated>
<published>2004-01-01T00:00:00Z</published><published>2005-01-01T00:00:00Z</published>
</entry></feed>)");
  ASSERT_TRUE(f.entries[0].updated.has_value());
  EXPECT_EQ(f.entries[0].updated->ToRfc3339Utc(), "2003-12-31T10:14:55Z");
  EXPECT_EQ(f.entries[0].published->ToRfc3339Utc(), "2005-01-01T00:00:00Z");
}

}  // namespace
}  // namespace newswatch

namespace newswatch {
namespace {

// The raw markup stays as the feed wrote it; the safe copy beside it has no script and its
// relative links resolved against the content's own xml:base.
TEST(FeedParserCompatTest, SafeCopiesOfSummaryAndContentSitNextToTheRawMarkup) {
  const ParsedFeed f = MustParse(R"x(<feed xmlns="http://www.w3.org/2005/Atom"
  xml:base="http://news.example/feed/"><entry>
<summary type="html">摘要&lt;script&gt;alert(1)&lt;/script&gt;</summary>
<content type="html" xml:base="http://news.example/2023/">&lt;p onclick="x()"&gt;正文 &lt;a href="a.html"&gt;链接&lt;/a&gt;&lt;/p&gt;</content>
</entry></feed>)x",
                                 {.sanitize_html = true});
  ASSERT_EQ(f.entries.size(), 1u);
  const FeedEntry& e = f.entries[0];
  EXPECT_EQ(e.summary, "摘要<script>alert(1)</script>");
  EXPECT_EQ(e.safe_summary, "摘要");
  EXPECT_EQ(e.content, R"x(<p onclick="x()">正文 <a href="a.html">链接</a></p>)x");
  EXPECT_EQ(e.safe_content, R"(<p>正文 <a href="http://news.example/2023/a.html">链接</a></p>)");
  // Off by default: the daemon pays for the safe copies only when something shows them.
  EXPECT_EQ(MustParse("<rss><channel><item><description>&lt;b&gt;x</description></item>"
                      "</channel></rss>")
                .entries[0]
                .safe_summary,
            "");
}

}  // namespace
}  // namespace newswatch
