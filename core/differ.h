// The differ: declared models against the live schema, as Alembic's
// autogenerate compares MetaData with the database. It finds tables,
// columns, indexes, unique constraints, foreign keys and check constraints
// added or removed, and type, nullability, server default and comment
// changes; it orders the operations (tables created parents first, dropped
// children first, foreign-key cycles closed by a separate create_foreign_key)
// and gives each upgrade operation its exact inverse for the downgrade, with
// the existing_* hints. Pure: comparisons go through the Dialect's
// normalize_type / normalize_default, so no database is needed to test it.
#pragma once

#include <string>
#include <vector>

#include "core/dialect.h"
#include "core/ops.h"
#include "core/schema.h"

namespace strata::core {

struct DiffOptions {
  bool compare_type = true;
  bool compare_server_default = true;
  std::vector<std::string> exclude_tables;  ///< glob patterns (`*`, `?`) on name or schema.name
  VersionTable version_table;               ///< never part of the diff
};

/// One detected difference, for `check` and the autogenerate summary.
struct Change {
  std::string kind;     ///< add_table, remove_table, add_column, remove_column, modify_type,
                        ///< modify_nullable, modify_default, modify_comment, add_index, remove_index,
                        ///< add_unique, remove_unique, add_fk, remove_fk, add_check, remove_check,
                        ///< add_pk, remove_pk, modify_pk, add_table_comment, remove_table_comment,
                        ///< modify_identity
  std::string table;    ///< schema.table, or table in the default schema
  std::string object;   ///< the column, index or constraint; empty for a table
  std::string message;  ///< "Detected added table 'users'", as Alembic logs it
};

struct Diff {
  std::vector<Change> changes;
  std::vector<Op> upgrade;
  std::vector<std::string> upgrade_comments;  ///< parallel to upgrade: "" or a note (a possible rename)
  std::vector<Op> downgrade;
  std::vector<std::string> warnings;  ///< possible renames, differences that cannot be migrated
  bool empty() const { return changes.empty(); }
};

/// DECLARED must have had apply_naming_convention(); LIVE is a reflected
/// schema (core/inspector.h's contract).
Diff diff_schemas(const Schema& declared, const Schema& live, const Dialect& dialect, const DiffOptions& options);

/// Glob matching with `*` and `?` (exclude_tables).
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace strata::core
