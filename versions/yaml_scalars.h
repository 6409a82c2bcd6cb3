// How strata reads a plain YAML scalar as something other than a string.
// The reader (yaml_tree, the field helpers, bulk_insert literals) and the
// writer (which quotes whatever the reader would not take back as the same
// string) share these, so a written file always reads back as written.
//
// The forms: null is "", ~, null/Null/NULL; booleans are YAML 1.1's
// true/false, yes/no, on/off, y/n in lower, Capitalised or UPPER case (as
// yaml-cpp and PyYAML read them, so a file that worked before still does);
// integers and floats are YAML 1.2's core schema (decimal, 0x hex, 0o octal;
// 1.5, 1e3, .5, .inf, .nan), so "010" is ten, never eight.
#pragma once

#include <optional>
#include <string_view>

namespace strata::versions::yaml {

bool is_null_text(std::string_view text);
std::optional<bool> decode_bool(std::string_view text);
std::optional<long long> decode_integer(std::string_view text);
std::optional<double> decode_double(std::string_view text);

}  // namespace strata::versions::yaml
