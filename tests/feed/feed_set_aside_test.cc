// ParseFeed sets long non-ASCII text aside from libxml2 and restores it after the parse (a
// performance measure). These tests parse the same bytes both ways and require identical
// results: every real feed of ../shared/corpus/feeds, mutants of them (cut, bytes deleted,
// inserted or flipped), and documents built to hit the edges (CR LF and lone CR line ends, text
// split by references, CDATA next to text, broken markup, the marker byte already present, text
// outside the root, errors after long text so that line numbers matter).
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/feed/feed_json.h"
#include "daemon/feed/feed_parser.h"
#include "tests/feed/xml_mutation.h"
#include "tests/support/read_file.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;

using ::newswatch::testing::ReadFile;

// Everything ParseFeed reports, as one string.
std::string Describe(const Result<ParsedFeed>& parsed) {
  if (!parsed.ok()) return "error: " + parsed.status().ToString();
  std::string out = FeedToJson(*parsed).dump();
  out += "\nwell_formed=" + std::to_string(parsed->well_formed) + " charset=" + parsed->charset;
  for (const std::string& w : parsed->warnings) out += "\nwarning: " + w;
  return out;
}

std::string ParseBothWays(const std::string& bytes, std::string* without) {
  FeedParseOptions fast;
  FeedParseOptions plain;
  plain.set_aside_text = false;
  *without = Describe(ParseFeed(bytes, plain));
  return Describe(ParseFeed(bytes, fast));
}

const std::string kHan =
    "\xE5\x85\x83\xE5\xAE\x87\xE5\xAE\x99\xE4\xBA\xA7\xE4\xB8\x9A";  // 元宇宙产业
std::string Han(int times) {
  std::string s;
  for (int i = 0; i < times; ++i) s += kHan;
  return s;
}

