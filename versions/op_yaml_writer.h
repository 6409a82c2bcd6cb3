// Writing operations as YAML (SPEC §5): the block list that fills a revision
// template's {{upgrades}} / {{downgrades}} (see render_yaml_revision). The
// inverse of op_yaml's parse_ops: for every list of operations that parse_ops
// can produce, parse_ops(yaml::parse(ops_to_yaml(ops))) == ops.
//
// Style: each operation is an item "  - name: ..." indented by two spaces.
// Short operations are one flow map on one line; create_table, add_column and
// bulk_insert, and anything longer than a line, are block maps whose columns,
// constraints and rows are flow maps, one per line, as in SPEC §4. Only fields
// that differ from their defaults are written. Strings are plain where every
// YAML reader takes them back as the same string, else double-quoted with
// escapes; multi-line execute SQL is a literal block scalar ("|" / "|-") when
// that reads back exactly.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/ops.h"

namespace strata::versions {

/// An operation with an optional comment written as "  # ..." lines before it
/// (rename hints and other notes for the reader); "" writes no comment.
struct WrittenOp {
  core::Op op;
  std::string comment;
};

/// The YAML block list of OPS; "" for none. Every line ends with '\n' except
/// the last, so the text drops straight into {{upgrades}}.
/// Throws std::invalid_argument for a value no YAML form can hold: a column's
/// foreign key whose columns are not just that column, or that refers to more
/// than one column, or to a table or column name containing '.'.
std::string ops_to_yaml(const std::vector<core::Op>& ops);
std::string ops_to_yaml(const std::vector<WrittenOp>& ops);

/// SCHEMA as a models.yaml document (SPEC §4): `tables:` and one entry per
/// table, in the style of create_table's block form. load_models reads it
/// back as the same tables.
std::string models_to_yaml(const core::Schema& schema);

/// One string as a YAML scalar valid in block and flow context: plain when
/// unambiguous (`users`, `string(255)`, `now()`), else double-quoted.
std::string yaml_flow_scalar(std::string_view s);

}  // namespace strata::versions
