#include "daemon/core/url_resolve.h"

#include <gtest/gtest.h>

#include <string>

#include "daemon/core/url.h"

namespace newswatch {
namespace {

std::string R(std::string_view base, std::string_view ref) {
  auto r = ResolveReference(base, ref);
  return r.ok() ? *r : "ERR";
}

// RFC 3986 5.4.1 and 5.4.2 (where libcurl departs from them, see below).
TEST(UrlResolveTest, RfcExamples) {
  const std::string b = "http://a/b/c/d;p?q";
  EXPECT_EQ(R(b, "g"), "http://a/b/c/g");
  EXPECT_EQ(R(b, "./g"), "http://a/b/c/g");
  EXPECT_EQ(R(b, "g/"), "http://a/b/c/g/");
  EXPECT_EQ(R(b, "/g"), "http://a/g");
  EXPECT_EQ(R(b, "//g"), "http://g/");
  EXPECT_EQ(R(b, "?y"), "http://a/b/c/d;p?y");
  EXPECT_EQ(R(b, "g?y"), "http://a/b/c/g?y");
  EXPECT_EQ(R(b, "#s"), "http://a/b/c/d;p?q#s");
  EXPECT_EQ(R(b, "g#s"), "http://a/b/c/g#s");
  EXPECT_EQ(R(b, ";x"), "http://a/b/c/;x");
  EXPECT_EQ(R(b, ""), "http://a/b/c/d;p?q");
  EXPECT_EQ(R(b, "."), "http://a/b/c/");
  EXPECT_EQ(R(b, "./"), "http://a/b/c/");
  EXPECT_EQ(R(b, ".."), "http://a/b/");
  EXPECT_EQ(R(b, "../g"), "http://a/b/g");
  EXPECT_EQ(R(b, "../../../g"), "http://a/g");
  EXPECT_EQ(R(b, "/./g"), "http://a/g");
  EXPECT_EQ(R(b, "g."), "http://a/b/c/g.");
  EXPECT_EQ(R(b, "g/../h"), "http://a/b/c/h");
  EXPECT_EQ(R(b, "g;x=1/../y"), "http://a/b/c/y");
  EXPECT_EQ(R(b, "g?y/./x"), "http://a/b/c/g?y/./x");
}

TEST(UrlResolveTest, RefusesWhatCannotBeResolved) {
  EXPECT_EQ(R("http://a.example/x/", "mailto:a@b.example"), "ERR");
  EXPECT_EQ(R("http://a.example/x/", "javascript:alert(1)"), "ERR");
  EXPECT_EQ(R("http://a.example/x/", "a\tb"), "ERR");
  EXPECT_EQ(R("http://a.example/x/", "http://b.example/a b"), "ERR");
  EXPECT_EQ(R("", "rel/p"), "ERR");
  EXPECT_EQ(R("not a url", "rel/p"), "ERR");
  EXPECT_EQ(R("not a url", "http://b.example/p"), "http://b.example/p");
}

// Where libcurl and the RFC agree, ResolveReference gives what ResolveUrl (libcurl) gives.
TEST(UrlResolveTest, AgreesWithLibcurl) {
  const std::pair<const char*, const char*> cases[] = {
      {"http://a/b/c/d;p?q", "g"},
      {"http://a/b/c/d;p?q", "../../../g"},
      {"http://a/b/c/d;p?q", "g;x=1/../y"},
      {"HTTP://Example.COM", "x"},
      {"http://Example.com:80/a", "b"},
      {"http://a.example/", "HTTPS://B.example/X"},
      {"http://a.example/x/", "a b.html"},
      {"http://a.example/x/", "中文.html"},
      {"http://a.example/x/", "http://b.example/中文"},
      {"", "http://b.example/p"},
      {"http://a.example", "?q=1"},
      {"http://a.example/p", "//b.example"},
      {"http://u:p@a.example:8080/p/q", "../r?s#t"},
      {"file:///tmp/a/b.xml", "c.html"},
      {"http://a.example/x/", "%41b"},
      {"http://a.example/x/", "/"},
      {"http://a.example/x/", "http://B.Example"},
      {"http://a.example/a/b", "../../../../x"},
      {"http://a.example/x/", "http://b.example/../y"},
      {"http://a.example/x/", "http://b.example?q"},
      {"http://a.example/x/", "  spaced  "},
      {"https://www.gov.cn/zhengce/", "content/2023-01/05/c_1.htm"},
      {"http://a.gov.cn/list/index.html", "../art/1.html"},
      {"http://a.example/x/y.html", "?page=2#top"},
  };
  for (const auto& [base, ref] : cases) {
    auto curl = ResolveUrl(base, ref);
    ASSERT_TRUE(curl.ok()) << base << " + " << ref;
    EXPECT_EQ(R(base, ref), *curl) << base << " + " << ref;
  }
}

}  // namespace
}  // namespace newswatch
