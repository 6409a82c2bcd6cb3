// What a dialect's lint rules (Dialect::lint) see of one operation, and what
// they report. Kept apart from core/lint.h so core/dialect.h can name them.
#pragma once

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/schema.h"

namespace strata::core {

/// The schema before the operation (the revision's earlier operations
/// applied) and the tables the revision itself created.
struct LintScope {
  const Schema& before;
  const std::set<std::pair<std::string, std::string>>& created;  ///< (schema, table) made in this revision
  bool transactional = true;  ///< the revision runs in a transaction (not `transactional: false`)

  /// The table as the replay knows it; nullptr when unknown (made by raw SQL).
  const Table* table(const std::string& schema, const std::string& name) const {
    for (const auto& t : before.tables)
      if (t.name == name && t.schema == schema) return &t;
    return nullptr;
  }
  /// "Existing" (SPEC §10.4): a table this revision did not create.
  bool existing(const std::string& schema, const std::string& name) const { return !created.count({schema, name}); }
};

/// A finding a rule reports; the engine adds revision, file, line, severity.
struct LintHit {
  std::string code;
  std::string message;
};

}  // namespace strata::core
