// MysqlDialect::drop_column: what MySQL would keep or refuse goes first.
#include <algorithm>

#include "core/table_edit.h"
#include "drivers/mysql/dialect.h"

namespace strata::drivers::mysql {

std::vector<std::string> MysqlDialect::drop_column(const core::DropColumn& op,
                                                   const core::TableLookup& tables) const {
  // The indexes and constraints that involve the column go with it, as on
  // PostgreSQL and in core::apply_to_table. MySQL drops a one-column index or
  // check itself, but refuses to drop a column of a foreign key or of a
  // check on several columns, MariaDB also of a unique key on several, and a
  // plain index on several columns would shrink to the others: those are
  // dropped first, by name.
  std::vector<std::string> out;
  const std::string alter = alter_table(op.schema, op.table);
  if (auto live = tables.table(op.schema, op.table)) {
    const core::Table before = core::materialize_shortcuts(*live);
    const core::Table after = core::apply_to_table(before, op);
    auto gone = [](const auto& list, const std::string& name) {
      return !name.empty() && std::none_of(list.begin(), list.end(), [&](const auto& e) { return e.name == name; });
    };
    for (const auto& fk : before.foreign_keys)
      if (gone(after.foreign_keys, fk.name)) out.push_back(alter + " DROP FOREIGN KEY " + quote(fk.name));
    for (const auto& ck : before.check_constraints)
      if (gone(after.check_constraints, ck.name)) out.push_back(alter + " DROP CONSTRAINT " + quote(ck.name));
    for (const auto& u : before.unique_constraints)
      if (u.columns.size() > 1 && gone(after.unique_constraints, u.name))
        out.push_back(alter + " DROP INDEX " + quote(u.name));
    for (const auto& ix : before.indexes)
      if (ix.columns.size() > 1 && gone(after.indexes, ix.name)) out.push_back(alter + " DROP INDEX " + quote(ix.name));
  }
  out.push_back(alter + " DROP COLUMN " + quote(op.name));
  return out;
}

}  // namespace strata::drivers::mysql
