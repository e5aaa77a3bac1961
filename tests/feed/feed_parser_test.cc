#include "daemon/feed/feed_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace newswatch {
namespace {

ParsedFeed MustParse(std::string_view bytes, FeedParseOptions options = {}) {
  Result<ParsedFeed> r = ParseFeed(bytes, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : ParsedFeed{};
}

TEST(FeedParserTest, Rss20ChannelAndItems) {
  const ParsedFeed f = MustParse(R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title> 工信部 </title><link>https://www.miit.gov.cn/</link>
  <description>政策发布</description><ttl>30</ttl>
  <lastBuildDate>Fri, 08 Jul 2022 02:40:24 GMT</lastBuildDate>
  <item>
    <title>关于元宇宙产业的通知</title>
    <link>https://www.miit.gov.cn/a/1.html</link>
    <guid isPermaLink="false">id-1</guid>
    <description><![CDATA[<p>摘要 &amp; more</p>]]></description>
    <content:encoded><![CDATA[<div>全文</div>]]></content:encoded>
    <dc:creator>办公厅</dc:creator>
    <pubDate>Thu, 07 Jul 2022 10:00:00 +0800</pubDate>
    <category>政策</category><category>元宇宙</category>
    <enclosure url="https://x.cn/a.mp3" type="audio/mpeg" length="1234"/>
  </item>
</channel></rss>)");
  EXPECT_EQ(f.format, FeedFormat::kRss20);
  EXPECT_EQ(FeedFormatName(f.format), "rss2.0");
  EXPECT_EQ(f.title, "工信部");
  EXPECT_EQ(f.link, "https://www.miit.gov.cn/");
  EXPECT_EQ(f.subtitle, "政策发布");
  ASSERT_TRUE(f.ttl_minutes.has_value());
  EXPECT_EQ(*f.ttl_minutes, 30);
  ASSERT_TRUE(f.updated.has_value());
  EXPECT_EQ(f.updated->ToRfc3339Utc(), "2022-07-08T02:40:24Z");
  EXPECT_TRUE(f.well_formed);
  ASSERT_EQ(f.entries.size(), 1u);
  const FeedEntry& e = f.entries[0];
  EXPECT_EQ(e.title, "关于元宇宙产业的通知");
  EXPECT_EQ(e.link, "https://www.miit.gov.cn/a/1.html");
  EXPECT_EQ(e.id, "id-1");
  EXPECT_EQ(e.summary, "<p>摘要 &amp; more</p>");
  EXPECT_EQ(e.content, "<div>全文</div>");
  EXPECT_EQ(e.author, "办公厅");
  ASSERT_TRUE(e.published.has_value());
  EXPECT_EQ(e.published->ToRfc3339(), "2022-07-07T10:00:00+08:00");
  EXPECT_EQ(e.categories, (std::vector<std::string>{"政策", "元宇宙"}));
  ASSERT_EQ(e.enclosures.size(), 1u);
  EXPECT_EQ(e.enclosures[0].url, "https://x.cn/a.mp3");
  EXPECT_EQ(e.enclosures[0].type, "audio/mpeg");
  EXPECT_EQ(e.enclosures[0].length, 1234);
}

TEST(FeedParserTest, GuidPermalinkBecomesLinkOnlyWhenNoLink) {
  const ParsedFeed f = MustParse(R"(<rss version="2.0"><channel><title>t</title>
<item><guid>https://a.cn/1</guid></item>
<item><guid isPermaLink="false">https://a.cn/2</guid></item>
<item><guid>https://a.cn/3</guid><link>https://a.cn/three</link></item>
</channel></rss>)");
  ASSERT_EQ(f.entries.size(), 3u);
  EXPECT_EQ(f.entries[0].link, "https://a.cn/1");
  EXPECT_EQ(f.entries[1].link, "");
  EXPECT_EQ(f.entries[1].id, "https://a.cn/2");
  EXPECT_EQ(f.entries[2].link, "https://a.cn/three");
}

TEST(FeedParserTest, HtmlNamedEntitiesWithoutDtd) {
  const ParsedFeed f = MustParse(R"(<rss version="2.0"><channel><title>A&nbsp;B &mdash; C</title>
<item><title>&ldquo;元宇宙&rdquo; &amp; AI &unknownent; R&D</title></item></channel></rss>)");
  EXPECT_EQ(f.title, "A\u00a0B \u2014 C");
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].title, "\u201c元宇宙\u201d & AI &unknownent; R&D");
  EXPECT_FALSE(f.well_formed);
}

