#include "common/utf8.h"

#include <gtest/gtest.h>

namespace sixia {
namespace {

TEST(Utf8, AcceptsChineseAndAscii) {
  EXPECT_TRUE(IsValidUtf8("霞浦县 Xiapu 𠀀"));
  EXPECT_EQ(Utf8Length("霞浦县"), 3u);
}

TEST(Utf8, RejectsMalformedSequences) {
  for (const char* bad : {"\xff", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                          "\xe9\x9c", "abc\x80"})
    EXPECT_FALSE(IsValidUtf8(bad)) << bad;
}

}  // namespace
}  // namespace sixia

namespace sixia {
namespace {

TEST(TrimBlank, RemovesAsciiAndFullWidthSpacesAtBothEnds) {
  EXPECT_EQ(TrimBlank("  医保政策\t\n"), "医保政策");
  EXPECT_EQ(TrimBlank("\xE3\x80\x80 医保 政策\xE3\x80\x80"), "医保 政策");
  EXPECT_EQ(TrimBlank(""), "");
  EXPECT_TRUE(IsBlank("\xE3\x80\x80\xE3\x80\x80 \r\n"));
  EXPECT_TRUE(IsBlank(""));
  EXPECT_FALSE(IsBlank(" x "));
  EXPECT_FALSE(IsBlank("\xE3\x80\x81"));  // 、 is not a space.
}

}  // namespace
}  // namespace sixia
