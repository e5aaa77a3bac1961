#include "daemon/core/hash.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

TEST(HashTest, Sha256MatchesKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HashTest, ArticleIdIsStableAndShort) {
  EXPECT_EQ(ArticleIdForUrl("http://x.cn/a").size(), 32u);
  EXPECT_EQ(ArticleIdForUrl("http://x.cn/a"), ArticleIdForUrl("http://x.cn/a"));
  EXPECT_NE(ArticleIdForUrl("http://x.cn/a"), ArticleIdForUrl("http://x.cn/b"));
}

}  // namespace
}  // namespace newswatch
