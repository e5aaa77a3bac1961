#include "daemon/text/charset.h"

#include <gtest/gtest.h>
#include <iconv.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/text/charset_internal.h"
#include "tests/support/read_file.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;

const fs::path kShared = NW_SHARED_DIR;
const fs::path kFeeds = kShared / "corpus/feeds";

using ::newswatch::testing::ReadFile;

// Encodes UTF-8 text into `charset` with glibc iconv (test-side, independent of the decoder).
std::string Encode(const std::string& utf8, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &dst, &dst_left), static_cast<size_t>(-1));
  out.resize(out.size() - dst_left);
  iconv_close(cd);
  return out;
}

size_t CountReplacement(const std::string& utf8) {
  size_t n = 0;
  for (size_t at = utf8.find("\xEF\xBF\xBD"); at != std::string::npos;
       at = utf8.find("\xEF\xBF\xBD", at + 3))
    ++n;
  return n;
}

// The runs of non-ASCII characters (2+ bytes long) in a string: the CJK parts of a title,
// which must appear verbatim in the decoded document (ASCII parts may be entity-escaped).
std::vector<std::string> NonAsciiRuns(const std::string& s) {
  std::vector<std::string> runs;
  std::string cur;
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      cur.push_back(c);
    } else {
      if (cur.size() >= 6) runs.push_back(cur);
      cur.clear();
    }
  }
  if (cur.size() >= 6) runs.push_back(cur);
  return runs;
}

// Feed titles as Python feedparser (an independent decoder) reads them, by file name.
std::map<std::string, std::string> FeedparserTitles(const fs::path& dir) {
  const std::string cmd =
      "/usr/bin/python3 -c \"import feedparser,sys,glob,os\n"
      "for f in sorted(glob.glob(sys.argv[1]+'/*.xml')):\n"
      "  p=feedparser.parse(open(f,'rb').read())\n"
      "  sys.stdout.write(os.path.basename(f)+'\\t'+p.feed.get('title','').replace('\\n',' "
      "')+'\\n')\""
      " '" +
      dir.string() + "' 2>/dev/null";
  std::map<std::string, std::string> titles;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return titles;
  std::string all;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) all.append(buf, n);
  pclose(pipe);
  std::istringstream lines(all);
  std::string line;
  while (std::getline(lines, line)) {
    const size_t tab = line.find('\t');
    if (tab != std::string::npos) titles[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return titles;
}

void CheckFeedDirectory(const std::string& dir_name, const std::string& family) {
  const fs::path dir = kFeeds / dir_name;
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  const auto titles = FeedparserTitles(dir);
  EXPECT_GT(titles.size(), 10u) << "feedparser produced no titles for " << dir;
  size_t files = 0, titles_checked = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("LICENSE", 0) == 0) continue;
    ++files;
    const std::string bytes = ReadFile(entry.path());
    const MarkupKind kind =
        entry.path().extension() == ".xml" ? MarkupKind::kXml : MarkupKind::kUnknown;
    const DecodedText d = DecodeToUtf8(bytes, "", kind);
    SCOPED_TRACE(name);
    EXPECT_EQ(d.charset, family);
    EXPECT_TRUE(IsValidUtf8(d.utf8));
    EXPECT_LE(d.invalid_bytes * 200, bytes.size()) << "too many undecodable bytes";
    auto it = titles.find(name);
    if (it == titles.end()) continue;
    for (const std::string& run : NonAsciiRuns(it->second)) {
      EXPECT_NE(d.utf8.find(run), std::string::npos) << "title part missing: " << run;
      ++titles_checked;
    }
  }
  EXPECT_GT(files, 15u);
  EXPECT_GT(titles_checked, 5u);
}

TEST(CharsetTest, RealGb2312FeedsDecodeAsGb18030WithFeedparserTitles) {
  CheckFeedDirectory("gb2312-chardet", "gb18030");
}

TEST(CharsetTest, RealBig5FeedsDecodeAsBig5HkscsWithFeedparserTitles) {
  CheckFeedDirectory("big5-chardet", "big5-hkscs");
}

