// Small string helpers the layers share (ASCII case, white space, joining),
// so each file does not carry its own copy.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace strata::core {

std::string lower(std::string_view s);  ///< ASCII lower case
std::string upper(std::string_view s);  ///< ASCII upper case
std::string trim(std::string_view s);   ///< without leading and trailing white space
/// PARTS with SEP between them ("a, b, c").
std::string join(const std::vector<std::string>& parts, std::string_view sep = ", ");
/// The words of TEXT separated by white space ("a  b" -> {"a", "b"}).
std::vector<std::string> split_words(std::string_view text);
/// TEXT with every FROM replaced by TO, left to right (replacements are not rescanned).
std::string replace_all(std::string text, const std::string& from, const std::string& to);

/// True when TEXT is well-formed UTF-8 (no overlong forms, no surrogates,
/// nothing past U+10FFFF).
bool valid_utf8(std::string_view text);

}  // namespace strata::core