TEST(FeedSetAsideTest, EdgeDocumentsParseTheSameWithAndWithout) {
  const std::string item_open = "<item><title>";
  const std::vector<std::string> docs = {
      // CDATA and text, CR LF and lone CR inside both.
      "<rss version=\"2.0\"><channel><title>" + Han(3) + "\r\n" + Han(3) +
          "</title>\r\n<item><title>" + Han(4) + "\r" + Han(2) +
          "</title><description><![CDATA[<p>" + Han(10) + "</p>\r\n<p>" + Han(10) +
          "</p>]]></description><link>http://a.example/1</link></item></channel></rss>",
      // Text split by references and entities, CDATA next to text, attributes with Han.
      "<rss version=\"2.0\"><channel><item><title a=\"" + Han(8) + "\">" + Han(6) + "&amp;" +
          Han(6) + "&nbsp;" + Han(6) + "&#x4E2D;" + Han(6) + "</title><description>" + Han(6) +
          "<![CDATA[" + Han(9) + "]]>" + Han(6) + "&lt;b&gt;" + Han(6) +
          "</description></item></channel></rss>",
      // Escaped HTML in a description, XHTML content, Atom.
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"html\">&lt;b&gt;" + Han(8) +
          "&lt;/b&gt;</title><entry><title>" + Han(5) +
          "</title><content type=\"xhtml\">"
          "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>" +
          Han(9) + "</p><p>\"" + Han(9) + "\" &amp; <b>" + Han(9) +
          "</b></p></div></content><link href=\"/x\"/></entry></feed>",
      // Errors after long multi-line text: the warnings carry line numbers.
      "<rss version=\"2.0\"><channel><item><title>" + Han(8) + "\n" + Han(8) + "\n" + Han(8) +
          "</title><description>" + Han(10) + "\n\n</bogus>" + Han(10) +
          "</description></item><item><title>" + Han(10) + "</titl></item></channel></rss>",
      // Truncated in the middle of text and of a CDATA section.
      "<rss version=\"2.0\"><channel><item><title>" + Han(12) + "</title></item><item><title>" +
          Han(12),
      "<rss version=\"2.0\"><channel><item><description><![CDATA[" + Han(12),
      // Stray '<' and '<' inside a tag, then long text.
      "<rss version=\"2.0\"><channel><item><title>a < b " + Han(10) + "</title><description " +
          "x=\"1\" <y>" + Han(10) + "</description></item></channel></rss>",
      // Text outside the root element.
      Han(12) + "<rss version=\"2.0\"><channel><item><title>" + Han(10) +
          "</title></item></channel></rss>" + Han(12),
      // The marker byte (DEL) already in the document, raw and as references.
      "<rss version=\"2.0\"><channel><item><title>\x7F"
      "0\x7F" +
          Han(10) + "</title></item></channel></rss>",
      "<rss version=\"2.0\"><channel><item><title>" + Han(10) + "&#127;0&#x7f;" + Han(10) +
          "</title><description>&#x7F;1&#127;</description></item></channel></rss>",
      // Control characters, a noncharacter and "]]>" in long text.
      "<rss version=\"2.0\"><channel><item><title>" + Han(6) + "\x01" + Han(6) +
          "</title><description>" + Han(6) + "\xEF\xBF\xBE" + Han(6) + "]]>" + Han(6) +
          "</description></item></channel></rss>",
      // A lone CR in long text (libxml2 counts lines by LF only), then an error to report.
      "<rss version=\"2.0\"><channel><item><title>" + Han(6) + "\r" + Han(6) + "\r\n" + Han(6) +
          "</title><description>" + Han(9) + "</bogus></description></item></channel></rss>",
      // A '<' that starts no tag (here before a dropped XML declaration), then long text that
      // libxml2 reads as part of the broken markup.
      "<rss version=\"2.0\"><channel><item><<?xml version='1.0'?>title>" + Han(10) +
          "</title></item><item><title>" + Han(10) + "</title></item></channel></rss>",
      // "]]>" straight after a CDATA section.
      "<rss version=\"2.0\"><channel><item><description><![CDATA[" + Han(10) +
          "]]>]]></description>"
          "</item></channel></rss>",
      // Quoted '>' in attributes before long text.
      "<rss version=\"2.0\"><channel><item><title x='>' y=\"a>b\">" + Han(10) +
          "</title></item></channel></rss>",
  };
  for (size_t i = 0; i < docs.size(); ++i) {
    std::string without;
    const std::string with = ParseBothWays(docs[i], &without);
    EXPECT_EQ(with, without) << "document " << i;
    if (i < 3) {
      EXPECT_NE(with.find(kHan), std::string::npos) << "document " << i;
    }
  }
}

TEST(FeedSetAsideTest, EveryCorpusFeedParsesTheSameWithAndWithout) {
  const fs::path feeds = fs::path(NW_SHARED_DIR) / "corpus" / "feeds";
  ASSERT_TRUE(fs::exists(feeds)) << feeds;
  size_t files = 0;
  size_t with_han = 0;
  uint32_t seed = 7;
  for (const auto& entry : fs::recursive_directory_iterator(feeds)) {
    if (!entry.is_regular_file()) continue;
    const std::string bytes = ReadFile(entry.path());
    std::string without;
    const std::string with = ParseBothWays(bytes, &without);
    ASSERT_EQ(with, without) << entry.path();
    for (int m = 0; m < 3; ++m) {
      const std::string mutant = testing::MutateXml(bytes, seed);
      std::string mutant_without;
      ASSERT_EQ(ParseBothWays(mutant, &mutant_without), mutant_without)
          << entry.path() << " mutant " << m;
    }
    ++files;
    if (with.find("\xE7\x9A\x84") != std::string::npos) ++with_han;  // 的
  }
  EXPECT_GT(files, 700u);
  EXPECT_GT(with_han, 20u);
  std::printf("corpus feeds compared: %zu (%zu with Chinese text)\n", files, with_han);
}

}  // namespace
}  // namespace newswatch
