// Reads a MySQL / MariaDB schema into core::Schema from information_schema
// with a fixed number of bulk queries for all reflected schemas at once
// (tables, columns, indexes, foreign keys, checks), never one per table.
// Keeps the contract of core/inspector.h: the connection's current database
// is the default schema (its tables carry an empty Table::schema; "public",
// the default of include_schemas, names it too).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/inspector.h"

namespace strata::drivers {
class SociSession;
}

namespace strata::drivers::mysql {

class MysqlInspector : public core::Inspector {
 public:
  explicit MysqlInspector(SociSession& session) : session_(session) {}
  core::Schema reflect(const core::ReflectOptions& options) override;
  /// One table as it is now (for MODIFY COLUMN); nullopt when there is none.
  std::optional<core::Table> table(const std::string& schema, const std::string& name) const;
  /// How many queries the last reflect() ran (fixed, whatever the table count).
  int last_query_count() const { return query_count_; }

 private:
  std::vector<core::Table> read(const std::vector<std::string>& schemas, const std::optional<std::string>& only) const;
  bool mariadb() const;

  SociSession& session_;
  mutable int query_count_ = 0;
  mutable std::optional<bool> mariadb_;
};

}  // namespace strata::drivers::mysql
