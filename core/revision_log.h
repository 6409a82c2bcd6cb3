// The revision log (SPEC §10.5): one row per revision applied, reverted or
// accepted, in a table of strata's own next to the version table
// (`strata_revisions`, `revision_log_table` renames it). The runner writes
// the row in the transaction that writes the version row, so the log never
// names a revision the version table does not. What it keeps: the revision,
// the direction ("upgrade", "downgrade", or "accept" for `verify --accept`),
// the checksum of its file as read (core/sha256.h), when (the database's
// clock, UTC), how long it took, strata's version, and the revision's
// parents, so that `verify` can say where a version row with no file came
// from. Alembic never reads this table: the two tools still continue each
// other's databases, and revisions Alembic applies are simply not recorded.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/dialect.h"
#include "core/session.h"

namespace strata::core {

struct RevisionLogEntry {
  long long id = 0;  ///< the order of the rows (assigned by the database)
  std::string revision;
  std::string direction;  ///< "upgrade", "downgrade" or "accept"
  std::string sha256;     ///< "" when no file was read (a revision of an in-memory store)
  std::string applied_at; ///< "YYYY-MM-DD HH:MM:SS[.fff]", UTC, as the database wrote it
  std::optional<long long> duration_ms;  ///< none for offline scripts and acceptances
  std::string strata_version;
  std::vector<std::string> down_revisions;
};

/// Where VT's revision log is; none when it is not kept.
std::optional<VersionTable> revision_log_table(const VersionTable& vt);

/// True for strata's own tables beside VT: the version table, the revision
/// log and the mark of a revision in progress (left out of inspect and diffs).
bool is_bookkeeping_table(const std::string& schema, const std::string& name, const VersionTable& vt);

class RevisionLogSql {
 public:
  RevisionLogSql(const Dialect& dialect, VersionTable log);
  /// CREATE TABLE for the log.
  std::string create() const;
  /// INSERT of ENTRY (its id and applied_at are the database's).
  std::string insert(const RevisionLogEntry& entry) const;
  /// Creates the log when SESSION has no such table.
  void ensure(Session& session) const;

 private:
  const Dialect& dialect_;
  VersionTable log_;
  std::string insert_head_;  ///< "INSERT INTO log (id, revision, ...) SELECT ", the same for every row
};

/// Every row of the log, oldest first; empty when there is no log table.
std::vector<RevisionLogEntry> read_revision_log(Session& session, const VersionTable& log);

}  // namespace strata::core
