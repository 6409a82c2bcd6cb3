// Helpers that read YAML nodes (versions/yaml_tree.h) strictly and turn every problem into a
// core::ScriptError that starts with "FILE:LINE:" (1-based, as editors show).
// Everything that parses YAML in strata goes through these, so messages are
// uniform.
#pragma once

#include "versions/yaml_tree.h"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata::versions {

/// Parses TEXT (the contents of FILE); throws ScriptError with file:line.
yaml::Node parse_yaml(const std::string& text, const std::string& file);

/// Where NODE is, as "FILE:LINE".
std::string location(const std::string& file, const yaml::Node& node);

/// Throws ScriptError "FILE:LINE: MESSAGE".
[[noreturn]] void fail_at(const std::string& file, const yaml::Node& node, const std::string& message);

/// Requires a mapping and rejects keys outside ALLOWED, naming the key.
void check_keys(const std::string& file, const yaml::Node& map, std::initializer_list<std::string_view> allowed,
                const std::string& what);

/// A required scalar field of MAP.
std::string required_string(const std::string& file, const yaml::Node& map, const char* key, const std::string& what);
/// An optional scalar field; null or absent gives nullopt.
std::optional<std::string> optional_string(const std::string& file, const yaml::Node& map, const char* key);
/// A scalar node's text (rejecting maps and lists).
std::string scalar_text(const std::string& file, const yaml::Node& node, const std::string& what);
/// A boolean field with a default.
bool boolean(const std::string& file, const yaml::Node& map, const char* key, bool fallback);
/// An integer field with a default.
int integer(const std::string& file, const yaml::Node& map, const char* key, int fallback);
/// A list of strings; a single scalar counts as a one-item list; null or absent is empty.
std::vector<std::string> string_list(const std::string& file, const yaml::Node& map, const char* key);

}  // namespace strata::versions
