#include "versions/yaml_nodes.h"

#include <algorithm>
#include <climits>

#include "core/error.h"
#include "versions/yaml_scalars.h"

namespace strata::versions {

using core::ScriptError;

yaml::Node parse_yaml(const std::string& text, const std::string& file) {
  // YAML forbids NUL; said here by line, where libyaml would name a byte
  // offset's column in what may be a binary file.
  if (auto nul = text.find('\0'); nul != std::string::npos) {
    auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
    throw ScriptError(file + ":" + std::to_string(line) + ": contains a NUL byte (a binary file?)");
  }
  return yaml::parse(text, file);
}

std::string location(const std::string& file, const yaml::Node& node) {
  int line = node.mark().line;
  return line >= 0 ? file + ":" + std::to_string(line + 1) : file;
}

void fail_at(const std::string& file, const yaml::Node& node, const std::string& message) {
  throw ScriptError(location(file, node) + ": " + message);
}

void check_keys(const std::string& file, const yaml::Node& map, std::initializer_list<std::string_view> allowed,
                const std::string& what) {
  if (!map.is_map()) fail_at(file, map, what + " must be a mapping");
  std::vector<std::string_view> seen;  // the tree keeps duplicate keys and lookups see the first only
  for (const auto& kv : map) {
    if (!kv.first.is_scalar()) fail_at(file, kv.first, what + " has a key that is not a string");
    const std::string& key = kv.first.scalar();
    if (std::find(seen.begin(), seen.end(), key) != seen.end())
      fail_at(file, kv.first, "duplicate key '" + key + "' in " + what);
    seen.push_back(key);
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      fail_at(file, kv.first, "unknown key '" + key + "' in " + what + " (expected one of: " + list + ")");
    }
  }
}

std::string scalar_text(const std::string& file, const yaml::Node& node, const std::string& what) {
  if (!node.is_scalar()) fail_at(file, node, what + " must be a single value");
  return node.scalar();
}

std::string required_string(const std::string& file, const yaml::Node& map, const char* key, const std::string& what) {
  yaml::Node v = map[key];
  if (!v || v.is_null()) fail_at(file, map, what + " needs '" + key + "'");
  std::string s = scalar_text(file, v, std::string("'") + key + "'");
  if (s.empty()) fail_at(file, v, std::string("'") + key + "' must not be empty");
  return s;
}

std::optional<std::string> optional_string(const std::string& file, const yaml::Node& map, const char* key) {
  yaml::Node v = map[key];
  if (!v || v.is_null()) return std::nullopt;
  return scalar_text(file, v, std::string("'") + key + "'");
}

bool boolean(const std::string& file, const yaml::Node& map, const char* key, bool fallback) {
  yaml::Node v = map[key];
  if (!v || v.is_null()) return fallback;
  std::optional<bool> out = v.is_scalar() ? yaml::decode_bool(v.scalar()) : std::nullopt;
  if (!out) fail_at(file, v, std::string("'") + key + "' must be true or false");
  return *out;
}

int integer(const std::string& file, const yaml::Node& map, const char* key, int fallback) {
  yaml::Node v = map[key];
  if (!v || v.is_null()) return fallback;
  std::optional<long long> out = v.is_scalar() ? yaml::decode_integer(v.scalar()) : std::nullopt;
  if (!out || *out < INT_MIN || *out > INT_MAX) fail_at(file, v, std::string("'") + key + "' must be an integer");
  return static_cast<int>(*out);
}

std::vector<std::string> string_list(const std::string& file, const yaml::Node& map, const char* key) {
  yaml::Node v = map[key];
  std::vector<std::string> out;
  if (!v || v.is_null()) return out;
  if (v.is_scalar()) {
    out.push_back(v.scalar());
    return out;
  }
  if (!v.is_sequence()) fail_at(file, v, std::string("'") + key + "' must be a list");
  for (const auto& item : v) out.push_back(scalar_text(file, item, std::string("an item of '") + key + "'"));
  return out;
}

}  // namespace strata::versions
