// SQLite's lint rule (SPEC §10.4): ALTER TABLE does only a few things in
// place; everything else strata does as the documented twelve-step rebuild
// (a new table, every row copied, the old one dropped), which holds the
// database's write lock for the whole copy.
// https://www.sqlite.org/lang_altertable.html#otheralter
#include "core/lint_scope.h"
#include "drivers/sqlite/dialect.h"

namespace strata::drivers::sqlite {

std::vector<core::LintHit> SqliteDialect::lint(const core::Op& op, const core::LintScope& scope) const {
  std::string table, schema;
  bool rebuilds = std::visit(
      common::Overload{
          [&](const core::AddColumn& o) {
            table = o.table, schema = o.schema;
            return !add_column_in_place(o).has_value();
          },
          [&](const core::DropColumn& o) { return table = o.table, schema = o.schema, true; },
          [&](const core::AlterColumn& o) {
            table = o.table, schema = o.schema;
            return o.type || o.nullable || o.server_default;
          },
          [&](const core::CreateUniqueConstraint& o) { return table = o.table, schema = o.schema, true; },
          [&](const core::CreateForeignKey& o) { return table = o.table, schema = o.schema, true; },
          [&](const core::CreateCheckConstraint& o) { return table = o.table, schema = o.schema, true; },
          [&](const core::CreatePrimaryKey& o) { return table = o.table, schema = o.schema, true; },
          [&](const core::DropConstraint& o) { return table = o.table, schema = o.schema, true; },
          [](const auto&) { return false; },
      },
      op);
  if (!rebuilds || !scope.existing(schema, table)) return {};
  return {{"sqlite-table-rebuild", std::string(core::op_name(op)) + " on " + table +
                                       " rebuilds the table, copying every row under the database's write lock; "
                                       "on a big table, run it when writes can wait"}};
}

}  // namespace strata::drivers::sqlite