// feedparser's own encoding tests carry their HTTP header and expected encoding in a comment.
TEST(CharsetTest, FeedparserEncodingCasesHonourHeaderAndDeclaration) {
  const fs::path dir = kFeeds / "feedparser-encoding-tests";
  size_t cases = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".xml") continue;
    const std::string bytes = ReadFile(entry.path());
    std::string header;
    if (size_t at = bytes.find("Header:"); at != std::string::npos) {
      header = bytes.substr(at, bytes.find('\n', at) - at);
    }
    const size_t expect_at = bytes.find("encoding == '");
    ASSERT_NE(expect_at, std::string::npos) << entry.path();
    const size_t value_at = expect_at + 13;
    const std::string expected = bytes.substr(value_at, bytes.find('\'', value_at) - value_at);
    const DecodedText d = DecodeToUtf8(bytes, CharsetFromContentType(header), MarkupKind::kXml);
    SCOPED_TRACE(entry.path().filename().string());
    EXPECT_EQ(d.charset, CanonicalCharsetName(expected));
    EXPECT_EQ(CountReplacement(d.utf8), 0u);
    ++cases;
  }
  EXPECT_EQ(cases, 6u);
}

TEST(CharsetTest, GbkTitleWithoutDeclarationIsDetected) {
  const std::string bytes =
      ReadFile(kFeeds / "feedparser-encoding-tests/tests_illformed_chardet_gb2312.xml");
  const DecodedText d = DecodeToUtf8(bytes, "", MarkupKind::kXml);
  EXPECT_EQ(d.source, CharsetSource::kDetected);
  EXPECT_NE(d.utf8.find("不归移民漫画系列"), std::string::npos);
}

TEST(CharsetTest, Utf8PagesThatDeclareGb2312StayUtf8) {
  const fs::path dir = kShared / "corpus/pages/gne/tests";
  size_t pages = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".html") continue;
    const std::string bytes = ReadFile(entry.path());
    if (!IsValidUtf8(bytes)) continue;
    const DecodedText d = DecodeToUtf8(bytes, "gb2312", MarkupKind::kHtml);
    SCOPED_TRACE(entry.path().string());
    EXPECT_EQ(d.charset, "utf-8");
    EXPECT_EQ(d.utf8.size(), bytes.size() - (bytes.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0));
    EXPECT_EQ(d.invalid_bytes, 0u);
    ++pages;
  }
  EXPECT_GT(pages, 40u);
}

const std::string kChinesePolicy =
    "为深入贯彻落实国家关于发展数字经济的决策部署，加快推动元宇宙产业创新发展，"
    "结合本市实际，制定本行动方案。到二〇二五年，全市元宇宙相关产业规模力争突破三千五百亿元，"
    "培育一批具有国际竞争力的创新型企业，打造若干具有示范效应的应用场景。";

TEST(CharsetTest, GbkBytesWithNoHeaderOrDeclarationAreDetected) {
  const std::string gbk = Encode(kChinesePolicy, "GBK");
  const DecodedText d = DecodeToUtf8(gbk, "", MarkupKind::kText);
  EXPECT_EQ(d.charset, "gb18030");
  EXPECT_EQ(d.utf8, kChinesePolicy);
  EXPECT_EQ(d.invalid_bytes, 0u);
}

TEST(CharsetTest, DeclaredGb2312MetaDecodesGbkBytes) {
  const std::string page =
      "<html><head><meta http-equiv=\"Content-Type\" "
      "content=\"text/html; charset=GB2312\"></head><body>" +
      Encode(kChinesePolicy, "GBK") + "</body></html>";
  const DecodedText d = DecodeToUtf8(page, "", MarkupKind::kHtml);
  EXPECT_EQ(d.charset, "gb18030");
  EXPECT_EQ(d.source, CharsetSource::kDeclaration);
  EXPECT_NE(d.utf8.find(kChinesePolicy), std::string::npos);
}

