// Undoing what a failed revision did, on databases whose DDL commits on its
// own (Dialect::transactional_ddl() is false: MySQL). Before each operation
// runs, its inverse is worked out from the operation and, for what it
// destroys or changes, from the table as it is then; when a later statement
// of the revision fails, the inverses of the operations that ran are applied
// newest first, so the schema is back where the revision found it and the
// version table (never written for the failed revision) is true.
//
// What no inverse brings back is said, not hidden: rows of a dropped table
// or column, and raw SQL (`execute`) or inserted rows, whose effect strata
// cannot know. Those make the undo "partial" and are named in the error.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dialect.h"
#include "core/ops.h"

namespace strata::core {

struct Inverse {
  std::vector<Op> ops;   ///< what undoes the operation, in order; empty: nothing can
  std::string loss;      ///< "" or what the undo cannot bring back ("the rows of table 'x'")
  /// Set for an added column that carries a foreign key the database named
  /// itself (no name in the file): before `ops`, the foreign keys on this
  /// column of the live table are dropped, or MySQL refuses to drop it.
  std::optional<std::string> drop_foreign_keys_of;
};

/// The inverse of OP, run against a database where TABLES answers what
/// each table is before OP runs. OP must carry the names the naming
/// convention gives (the runner applies it first).
Inverse inverse_of(const Op& op, const TableLookup& tables);

/// The statements-to-be of INV at the time it is applied: its ops, after the
/// foreign keys drop_foreign_keys_of names, looked up in LIVE.
std::vector<Op> inverse_ops(const Inverse& inv, const std::string& table, const std::string& schema,
                            const TableLookup& live);

/// Whether SQL holds more than one statement (a `;` outside quotes and
/// comments followed by more SQL): such an `execute` that fails may have
/// run, and committed, the statements before the one that failed.
bool several_statements(std::string_view sql);

/// Whether OP only changes rows, so that a rollback takes it back on a
/// database whose DDL commits on its own: a bulk_insert, or an execute of one
/// statement that starts with INSERT, UPDATE, DELETE, REPLACE, SELECT or
/// WITH. Any other statement may commit implicitly (MySQL commits around
/// DDL), so it is taken as committed.
bool rows_only(const Op& op);

/// Whether inverse_of(OP) needs the table as it is before OP (drops and
/// alterations do; creations do not), so the runner can skip the lookup.
bool inverse_needs_table(const Op& op);

}  // namespace strata::core
