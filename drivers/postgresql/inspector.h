// Reads a PostgreSQL schema into core::Schema with a handful of bulk catalog
// queries for all reflected schemas at once (tables, columns, constraints,
// indexes, comments), never one query per table, so a schema of 1,000 tables
// reflects in a few round trips. Keeps the contract of core/inspector.h.
#pragma once

#include "core/inspector.h"

namespace strata::drivers {
class SociSession;
}

namespace strata::drivers::postgresql {

class PostgresInspector : public core::Inspector {
 public:
  explicit PostgresInspector(SociSession& session) : session_(session) {}
  core::Schema reflect(const core::ReflectOptions& options) override;
  /// How many catalog queries the last reflect() ran (a fixed number, for
  /// any count of tables; tests hold it to that).
  int last_query_count() const { return query_count_; }

 private:
  SociSession& session_;
  int query_count_ = 0;
};

}  // namespace strata::drivers::postgresql