TEST(CharsetTest, Big5WithLyingUtf8HeaderFallsBackToDeclaration) {
  const std::string bytes = ReadFile(kFeeds / "big5-chardet/digitalwall.com.xml");
  const DecodedText honest = DecodeToUtf8(bytes, "", MarkupKind::kXml);
  const DecodedText lied = DecodeToUtf8(bytes, "utf-8", MarkupKind::kXml);
  EXPECT_EQ(lied.charset, "big5-hkscs");
  EXPECT_EQ(lied.utf8, honest.utf8);
  EXPECT_NE(lied.utf8.find("數位之牆"), std::string::npos);
}

TEST(CharsetTest, Big5WithLyingHeaderAndNoDeclarationIsDetected) {
  const std::string big5 = Encode(
      "維基大典者，網路為礎；集天下知、四海言、眾人志，書百科焉。"
      "始作者，維基媒體基金會也。悉文乃天下有志共筆而成。",
      "BIG5");
  const DecodedText d = DecodeToUtf8(big5, "utf-8", MarkupKind::kText);
  EXPECT_EQ(d.charset, "big5-hkscs");
  EXPECT_EQ(d.source, CharsetSource::kDetected);
  EXPECT_NE(d.utf8.find("維基媒體基金會"), std::string::npos);
  EXPECT_EQ(CountReplacement(d.utf8), 0u);
}

TEST(CharsetTest, HeaderOverridesXmlDeclaration) {
  const std::string xml = "<?xml version=\"1.0\" encoding=\"big5\"?><rss><title>" +
                          Encode(kChinesePolicy, "GBK") + "</title></rss>";
  const DecodedText d = DecodeToUtf8(xml, "gbk", MarkupKind::kXml);
  EXPECT_EQ(d.source, CharsetSource::kHttpHeader);
  EXPECT_NE(d.utf8.find(kChinesePolicy), std::string::npos);
}

TEST(CharsetTest, Windows1252BytesInUtf8FeedBecomeTheRightCharacters) {
  // UTF-8 feed with CJK, plus curly quotes and an e-acute pasted in as Windows-1252.
  const std::string bytes =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss><title>"
      "元宇宙产业 \x93quoted\x94 caf\xe9 \x80"
      "5</title></rss>";
  const DecodedText d = DecodeToUtf8(bytes, "", MarkupKind::kXml);
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_EQ(d.source, CharsetSource::kDeclaration);
  EXPECT_NE(d.utf8.find("元宇宙产业 \u201cquoted\u201d caf\u00e9 \u20ac5"), std::string::npos)
      << d.utf8;
  EXPECT_EQ(d.invalid_bytes, 4u);
}

TEST(CharsetTest, PureWindows1252DeclaredUtf8IsRead) {
  const std::string bytes =
      "The caf\xe9 served cr\xe8me br\xfbl\xe9"
      "e \x96 na\xefve d\xe9j\xe0 vu.";
  const DecodedText d = DecodeToUtf8(bytes, "utf-8", MarkupKind::kText);
  EXPECT_NE(d.utf8.find("caf\u00e9 served cr\u00e8me br\u00fbl\u00e9"
                        "e \u2013 na\u00efve"),
            std::string::npos)
      << d.utf8;
  EXPECT_EQ(CountReplacement(d.utf8), 0u);
}

TEST(CharsetTest, PureAsciiWithLegacyDeclarationIsAscii) {
  const std::string html = "<html><head><meta charset=\"gbk\"><title>Plain</title></head></html>";
  const DecodedText d = DecodeToUtf8(html, "", MarkupKind::kHtml);
  EXPECT_EQ(d.utf8, html);
  EXPECT_EQ(d.charset, "gb18030");
  EXPECT_EQ(d.source, CharsetSource::kDeclaration);
}

