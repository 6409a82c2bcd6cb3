// Applying one operation to a table definition: what the table looks like
// after add_column, alter_column, create_index, drop_constraint, ... Pure and
// reusable: the SQLite dialect uses it to compute the table it rebuilds, and
// offline (`--sql`) mode to track the schema as operations are rendered.
#pragma once

#include <string>

#include "core/ops.h"
#include "core/schema.h"

namespace strata::core {

/// TABLE after OP. Handles the operations that edit one existing table:
/// rename_table, add/drop/alter_column, create/drop_index,
/// create_unique_constraint, create_foreign_key, create_check_constraint,
/// create_primary_key, drop_constraint and create/drop_table_comment. As PostgreSQL does, drop_column
/// also drops the indexes and constraints that involve the column (a check
/// constraint when its condition names it), and a rename follows the column
/// into indexes, constraints and check conditions.
/// Throws DatabaseError when OP names a column, index or constraint that
/// TABLE lacks (or adds one that exists), and std::invalid_argument for an
/// operation that does not edit one table (create/drop_table, execute,
/// bulk_insert).
Table apply_to_table(const Table& table, const Op& op);

/// TABLE with its column shortcuts (`index: true`, `unique: true`, a column
/// foreign key) turned into the table-level entries the database ends up
/// with, under the names the dialects give them, so that later edits (a
/// column rename) keep those names as a live database does.
Table materialize_shortcuts(Table table);

/// The name of the index that a column's `index: true` creates: ix_<table>_<column>.
std::string column_index_name(const Table& table, const Column& column);
/// The name of the constraint that a column's `unique: true` (without
/// `index: true`) creates: uq_<table>_<column>.
std::string column_unique_name(const Table& table, const Column& column);

}  // namespace strata::core
