// Operations written in YAML migration files (SPEC §5): each list item is a
// one-key map named after Alembic's op.* function.
#pragma once

#include "versions/yaml_tree.h"

#include <string>
#include <vector>

#include "core/ops.h"

namespace strata::versions {

/// Parses one list item; throws ScriptError naming FILE:LINE and the operation.
core::Op parse_op(const std::string& file, const yaml::Node& item);
/// Parses a list of operations (null or absent: empty).
/// LINES, when given, receives each operation's 1-based line.
std::vector<core::Op> parse_ops(const std::string& file, const yaml::Node& list, const char* section,
                                std::vector<int>* lines = nullptr);

}  // namespace strata::versions