TEST(CharsetTest, TruncatedMultibyteSequenceAtEndIsReplacedAndCounted) {
  std::string gbk = Encode(kChinesePolicy, "GBK");
  gbk.pop_back();  // cut the last two-byte character in half
  const DecodedText d = DecodeToUtf8(gbk, "gbk", MarkupKind::kText);
  EXPECT_EQ(d.charset, "gb18030");
  EXPECT_EQ(d.invalid_bytes, 1u);
  EXPECT_TRUE(IsValidUtf8(d.utf8));
  EXPECT_EQ(d.utf8.substr(d.utf8.size() - 3), "\xEF\xBF\xBD");
  EXPECT_EQ(d.utf8.find("为深入贯彻落实"), 0u);

  std::string utf8 = kChinesePolicy;
  utf8.pop_back();
  const DecodedText u = DecodeToUtf8(utf8, "utf-8", MarkupKind::kText);
  EXPECT_EQ(u.charset, "utf-8");
  EXPECT_TRUE(IsValidUtf8(u.utf8));
  EXPECT_GT(u.invalid_bytes, 0u);
}

TEST(CharsetTest, EmptyInputDecodesToEmpty) {
  const DecodedText d = DecodeToUtf8("", "", MarkupKind::kUnknown);
  EXPECT_TRUE(d.utf8.empty());
  EXPECT_EQ(d.charset, "utf-8");
  EXPECT_EQ(d.source, CharsetSource::kDefault);
  EXPECT_EQ(d.invalid_bytes, 0u);
}

TEST(CharsetTest, BinaryGarbageNeverFailsAndYieldsValidUtf8) {
  std::string garbage;
  uint32_t x = 2463534242u;  // xorshift: deterministic noise covering every byte value
  for (int i = 0; i < 65536; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    garbage.push_back(static_cast<char>(x & 0xFF));
  }
  for (const char* header : {"", "utf-8", "gbk", "big5", "utf-16", "no-such-charset"}) {
    for (MarkupKind kind : {MarkupKind::kUnknown, MarkupKind::kText}) {
      const DecodedText d = DecodeToUtf8(garbage, header, kind);
      EXPECT_TRUE(IsValidUtf8(d.utf8)) << header;
      EXPECT_FALSE(d.utf8.empty()) << header;
    }
  }
}

TEST(CharsetTest, BomDecidesUtf16AndUtf8) {
  const std::string le = std::string("\xFF\xFE", 2) + Encode(kChinesePolicy, "UTF-16LE");
  const DecodedText d16 = DecodeToUtf8(le, "gbk", MarkupKind::kXml);
  EXPECT_EQ(d16.source, CharsetSource::kBom);
  EXPECT_EQ(d16.charset, "utf-16le");
  EXPECT_EQ(d16.utf8, kChinesePolicy);

  const DecodedText d8 = DecodeToUtf8("\xEF\xBB\xBF" + kChinesePolicy, "", MarkupKind::kText);
  EXPECT_EQ(d8.source, CharsetSource::kBom);
  EXPECT_EQ(d8.utf8, kChinesePolicy);
}

TEST(CharsetTest, Utf16XmlWithoutBomIsSniffed) {
  const std::string xml = Encode("<?xml version=\"1.0\"?><t>元宇宙</t>", "UTF-16BE");
  const DecodedText d = DecodeToUtf8(xml, "", MarkupKind::kXml);
  EXPECT_EQ(d.charset, "utf-16be");
  EXPECT_EQ(d.utf8, "<?xml version=\"1.0\"?><t>元宇宙</t>");
}

TEST(CharsetTest, CharsetFromContentTypeParsesParameters) {
  EXPECT_EQ(CharsetFromContentType("text/html; charset=gbk"), "gbk");
  EXPECT_EQ(CharsetFromContentType("text/html;charset=\"UTF-8\""), "utf-8");
  EXPECT_EQ(CharsetFromContentType("application/atom+xml; charset='gb2312'"), "gb2312");
  EXPECT_EQ(CharsetFromContentType("text/xml;  Charset = Big5 ; q=1"), "big5");
  EXPECT_EQ(CharsetFromContentType("text/html"), "");
  EXPECT_EQ(CharsetFromContentType("text/html; xcharset=gbk"), "");
  EXPECT_EQ(CharsetFromContentType(""), "");
}

