// Escaping file names and log values for JSON (UTF-8 only) and for the terminal (no control characters).
#include <gtest/gtest.h>

#include "common/text.hpp"

namespace sparkmv::text {
namespace {

TEST(EscapeInvalidUtf8, KeepsValidTextAndWritesOtherBytesAsHex) {
  EXPECT_EQ(escape_invalid_utf8("plain ü €"), "plain ü €");
  EXPECT_EQ(escape_invalid_utf8("a\xff\xfe"
                                "b"),
            "a\\xff\\xfeb");
  EXPECT_EQ(escape_invalid_utf8("cut \xe2\x82"), "cut \\xe2\\x82");
  EXPECT_EQ(escape_invalid_utf8("overlong \xc0\xaf"), "overlong \\xc0\\xaf");
  EXPECT_EQ(escape_invalid_utf8("surrogate \xed\xa0\x80"), "surrogate \\xed\\xa0\\x80");
  EXPECT_TRUE(is_valid_utf8(escape_invalid_utf8("\x80\x81\xf5")));
}

TEST(EscapeControl, NoControlCharacterSurvives) {
  EXPECT_EQ(escape_control("title \x1b]0;owned\x07 clear \x1b[2J"),
            "title \\x1b]0;owned\\x07 clear \\x1b[2J");
  EXPECT_EQ(escape_control("c1 \xc2\x9b"
                           "31m"),
            "c1 \\xc2\\x9b31m");
  EXPECT_EQ(escape_control("del \x7f tab\tcr\r"), "del \\x7f tab\\tcr\\r");
  EXPECT_EQ(escape_control("two\nlines"), "two\nlines");
  EXPECT_EQ(escape_control("two\nlines", false), "two\\nlines");
  EXPECT_EQ(escape_control("bad \xff"), "bad \\xff");
  EXPECT_EQ(escape_control("ünïcödé ✓"), "ünïcödé ✓");
}

}  // namespace
}  // namespace sparkmv::text