TEST(FeedParserTest, RelativeLinksResolveAgainstXmlBaseAndFeedUrl) {
  FeedParseOptions options;
  options.base_url = "https://news.example.cn/feeds/rss.xml";
  const ParsedFeed f = MustParse(R"(<rss version="2.0"><channel><link>/</link>
<item><link>a/1.html</link></item>
<item xml:base="https://other.example.cn/dir/"><link>2.html</link>
  <enclosure url="img/x.jpg" type="image/jpeg"/></item>
</channel></rss>)",
                                 options);
  EXPECT_EQ(f.link, "https://news.example.cn/");
  ASSERT_EQ(f.entries.size(), 2u);
  EXPECT_EQ(f.entries[0].link, "https://news.example.cn/feeds/a/1.html");
  EXPECT_EQ(f.entries[1].link, "https://other.example.cn/dir/2.html");
  ASSERT_EQ(f.entries[1].enclosures.size(), 1u);
  EXPECT_EQ(f.entries[1].enclosures[0].url, "https://other.example.cn/dir/img/x.jpg");
}

TEST(FeedParserTest, Atom10LinksTextConstructsAndDates) {
  FeedParseOptions options;
  options.base_url = "https://blog.example.org/atom.xml";
  const ParsedFeed f = MustParse(R"(<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">A &lt;b&gt;bold&lt;/b&gt; feed</title>
  <subtitle>sub</subtitle>
  <link rel="self" href="/atom.xml"/><link href="/"/>
  <updated>2003-12-13T18:30:02Z</updated>
  <entry>
    <id>urn:uuid:1</id>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">An <em>xhtml</em> title</div></title>
    <link rel="related" href="/related"/>
    <link rel="enclosure" href="/a.mp3" type="audio/mpeg" length="99"/>
    <link rel="alternate" type="text/html" href="/2003/12/13/atom03"/>
    <author><name>张三</name><email>z@example.org</email></author>
    <published>2003-12-13T08:29:29-04:00</published>
    <updated>2003-12-13T18:30:02Z</updated>
    <category term="政策"/>
    <summary>Some text.</summary>
    <content type="html">&lt;p&gt;Full&lt;/p&gt;</content>
  </entry>
  <entry><title>no link, no id</title></entry>
</feed>)",
                                 options);
  EXPECT_EQ(f.format, FeedFormat::kAtom10);
  EXPECT_EQ(f.title, "A <b>bold</b> feed");
  EXPECT_EQ(f.subtitle, "sub");
  EXPECT_EQ(f.link, "https://blog.example.org/");
  ASSERT_EQ(f.entries.size(), 2u);
  const FeedEntry& e = f.entries[0];
  EXPECT_EQ(e.id, "urn:uuid:1");
  EXPECT_EQ(e.title, "An <em>xhtml</em> title");
  EXPECT_EQ(e.link, "https://blog.example.org/2003/12/13/atom03");
  ASSERT_EQ(e.enclosures.size(), 1u);
  EXPECT_EQ(e.enclosures[0].url, "https://blog.example.org/a.mp3");
  EXPECT_EQ(e.enclosures[0].length, 99);
  EXPECT_EQ(e.author, "张三");
  ASSERT_TRUE(e.published.has_value());
  EXPECT_EQ(e.published->ToRfc3339Utc(), "2003-12-13T12:29:29Z");
  EXPECT_EQ(e.categories, std::vector<std::string>{"政策"});
  EXPECT_EQ(e.summary, "Some text.");
  EXPECT_EQ(e.content, "<p>Full</p>");
  EXPECT_EQ(f.entries[1].title, "no link, no id");
  EXPECT_EQ(f.entries[1].link, "");
}

TEST(FeedParserTest, Atom03IssuedModifiedAndContentCopiedToSummary) {
  const ParsedFeed f = MustParse(R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#">
<title>old</title><tagline>tag</tagline><modified>2004-01-01T00:00:00Z</modified>
<entry><title>e</title><link rel="alternate" type="text/html" href="http://a.org/e"/>
<issued>2004-01-01T10:00:00+08:00</issued><modified>2004-01-02T00:00:00Z</modified>
<content type="text/html" mode="escaped">&lt;p&gt;hi&lt;/p&gt;</content></entry></feed>)");
  EXPECT_EQ(f.format, FeedFormat::kAtom03);
  EXPECT_EQ(f.subtitle, "tag");
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].link, "http://a.org/e");
  ASSERT_TRUE(f.entries[0].published && f.entries[0].updated);
  EXPECT_EQ(f.entries[0].published->ToRfc3339Utc(), "2004-01-01T02:00:00Z");
  EXPECT_EQ(f.entries[0].updated->ToRfc3339Utc(), "2004-01-02T00:00:00Z");
  EXPECT_EQ(f.entries[0].content, "<p>hi</p>");
  EXPECT_EQ(f.entries[0].summary, "<p>hi</p>");
}