TEST(CharsetTest, CanonicalNamesFoldSupersets) {
  for (const char* gb : {"GB2312", "gbk", "x-gbk", "CP936", " gb18030 "}) {
    EXPECT_EQ(CanonicalCharsetName(gb), "gb18030") << gb;
  }
  EXPECT_EQ(CanonicalCharsetName("Big5"), "big5-hkscs");
  EXPECT_EQ(CanonicalCharsetName("ISO-8859-1"), "windows-1252");
  EXPECT_EQ(CanonicalCharsetName("UTF8"), "utf-8");
}

// Reference validator written from the Unicode table of well-formed byte sequences (Table 3-7),
// decoding code points one at a time; the optimised IsValidUtf8 (8-byte ASCII runs, inline
// Han runs) must agree with it on every input.
bool ReferenceIsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = [&](size_t k) { return static_cast<unsigned>(static_cast<uint8_t>(s[k])); };
    const unsigned b0 = b(i);
    size_t len;
    uint32_t cp;
    if (b0 < 0x80) {
      len = 1;
    } else if ((b0 & 0xE0) == 0xC0) {
      len = 2;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4;
    } else {
      return false;
    }
    cp = len == 1 ? b0 : b0 & (0x7F >> len);
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((b(i + k) & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b(i + k) & 0x3F);
    }
    const uint32_t min_for_len[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

// Replaces `count` bytes of `s` at pseudo-random places with pseudo-random values.
void ReplaceRandomBytes(std::string& s, int count, uint32_t& seed) {
  for (int m = 0; m < count; ++m) {
    seed = seed * 1103515245 + 12345;
    const size_t at = (seed >> 8) % s.size();
    seed = seed * 1103515245 + 12345;
    s[at] = static_cast<char>(seed >> 16);
  }
}

TEST(CharsetTest, FastUtf8ValidationAgreesWithReferenceOnMutatedText) {
  // Well-formed mixed text (ASCII runs longer and shorter than 8 bytes, Han, 2- and 4-byte
  // sequences, the edges of the E0/ED/F0/F4 ranges), then single-byte mutations and truncations.
  const std::string base =
      "abcdefghij\xE4\xB8\xAD\xE6\x96\x87 xy\xC3\xA9\xF0\x9F\x98\x80"
      "\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xF4\x8F\xBF\xBF\xE1\x80\x80\xEC\xBF\xBF 12345678";
  ASSERT_TRUE(IsValidUtf8(base));
  ASSERT_TRUE(ReferenceIsValidUtf8(base));
  size_t invalid_seen = 0;
  uint32_t seed = 12345;
  for (int round = 0; round < 20000; ++round) {
    std::string s = base;
    ReplaceRandomBytes(s, 1 + round % 3, seed);
    s.resize(s.size() - round % 5);
    const bool expected = ReferenceIsValidUtf8(s);
    ASSERT_EQ(IsValidUtf8(s), expected) << "round " << round;
    if (!expected) ++invalid_seen;
    // DecodeToUtf8 (its own scan) keeps valid UTF-8 unchanged and counts no invalid byte.
    if (expected) {
      const DecodedText d = DecodeToUtf8(s, "", MarkupKind::kText);
      ASSERT_EQ(d.utf8, s) << "round " << round;
      ASSERT_EQ(d.invalid_bytes, 0u);
    } else {
      const DecodedText d = DecodeToUtf8(s, "utf-8", MarkupKind::kText);
      ASSERT_TRUE(ReferenceIsValidUtf8(d.utf8)) << "round " << round;
    }
  }
  EXPECT_GT(invalid_seen, 1000u);
}

// Text longer than one block of the AVX2 scan: sequences cut by the block edges, a block of
// pure ASCII after an unfinished sequence, a padded last block. Run once with whatever scan the
// CPU picks and once with the scalar scan only (what a CPU without AVX2 runs).
class Utf8ScanTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override { charset_internal::scalar_utf8_only = GetParam(); }
  void TearDown() override { charset_internal::scalar_utf8_only = false; }
};
INSTANTIATE_TEST_SUITE_P(BlockAndScalar, Utf8ScanTest, ::testing::Values(false, true),
                         [](const auto& info) {
                           return info.param ? "ScalarOnly" : "AsTheCpuAllows";
                         });

