// Native enum types written in YAML: models.yaml's top-level `enums:` entries
// and the create_enum / drop_enum / alter_enum operations share one shape,
// {name, schema, values}.
#pragma once

#include "versions/yaml_tree.h"

#include <string>
#include <vector>

#include "core/schema.h"

namespace strata::versions {

/// NODE's `name`, `schema` and `values` (WHAT names the entry in errors):
/// the name a plain identifier (letters, digits, `_`), the values a non-empty
/// list of distinct non-empty strings. Throws ScriptError naming FILE:LINE.
/// Other keys are the caller's to check.
core::EnumType parse_enum(const std::string& file, const yaml::Node& node, const std::string& what);

/// The list under KEY, checked as an enum's values.
std::vector<std::string> enum_values(const std::string& file, const yaml::Node& node, const char* key,
                                     const std::string& what);

}  // namespace strata::versions