TEST(FeedParserTest, Rdf10ItemsAreSiblingsOfChannel) {
  const ParsedFeed f = MustParse(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://a.org/"><title>RDF feed</title><link>http://a.org/</link></channel>
<item rdf:about="http://a.org/1"><title>One</title><link>http://a.org/1</link>
  <dc:date>2004-01-01T00:00:00+08:00</dc:date><dc:subject>tag</dc:subject></item>
<item rdf:about="http://a.org/2"><title>Two</title><link>http://a.org/2</link></item>
</rdf:RDF>)");
  EXPECT_EQ(f.format, FeedFormat::kRss10);
  EXPECT_EQ(f.title, "RDF feed");
  ASSERT_EQ(f.entries.size(), 2u);
  EXPECT_EQ(f.entries[0].id, "http://a.org/1");
  ASSERT_TRUE(f.entries[0].updated.has_value());
  EXPECT_EQ(f.entries[0].updated->utc_offset_minutes, 480);
  EXPECT_EQ(f.entries[0].categories, std::vector<std::string>{"tag"});
  EXPECT_EQ(f.entries[1].title, "Two");
}

TEST(FeedParserTest, Rss090And091Versions) {
  EXPECT_EQ(MustParse(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>x</title></channel>
    <item><title>a</title><link>http://a/</link></item></rdf:RDF>)")
                .format,
            FeedFormat::kRss090);
  const ParsedFeed f091 = MustParse(R"(<rss version="0.91"><channel><title>x</title>
    <item><title>a</title></item></channel></rss>)");
  EXPECT_EQ(f091.format, FeedFormat::kRss091);
  EXPECT_EQ(FeedFormatName(f091.format), "rss0.91");
  EXPECT_EQ(f091.entries.size(), 1u);
}

TEST(FeedParserTest, MediaAndItunesExtensions) {
  const ParsedFeed f = MustParse(R"(<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"
  xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
<item><title>v</title><itunes:author>主播</itunes:author><itunes:summary>节目简介</itunes:summary>
<media:group><media:content url="http://a/v.mp4" type="video/mp4" fileSize="10"/></media:group>
<media:thumbnail url="http://a/t.jpg"/></item>
<item><title>w</title><media:description>媒体描述</media:description></item>
</channel></rss>)");
  ASSERT_EQ(f.entries.size(), 2u);
  EXPECT_EQ(f.entries[0].author, "主播");
  EXPECT_EQ(f.entries[0].summary, "节目简介");
  ASSERT_EQ(f.entries[0].enclosures.size(), 2u);
  EXPECT_EQ(f.entries[0].enclosures[0].url, "http://a/v.mp4");
  EXPECT_EQ(f.entries[0].enclosures[0].length, 10);
  EXPECT_EQ(f.entries[0].enclosures[1].url, "http://a/t.jpg");
  EXPECT_EQ(f.entries[1].summary, "媒体描述");
}

TEST(FeedParserTest, UnescapedHtmlInDescriptionIsKeptAsMarkup) {
  const ParsedFeed f = MustParse(
      "<rss version=\"2.0\"><channel><item><description>Hello <b>world</b> &amp; "
      "friends</description></item></channel></rss>");
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].summary, "Hello <b>world</b> &amp; friends");
}

TEST(FeedParserTest, DecodesDeclaredLegacyCharset) {
  // "元宇宙" in GB18030 (a GB2312 superset), declared only in the XML declaration.
  const std::string bytes =
      "<?xml version=\"1.0\" encoding=\"gb2312\"?><rss version=\"2.0\"><channel><item><title>"
      "\xD4\xAA\xD3\xEE\xD6\xE6</title></item></channel></rss>";
  const ParsedFeed f = MustParse(bytes);
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].title, "元宇宙");
  EXPECT_EQ(f.charset, "gb18030");
}

// ---- Hostile input ----

TEST(FeedParserTest, TruncatedFeedKeepsCompleteItems) {
  const ParsedFeed f = MustParse(R"(<rss version="2.0"><channel><title>t</title>
<item><title>one</title><link>http://a/1</link></item>
<item><title>two</title><link>http://a/2</link></item>
<item><title>thr)");
  ASSERT_GE(f.entries.size(), 2u);
  EXPECT_EQ(f.entries[0].title, "one");
  EXPECT_EQ(f.entries[1].title, "two");
  EXPECT_EQ(f.entries[1].link, "http://a/2");
  EXPECT_FALSE(f.well_formed);
  EXPECT_FALSE(f.warnings.empty());
}