TEST_P(Utf8ScanTest, ValidationAgreesWithReferenceOnLongMutatedText) {
  const std::string unit =
      "abcdefghij\xE4\xB8\xAD\xE6\x96\x87 xy\xC3\xA9\xF0\x9F\x98\x80"
      "\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xF4\x8F\xBF\xBF\xE1\x80\x80\xEC\xBF\xBF 12345678"
      "\xEF\xBC\x8C\xEF\xBF\xBD\xF0\x90\x80\x80\xDF\xBF\xC2\x80";
  size_t invalid_seen = 0;
  uint32_t seed = 777;
  for (int round = 0; round < 20000; ++round) {
    // 1-6 units after an ASCII prefix of 0-63 bytes, so every position meets a block edge.
    std::string s(static_cast<size_t>(round % 64), 'a');
    for (int u = 0; u <= round % 6; ++u) s += unit;
    if (round % 7 == 0) s += std::string(64, 'z');  // an all-ASCII block after the text
    ReplaceRandomBytes(s, round % 3, seed);
    s.resize(s.size() - round % 5);
    const bool expected = ReferenceIsValidUtf8(s);
    ASSERT_EQ(IsValidUtf8(s), expected) << "round " << round;
    if (!expected) ++invalid_seen;
    const DecodedText d = DecodeToUtf8(s, "utf-8", MarkupKind::kText);
    if (expected) {
      ASSERT_EQ(d.utf8, s) << "round " << round;
      ASSERT_EQ(d.invalid_bytes, 0u);
    } else {
      ASSERT_TRUE(ReferenceIsValidUtf8(d.utf8)) << "round " << round;
      ASSERT_GT(d.invalid_bytes, 0u) << "round " << round;
    }
  }
  EXPECT_GT(invalid_seen, 5000u);
}

// DecodeToUtf8View gives DecodeToUtf8's answer, and hands back the input itself (no copy) when
// the bytes are already UTF-8 without a BOM.
TEST(CharsetTest, ViewAgreesWithDecodeAndSkipsTheCopyForUtf8) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"plain ascii <?xml version=\"1.0\" encoding=\"gbk\"?>", ""},
      {"\xE4\xB8\xAD\xE6\x96\x87 utf-8", ""},
      {"\xE4\xB8\xAD\xE6\x96\x87 utf-8 labelled gbk", "gbk"},
      {"\xEF\xBB\xBF\xE4\xB8\xAD bom", ""},
      {"\xD6\xD0\xCE\xC4 gbk bytes", "gbk"},
      {"caf\xE9 latin1", ""},
      {"\xE4\xB8\xAD\x93quoted\x94", "utf-8"},
      {"~{<:Ky2;S{#,NpJ)l6HK!#~} hz", "hz-gb-2312"},
      {"", "utf-8"},
  };
  for (const auto& [bytes, header] : cases) {
    const DecodedText copied = DecodeToUtf8(bytes, header, MarkupKind::kXml);
    DecodedText out;
    const std::string_view view = DecodeToUtf8View(bytes, header, MarkupKind::kXml, out);
    EXPECT_EQ(view, copied.utf8) << bytes;
    EXPECT_EQ(out.charset, copied.charset) << bytes;
    EXPECT_EQ(out.source, copied.source) << bytes;
    EXPECT_EQ(out.invalid_bytes, copied.invalid_bytes) << bytes;
    const bool unchanged = !bytes.empty() && copied.utf8 == bytes;
    EXPECT_EQ(unchanged && view.data() == bytes.data(), unchanged) << bytes;
  }
}

}  // namespace
}  // namespace newswatch
