// One table's columns: added, removed, and changed in type, nullability,
// server default or comment; then its primary key and comment (differ_table.cpp).
#include "core/differ_detail.h"
#include "core/text.h"

namespace strata::core::differ_detail {

void Differ::compare_table(const Table& want, const Table& have) {
  drop_constraints(want, have);
  std::vector<const Column*> added_columns, removed_columns;
  for (const auto& c : want.columns)
    if (!find_column(have, c.name)) added_columns.push_back(&c);
  for (const auto& c : have.columns)
    if (!find_column(want, c.name)) removed_columns.push_back(&c);

  // A key that changes is dropped and created by its own operations, so an
  // added or restored column never carries PRIMARY KEY itself.
  const bool key_changes = primary_key_changes(want, have);
  drop_primary_key(want, have);
  for (const auto* c : added_columns) {
    std::string comment;
    for (const auto* r : removed_columns)
      if (same_type(*c, *r)) {
        comment = "strata: possible rename of column '" + key_of(have) + "." + r->name + "' to '" + c->name +
                  "': use alter_column with new_name to keep its data";
        diff_.warnings.push_back("possible rename of column '" + key_of(have) + "." + r->name + "' to '" + c->name +
                                 "' (written as add + drop: check the revision)");
      }
    change("add_column", want, c->name, "added column '" + key_of(want) + "." + c->name + "'");
    Column added = *c;
    if (key_changes) added.primary_key = false;
    emit(AddColumn{want.name, want.schema, added}, DropColumn{want.name, c->name, want.schema}, comment);
  }
  for (const auto& c : want.columns)
    if (const Column* h = find_column(have, c.name)) compare_column(want, c, *h);
  create_primary_key(want, have);
  compare_table_comment(want, have);
  create_constraints(want, have);
  for (const auto* c : removed_columns) {
    change("remove_column", have, c->name, "removed column '" + key_of(have) + "." + c->name + "'");
    Column restored = *c;
    if (key_changes) restored.primary_key = false;
    emit(DropColumn{have.name, c->name, have.schema}, AddColumn{have.name, have.schema, restored});
  }
}

void Differ::compare_column(const Table& table, const Column& want, const Column& have) {
  const std::string where = "'" + key_of(table) + "." + want.name + "'";
  AlterColumn up, down;
  up.table = down.table = table.name;
  up.schema = down.schema = table.schema;
  up.name = down.name = want.name;
  bool changed = false;

  if (o_.compare_type && !same_type(want, have)) {
    change("modify_type", table, want.name,
           "type change from " + have.type + " to " + d_.column_type(want) + " on " + where);
    up.type = want.type;
    down.type = have.type;
    changed = true;
  }
  bool want_nullable = want.nullable && !want.primary_key;
  if (want_nullable != have.nullable) {
    change("modify_nullable", table, want.name, (want_nullable ? "NULL on column " : "NOT NULL on column ") + where);
    up.nullable = want_nullable;
    down.nullable = have.nullable;
    changed = true;
  }
  if (o_.compare_server_default && !have.autoincrement.value_or(false)) {
    auto norm = [&](const std::optional<std::string>& v, bool declared) -> std::optional<std::string> {
      if (!v) return std::nullopt;
      return d_.normalize_default(declared ? d_.render_default(*v) : *v);
    };
    if (norm(want.server_default, true) != norm(have.server_default, false)) {
      change("modify_default", table, want.name,
             (want.server_default ? "server default on column " : "removed server default on column ") + where);
      // emplace: assigning an empty optional<string> would leave the
      // outer optional empty ("unchanged") instead of "drop the default".
      up.server_default.emplace(want.server_default);
      down.server_default.emplace(have.server_default);
      changed = true;
    }
  }
  if (d_.supports_comments() && want.comment.value_or("") != have.comment.value_or("")) {
    change("modify_comment", table, want.name,
           (want.comment ? "column comment " : "removed column comment ") + where);
    up.comment.emplace(want.comment);
    down.comment.emplace(have.comment);
    changed = true;
  }
  compare_identity(table, want, have);
  warn_generated(table, want, have);
  if (!changed) return;
  // The hints say what the column is before each direction runs.
  up.existing_type = have.type;
  up.existing_nullable = have.nullable;
  up.existing_server_default = have.server_default;
  down.existing_type = want.type;
  down.existing_nullable = want_nullable;
  down.existing_server_default = want.server_default;
  emit(up, down);
}

}  // namespace strata::core::differ_detail
