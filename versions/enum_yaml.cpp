#include "versions/enum_yaml.h"

#include <algorithm>
#include <cctype>

#include "versions/yaml_nodes.h"

namespace strata::versions {

std::vector<std::string> enum_values(const std::string& file, const yaml::Node& node, const char* key,
                                     const std::string& what) {
  yaml::Node list = node[key];
  if (!list || !list.is_sequence() || list.size() == 0)
    fail_at(file, list ? list : node, what + " needs '" + key + "', a non-empty list of values");
  std::vector<std::string> values;
  for (const auto& v : list) {
    std::string s = scalar_text(file, v, what + " value");
    if (s.empty()) fail_at(file, v, what + ": a value must not be empty");
    if (std::find(values.begin(), values.end(), s) != values.end())
      fail_at(file, v, what + ": the value '" + s + "' is listed twice");
    values.push_back(s);
  }
  return values;
}

core::EnumType parse_enum(const std::string& file, const yaml::Node& node, const std::string& what) {
  if (!node.is_map()) fail_at(file, node, what + " must be a mapping {name, values, schema}");
  core::EnumType e;
  e.name = required_string(file, node, "name", what);
  bool plain = !e.name.empty() && !std::isdigit(static_cast<unsigned char>(e.name.front())) &&
               std::all_of(e.name.begin(), e.name.end(),
                           [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
  if (!plain)
    fail_at(file, node["name"], what + " name '" + e.name + "' must be made of letters, digits and '_' " +
                                    "(a column names it as its type)");
  e.schema = optional_string(file, node, "schema").value_or("");
  e.values = enum_values(file, node, "values", what + " '" + e.name + "'");
  return e;
}

}  // namespace strata::versions