TEST(FeedParserTest, BrokenItemLeavesTheOthers) {
  const ParsedFeed f = MustParse(R"(<rss version="2.0"><channel>
<item><title>good 1</title></item>
<item><title>bad <b>unclosed</title><link>http://a/x</link></item>
<item><title>good 2</title></item>
</channel></rss>)");
  ASSERT_EQ(f.entries.size(), 3u);
  EXPECT_EQ(f.entries[0].title, "good 1");
  EXPECT_EQ(f.entries[2].title, "good 2");
}

TEST(FeedParserTest, HtmlPageIsNotAFeed) {
  const Result<ParsedFeed> r = ParseFeed(
      "<!DOCTYPE html><html><head><title>x</title></head><body><p>hi &nbsp; there</p>"
      "<item>not a feed</item></body></html>",
      {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kParse);
}

TEST(FeedParserTest, BinaryGarbageAndEmptyInputFail) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 7919 + 13) % 256));
  const Result<ParsedFeed> r = ParseFeed(garbage, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kParse);
  const Result<ParsedFeed> empty = ParseFeed("", {});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().kind(), ErrorKind::kParse);
  EXPECT_FALSE(ParseFeed("   \n", {}).ok());
}

TEST(FeedParserTest, ExternalEntityIsNeverRead) {
  const ParsedFeed f = MustParse(R"(<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY ok "fine">]>
<rss version="2.0"><channel><title>&xxe;|&ok;</title>
<item><title>a &xxe; b</title></item></channel></rss>)");
  EXPECT_EQ(f.title.find("root:"), std::string::npos);
  EXPECT_EQ(f.title, "&xxe;|fine");
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].title.find("root:"), std::string::npos);
}

TEST(FeedParserTest, BillionLaughsIsHarmless) {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n";
  doc += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
  for (int i = 2; i <= 9; ++i) {
    doc += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) doc += "&lol" + std::to_string(i - 1) + ";";
    doc += "\">\n";
  }
  doc +=
      "]>\n<rss version=\"2.0\"><channel><title>&lol9;</title><item><title>x</title></item>"
      "</channel></rss>";
  const ParsedFeed f = MustParse(doc);
  EXPECT_LT(f.title.size(), 100u);
  EXPECT_EQ(f.entries.size(), 1u);
}

TEST(FeedParserTest, HundredThousandItemsBoundedByMaxEntries) {
  std::string doc = "<rss version=\"2.0\"><channel><title>big</title>";
  for (int i = 0; i < 100000; ++i) {
    doc += "<item><title>t" + std::to_string(i) + "</title></item>";
  }
  doc += "</channel></rss>";
  FeedParseOptions options;
  options.max_entries = 500;
  const ParsedFeed f = MustParse(doc, options);
  ASSERT_EQ(f.entries.size(), 500u);
  EXPECT_EQ(f.entries[499].title, "t499");
  EXPECT_FALSE(f.warnings.empty());
  options.max_entries = 100000;
  EXPECT_EQ(MustParse(doc, options).entries.size(), 100000u);
}

TEST(FeedParserTest, StrayAmpersandsAndSecondXmlDeclaration) {
  const ParsedFeed f = MustParse(
      "\n  <?xml version=\"1.0\" encoding=\"utf-8\"?><!-- saved by a crawler -->"
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>AT&T & Co</title>"
      "<link>http://a/?x=1&y=2</link></item></channel></rss>");
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].title, "AT&T & Co");
  EXPECT_EQ(f.entries[0].link, "http://a/?x=1&y=2");
}

// A later XML declaration is dropped like the first, whatever whitespace follows "<?xml".
TEST(FeedParserTest, LaterXmlDeclarationWithTabIsDropped) {
  const ParsedFeed f = MustParse(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<?xml\tversion=\"1.0\" encoding=\"gb2312\"?>"
      "<rss version=\"2.0\"><channel><item><title>\xE5\x85\x83</title></item></channel></rss>");
  ASSERT_EQ(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].title, "\xE5\x85\x83");
  EXPECT_TRUE(f.well_formed);
}

TEST(FeedParserTest, UnparsableDatesAreLeftEmpty) {
  const ParsedFeed f = MustParse(
      "<rss version=\"2.0\"><channel><item><pubDate>yesterday</pubDate></item>"
      "<item><pubDate>2023年2月30日</pubDate></item></channel></rss>");
  ASSERT_EQ(f.entries.size(), 2u);
  EXPECT_FALSE(f.entries[0].published.has_value());
  EXPECT_FALSE(f.entries[1].published.has_value());
}

}  // namespace
}  // namespace newswatch
