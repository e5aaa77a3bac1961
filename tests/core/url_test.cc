#include "daemon/core/url.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

TEST(UrlTest, CanonicalFormDropsTrackingAndFragment) {
  auto c = CanonicalizeUrl("HTTPS://Finance.Sina.com.cn:443/a/b.shtml?id=7&utm_source=x&spm=1#top");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(*c, "https://finance.sina.com.cn/a/b.shtml?id=7");
}

TEST(UrlTest, CanonicalFormKeepsMeaningfulQuery) {
  EXPECT_EQ(*CanonicalizeUrl("http://x.cn/p?b=2&a=1"), "http://x.cn/p?b=2&a=1");
  EXPECT_EQ(*CanonicalizeUrl("http://x.cn/p?utm_medium=rss"), "http://x.cn/p");
}

TEST(UrlTest, RejectsNonUrls) { EXPECT_FALSE(CanonicalizeUrl("not a url").ok()); }

TEST(UrlTest, ResolvesRelativeReferences) {
  EXPECT_EQ(*ResolveUrl("http://a.gov.cn/list/index.html", "../art/1.html"),
            "http://a.gov.cn/art/1.html");
  EXPECT_EQ(*ResolveUrl("https://a.gov.cn/x/", "//b.cn/y"), "https://b.cn/y");
  EXPECT_EQ(*ResolveUrl("http://a.gov.cn/x/", "http://c.cn/z"), "http://c.cn/z");
  EXPECT_EQ(UrlHost("http://WWW.Example.CN:8080/a"), "www.example.cn");
}

}  // namespace
}  // namespace newswatch
