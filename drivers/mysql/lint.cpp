// MySQL's and MariaDB's lint rule (SPEC §10.4): a column's type changed by
// MODIFY COLUMN is done by copying the table (ALGORITHM=COPY), which blocks
// writes for the whole copy; only a VARCHAR made longer within the same
// length-byte size (under 256 bytes, or 256 and over) is done in place.
// https://mariadb.com/kb/en/innodb-online-ddl-operations-with-the-inplace-alter-algorithm/
// https://dev.mysql.com/doc/refman/8.0/en/innodb-online-ddl-operations.html#online-ddl-column-operations
#include <string>

#include "core/lint_scope.h"
#include "drivers/mysql/dialect.h"

namespace strata::drivers::mysql {

namespace {

// VARCHAR(n) -> n; anything else -1. Lengths are characters; in utf8mb4 a
// character is up to 4 bytes, which is what the length bytes count.
int varchar_length(const std::string& type) {
  const std::string prefix = "VARCHAR(";
  if (type.rfind(prefix, 0) != 0 || type.back() != ')') return -1;
  try {
    return std::stoi(type.substr(prefix.size(), type.size() - prefix.size() - 1));
  } catch (const std::exception&) {
    return -1;
  }
}

bool in_place(const std::string& from, const std::string& to) {
  if (from == to) return true;
  const int a = varchar_length(from), b = varchar_length(to);
  return a >= 0 && b >= a && (a * 4 < 256) == (b * 4 < 256);
}

}  // namespace

std::vector<core::LintHit> MysqlDialect::lint(const core::Op& op, const core::LintScope& scope) const {
  const auto* a = std::get_if<core::AlterColumn>(&op);
  if (!a || !a->type || !scope.existing(a->schema, a->table)) return {};
  std::string old_type = a->existing_type.value_or("");
  if (const core::Table* t = scope.table(a->schema, a->table))
    for (const auto& c : t->columns)
      if (c.name == a->name) old_type = c.type;
  if (!old_type.empty() && in_place(sql_type(old_type), sql_type(*a->type))) return {};
  return {{"mysql-table-copy", "changes " + a->table + "." + a->name + " to " + *a->type +
                                   ", which MySQL does by copying the table while its writes wait; add a new "
                                   "column, backfill it and switch over instead"}};
}

}  // namespace strata::drivers::mysql
