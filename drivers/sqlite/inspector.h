// Reads SQLite tables back into core::Table with four queries for all tables
// (sqlite_master joined with the PRAGMA table-valued functions): columns and
// primary key from table_info, indexes from index_list / index_info, foreign
// keys from foreign_key_list, and what no PRAGMA reports (constraint names,
// CHECK conditions, partial-index predicates) from the CREATE statements kept
// in sqlite_master. The rebuild of a table (ALTER that SQLite cannot do in
// place) starts from this.
#pragma once

#include <map>
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
  /// The tables of SCHEMA (just ONLY when given), sorted by name.
  std::vector<core::Table> read(const std::string& schema, const std::optional<std::string>& only) const;
  std::vector<core::Table> read_uncached(const std::string& schema, const std::vector<std::string>* names,
                                         const std::optional<std::string>& only) const;
  SociSession& session_;
  /// (schema, table) -> the CREATE texts it was read from, and the table.
  mutable std::map<std::pair<std::string, std::string>, std::pair<std::string, core::Table>> cache_;
};

/// The top-level elements of a CREATE TABLE statement's column list
/// (exposed for tests).
std::vector<std::string> table_elements(const std::string& create_sql);

}  // namespace strata::drivers::sqlite
