// The backslash escapes of Python string literals (\n, \x41, \u00e9, \N{...},
// octal), decoded the way Python decodes them. Used by the lexer, which
// handles the quotes, raw strings and backslash-newline itself.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace strata::versions::py {

/// Appends code point CP to OUT as UTF-8. A surrogate (which UTF-8 cannot
/// hold) becomes U+FFFD.
void append_utf8(std::string& out, unsigned long cp);

/// TEXT[AT] is a backslash that is not the last character and not followed by
/// a newline. Appends the escape's value to OUT and returns the index after
/// it. BYTES: the rules of b'' literals (\u, \U and \N are not escapes, \x
/// and octal give one byte). An unknown escape (\d) is kept as written, as
/// Python keeps it. A malformed one (\x4, \U00110000) returns npos with
/// ERROR set to what is wrong.
size_t decode_escape(std::string_view text, size_t at, bool bytes, std::string& out, std::string& error);

}  // namespace strata::versions::py
