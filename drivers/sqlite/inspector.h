// Reads SQLite tables back into core::Table: columns and primary key from
// PRAGMA table_info, indexes from PRAGMA index_list / index_info, foreign keys
// from PRAGMA foreign_key_list, and what no PRAGMA reports (constraint names,
// CHECK conditions, partial-index predicates) from the CREATE statements kept
// in sqlite_master. The rebuild of a table (ALTER that SQLite cannot do in
// place) starts from this.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/dialect.h"
#include "core/inspector.h"

namespace strata::drivers {
class SociSession;
}

namespace strata::drivers::sqlite {

class SqliteInspector : public core::TableLookup, public core::Inspector {
 public:
  explicit SqliteInspector(SociSession& session) : session_(session) {}
  std::optional<core::Table> table(const std::string& schema, const std::string& name) const override;
  /// Every table of each schema ("main" is the default), via table().
  core::Schema reflect(const core::ReflectOptions& options) override;
  /// Every user table (not sqlite_* internals), sorted by name.
  std::vector<std::string> table_names(const std::string& schema) const;

 private:
  SociSession& session_;
};

/// The top-level elements of a CREATE TABLE statement's column list
/// (exposed for tests).
std::vector<std::string> table_elements(const std::string& create_sql);

}  // namespace strata::drivers::sqlite
