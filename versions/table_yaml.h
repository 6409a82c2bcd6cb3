// Tables and columns written in YAML: the shape shared by models.yaml (SPEC §4)
// and the create_table / add_column operations (SPEC §5).
#pragma once

#include "versions/yaml_tree.h"

#include <string>

#include "core/schema.h"

namespace strata::versions {

/// Parses a table mapping; throws ScriptError naming FILE:LINE.
core::Table parse_table(const std::string& file, const yaml::Node& node);
/// Parses a column mapping.
core::Column parse_column(const std::string& file, const yaml::Node& node);
/// ON DELETE / ON UPDATE take a fixed set of keywords: checked when the file
/// is read, with its line, never passed through to SQL. Throws ScriptError.
void check_foreign_key_actions(const std::string& file, const yaml::Node& node);
/// Parses an index's `columns` (of an index or a create_index): each item a
/// column name or a map with one of `column` / `expression`, and optionally
/// `opclass` and `order` (asc|desc). Throws ScriptError naming FILE:LINE.
std::vector<core::IndexElement> parse_index_columns(const std::string& file, const yaml::Node& owner);
/// Parses a foreign key: the column short form (`users.id` or
/// `{references: users.id, ondelete: ...}`) when COLUMN is given, else the table form.
core::ForeignKey parse_foreign_key(const std::string& file, const yaml::Node& node, const std::string* column);
/// The multi-column form's fields, its keys not checked (an operation that
/// holds them, create_foreign_key, checks its own wider set).
core::ForeignKey parse_foreign_key_fields(const std::string& file, const yaml::Node& node);

}  // namespace strata::versions
