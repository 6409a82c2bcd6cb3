#include "versions/yaml_nodes.h"

#include <algorithm>

#include "core/error.h"

namespace strata::versions {

using core::ScriptError;

YAML::Node parse_yaml(const std::string& text, const std::string& file) {
  // YAML forbids NUL; yaml-cpp lets some through into strings (a path with a
  // NUL is silently cut short by the OS) and garbles others' messages.
  if (auto nul = text.find('\0'); nul != std::string::npos) {
    auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(nul), '\n');
    throw ScriptError(file + ":" + std::to_string(line) + ": contains a NUL byte (a binary file?)");
  }
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    // yaml-cpp marks are 0-based; -1 when unknown.
    // Appended piece by piece: `":" + std::to_string(...)` trips GCC 12's
    // -Wrestrict false positive in Release builds.
    std::string where = file;
    if (e.mark.line >= 0) {
      where += ':';
      where += std::to_string(e.mark.line + 1);
      where += ':';
      where += std::to_string(e.mark.column + 1);
    }
    throw ScriptError(where + ": invalid YAML: " + e.msg);
  }
}

std::string location(const std::string& file, const YAML::Node& node) {
  int line = node.Mark().line;
  return line >= 0 ? file + ":" + std::to_string(line + 1) : file;
}

void fail_at(const std::string& file, const YAML::Node& node, const std::string& message) {
  throw ScriptError(location(file, node) + ": " + message);
}

void check_keys(const std::string& file, const YAML::Node& map, std::initializer_list<std::string_view> allowed,
                const std::string& what) {
  if (!map.IsMap()) fail_at(file, map, what + " must be a mapping");
  std::vector<std::string> seen;  // yaml-cpp keeps duplicate keys and lookups see the first only
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) fail_at(file, kv.first, what + " has a key that is not a string");
    const std::string& key = kv.first.Scalar();
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

std::string scalar_text(const std::string& file, const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar()) fail_at(file, node, what + " must be a single value");
  return node.Scalar();
}

std::string required_string(const std::string& file, const YAML::Node& map, const char* key, const std::string& what) {
  YAML::Node v = map[key];
  if (!v || v.IsNull()) fail_at(file, map, what + " needs '" + key + "'");
  std::string s = scalar_text(file, v, std::string("'") + key + "'");
  if (s.empty()) fail_at(file, v, std::string("'") + key + "' must not be empty");
  return s;
}

std::optional<std::string> optional_string(const std::string& file, const YAML::Node& map, const char* key) {
  YAML::Node v = map[key];
  if (!v || v.IsNull()) return std::nullopt;
  return scalar_text(file, v, std::string("'") + key + "'");
}

bool boolean(const std::string& file, const YAML::Node& map, const char* key, bool fallback) {
  YAML::Node v = map[key];
  if (!v || v.IsNull()) return fallback;
  bool out = false;
  if (!v.IsScalar() || !YAML::convert<bool>::decode(v, out))
    fail_at(file, v, std::string("'") + key + "' must be true or false");
  return out;
}

int integer(const std::string& file, const YAML::Node& map, const char* key, int fallback) {
  YAML::Node v = map[key];
  if (!v || v.IsNull()) return fallback;
  int out = 0;
  if (!v.IsScalar() || !YAML::convert<int>::decode(v, out))
    fail_at(file, v, std::string("'") + key + "' must be an integer");
  return out;
}

std::vector<std::string> string_list(const std::string& file, const YAML::Node& map, const char* key) {
  YAML::Node v = map[key];
  std::vector<std::string> out;
  if (!v || v.IsNull()) return out;
  if (v.IsScalar()) {
    out.push_back(v.Scalar());
    return out;
  }
  if (!v.IsSequence()) fail_at(file, v, std::string("'") + key + "' must be a list");
  for (const auto& item : v) out.push_back(scalar_text(file, item, std::string("an item of '") + key + "'"));
  return out;
}

}  // namespace strata::versions
