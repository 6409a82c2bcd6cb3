// core/text.h: valid_utf8 (its eight-bytes-at-a-time ASCII path against a
// byte-by-byte reference at every offset), replace_all.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/text.h"

// Its own namespace: the unity build compiles several test files as one.
namespace text_test {

using strata::core::replace_all;
using strata::core::valid_utf8;

TEST_CASE("valid_utf8: well-formed and malformed sequences") {
  CHECK(valid_utf8(""));
  CHECK(valid_utf8("plain ASCII text, longer than eight bytes"));
  CHECK(valid_utf8("caf\xC3\xA9"));                 // U+00E9
  CHECK(valid_utf8("\xE2\x82\xAC and \xF0\x9F\x98\x80"));  // U+20AC, U+1F600
  CHECK_FALSE(valid_utf8("\x80"));                  // a continuation byte alone
  CHECK_FALSE(valid_utf8("\xC3"));                  // cut short
  CHECK_FALSE(valid_utf8("\xC0\xAF"));              // overlong '/'
  CHECK_FALSE(valid_utf8("\xED\xA0\x80"));          // a surrogate
  CHECK_FALSE(valid_utf8("\xF4\x90\x80\x80"));      // past U+10FFFF
  CHECK_FALSE(valid_utf8("\xFF"));
}

TEST_CASE("valid_utf8: a bad or good sequence is seen at every offset of a long ASCII run") {
  const std::vector<std::pair<std::string, bool>> pieces = {
      {"\xC3\xA9", true}, {"\xF0\x9F\x98\x80", true}, {"\x80", false}, {"\xC3", false}, {"\xED\xA0\x80", false}};
  for (const auto& [piece, ok] : pieces)
    for (size_t before = 0; before < 20; ++before)
      for (size_t after = 0; after < 12; ++after) {
        const std::string text = std::string(before, 'a') + piece + std::string(after, 'b');
        CAPTURE(before);
        CAPTURE(after);
        CHECK(valid_utf8(text) == ok);
      }
}

TEST_CASE("replace_all: every occurrence, left to right, replacements not rescanned") {
  CHECK(replace_all("a-b-c", "-", "+") == "a+b+c");
  CHECK(replace_all("{{x}}{{x}}", "{{x}}", "{{x}}{{x}}") == "{{x}}{{x}}{{x}}{{x}}");
  CHECK(replace_all("aaa", "aa", "b") == "ba");
  CHECK(replace_all("none here", "zz", "y") == "none here");
}

}  // namespace text_test
