#include "daemon/feed/atom_content.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

TEST(AtomContentTest, ModesFollowTypeAndAtom03Mode) {
  EXPECT_EQ(AtomModeOf("", ""), AtomContentMode::kText);
  EXPECT_EQ(AtomModeOf("html", ""), AtomContentMode::kText);
  EXPECT_EQ(AtomModeOf(" XHTML ", ""), AtomContentMode::kXhtmlDiv);
  EXPECT_EQ(AtomModeOf("application/xhtml+xml", ""), AtomContentMode::kInlineMarkup);
  EXPECT_EQ(AtomModeOf("text/html", "escaped"), AtomContentMode::kText);
  EXPECT_EQ(AtomModeOf("text/html", "xml"), AtomContentMode::kInlineMarkup);
  EXPECT_EQ(AtomModeOf("text/html", "Base64"), AtomContentMode::kBase64);
  EXPECT_EQ(AtomModeOf("application/octet-stream", ""), AtomContentMode::kBase64);
  EXPECT_EQ(AtomModeOf("image/png", ""), AtomContentMode::kBase64);
  EXPECT_EQ(AtomModeOf("text/plain", ""), AtomContentMode::kText);
}

TEST(AtomContentTest, Base64DecodesWithWhitespaceAndWithoutPadding) {
  EXPECT_EQ(DecodeBase64("5Lit5paH"), "中文");
  EXPECT_EQ(DecodeBase64(" PGI+\n  eDwvYj4= "), "<b>x</b>");
  EXPECT_EQ(DecodeBase64("YQ"), "a");
  EXPECT_EQ(DecodeBase64("YWI"), "ab");
  EXPECT_EQ(DecodeBase64(""), "");
}

TEST(AtomContentTest, Base64RejectsOtherCharactersAndPartialBytes) {
  EXPECT_FALSE(DecodeBase64("not base64!").has_value());
  EXPECT_FALSE(DecodeBase64("YWJjZ").has_value());
  EXPECT_FALSE(DecodeBase64("YQ==YQ").has_value());
}

}  // namespace
}  // namespace newswatch
