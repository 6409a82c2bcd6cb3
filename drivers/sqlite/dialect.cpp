#include "drivers/sqlite/dialect.h"
#include "core/text.h"

#include <algorithm>

#include "core/column_type.h"
#include "core/error.h"
#include "core/table_edit.h"

namespace strata::drivers::sqlite {

using core::lower;

namespace {

using core::PortableType;

// The table an operation edits, for the rebuild.
std::pair<std::string, std::string> target_table(const core::Op& op) {
  std::string schema, table;
  std::visit([&](const auto& o) {
    if constexpr (requires { o.table; }) {
      if constexpr (std::is_convertible_v<decltype(o.table), std::string>) table = o.table;
    }
    if constexpr (requires { o.schema; }) schema = o.schema;
  }, op);
  return {schema, table};
}

}  // namespace

std::string SqliteDialect::column_type(const core::Column& column) const {
  auto type = core::parse_column_type(column.type);
  if (auto shared = shared_type(type)) return *shared;
  switch (type.kind) {
    case PortableType::Kind::kDateTime: return "DATETIME";
    case PortableType::Kind::kTime: return "TIME";
    case PortableType::Kind::kUuid: return "CHAR(32)";
    case PortableType::Kind::kBinary: return "BLOB";
    default: return type.native;
  }
}

std::string SqliteDialect::column_definition(const core::Table& table, const core::Column& column) const {
  // Only a column typed exactly INTEGER with the primary key is SQLite's
  // rowid alias, the one that auto-increments: BIGINT would not be.
  std::string type = autoincrements(table, column) ? "INTEGER" : column_type(column);
  std::string out = quote(column.name) + " " + type + default_clause(column);
  if (!column.nullable || column.primary_key) out += " NOT NULL";
  if (primary_key_inline(table) && core::primary_key_columns(table).front() == column.name) {
    if (!table.primary_key.name.empty()) out += " CONSTRAINT " + quote(table.primary_key.name);
    out += " PRIMARY KEY AUTOINCREMENT";
  }
  return out;
}

bool SqliteDialect::primary_key_inline(const core::Table& table) const {
  // AUTOINCREMENT exists only on the rowid key, a single INTEGER column.
  if (!table.sqlite_autoincrement) return false;
  const std::vector<std::string> key = core::primary_key_columns(table);
  for (const auto& c : table.columns)
    if (key.size() == 1 && c.name == key.front()) return autoincrements(table, c);
  return false;
}

std::string SqliteDialect::default_expression(std::string_view server_default) const {
  std::string text(server_default);
  switch (common::classify_default(text)) {
    case common::DefaultKind::kLiteral:
    case common::DefaultKind::kKeyword: return text;
    case common::DefaultKind::kText: return quote_string(text);
    case common::DefaultKind::kExpression:
      // SPEC §4: now() is portable; SQLite spells it CURRENT_TIMESTAMP.
      if (lower(text) == "now()") return "CURRENT_TIMESTAMP";
      return "(" + text + ")";  // SQLite takes an expression default only in parentheses
  }
  return text;
}

std::string SqliteDialect::normalize_default(std::string_view expression) const {
  std::string e = SqlDialect::normalize_default(expression);
  if (e == "true") return "1";
  if (e == "false") return "0";
  return e;
}

std::string SqliteDialect::referred_table(const core::ForeignKey& fk, const std::string&) const {
  // A REFERENCES clause names a table of the same database file: no schema.
  return quote(fk.referred_table);
}

std::optional<std::vector<std::string>> SqliteDialect::add_column_in_place(const core::AddColumn& op) const {
  const auto& c = op.column;
  // What ALTER TABLE ADD COLUMN refuses: a primary key or UNIQUE column, a
  // NOT NULL column without a default, an expression or CURRENT_* default.
  // Foreign keys are left to the rebuild too, so that they get their name;
  // a STORED generated column too (ADD COLUMN takes only VIRTUAL ones).
  if (c.primary_key || (c.unique && !c.index) || c.foreign_key) return std::nullopt;
  if (c.computed && c.computed->persisted.value_or(false)) return std::nullopt;
  if (c.server_default) {
    auto kind = common::classify_default(*c.server_default);
    if (kind == common::DefaultKind::kExpression || kind == common::DefaultKind::kKeyword) return std::nullopt;
  } else if (!c.nullable) {
    return std::nullopt;
  }
  core::Table table;
  table.name = op.table;
  table.schema = op.schema;
  table.columns = {c};
  std::string def = column_definition(table, c);
  if (auto check = enum_check(c)) def += " CHECK (" + *check + ")";
  std::vector<std::string> out{"ALTER TABLE " + qualify(op.schema, op.table) + " ADD COLUMN " + def};
  if (c.index)
    out.push_back(create_index_statement({core::column_index_name(table, c), {c.name}, c.unique, std::nullopt, ""},
                                         op.table, op.schema));
  return out;
}

std::vector<std::string> SqliteDialect::rebuild(const core::Op& op, const std::string& schema,
                                                const std::string& name, const core::TableLookup& tables) const {
  auto old_table = tables.table(schema, name);
  if (!old_table)
    throw core::DatabaseError(std::string(core::op_name(op)) + ": table " + quote(name) +
                              " does not exist (SQLite must rebuild it to apply this operation)");
  // Offline, the table as the earlier operations built it may still name an enum.
  core::Table table = with_enum_types(core::apply_to_table(*old_table, op), tables);
  const std::string tmp = "_strata_tmp_" + name;

  // Copy every column the new table shares with the old one; a renamed
  // column is read under its old name, an added one takes its default.
  const auto* alter = std::get_if<core::AlterColumn>(&op);
  std::vector<std::string> into, from;
  for (const auto& c : table.columns) {
    std::string source = c.name;
    if (alter && alter->new_name && *alter->new_name == c.name) source = alter->name;
    bool existed = std::any_of(old_table->columns.begin(), old_table->columns.end(),
                               [&](const core::Column& o) { return o.name == source; });
    if (!existed || c.computed) continue;  // a generated column takes no value
    into.push_back(quote(c.name));
    from.push_back(quote(source));
  }
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
  };

  std::vector<std::string> out{create_table_statement(table, tmp)};
  if (!into.empty())
    out.push_back("INSERT INTO " + qualify(schema, tmp) + " (" + join(into) + ") SELECT " + join(from) + " FROM " +
                  qualify(schema, name));
  out.push_back("DROP TABLE " + qualify(schema, name));
  out.push_back("ALTER TABLE " + qualify(schema, tmp) + " RENAME TO " + quote(name));
  for (auto& s : create_table_indexes(table)) out.push_back(std::move(s));
  return out;
}

std::vector<std::string> SqliteDialect::session_timeouts(std::optional<std::chrono::milliseconds> lock,
                                                        std::optional<std::chrono::milliseconds>) const {
  if (!lock) return {};
  return {"PRAGMA busy_timeout = " + std::to_string(lock->count())};
}

bool SqliteDialect::is_lock_timeout(const std::string& server_code) const {
  return server_code == "5";  // SQLITE_BUSY: the write lock was not had within the busy timeout
}

std::vector<std::string> SqliteDialect::render(const core::Op& input, const core::TableLookup& tables) const {
  using namespace core;
  const Op op = with_enum_types(input, tables);
  auto rebuilt = [&] {
    auto [schema, table] = target_table(op);
    return rebuild(op, schema, table, tables);
  };
  return std::visit(
      common::Overload{
          [&](const CreateTable& o) {
            std::vector<std::string> out{create_table_statement(o.table)};
            for (auto& s : create_table_indexes(o.table)) out.push_back(std::move(s));
            return out;
          },
          [&](const DropTable& o) { return std::vector<std::string>{"DROP TABLE " + qualify(o.schema, o.name)}; },
          [&](const RenameTable& o) {
            return std::vector<std::string>{"ALTER TABLE " + qualify(o.schema, o.name) + " RENAME TO " +
                                            quote(o.new_name)};
          },
          [&](const AddColumn& o) {
            if (auto in_place = add_column_in_place(o)) return *in_place;
            return rebuilt();
          },
          [&](const DropColumn&) { return rebuilt(); },
          [&](const AlterColumn& o) {
            // Renaming (and comments, which SQLite does not keep) is done in
            // place; a type, nullability or default change needs a rebuild.
            if (o.type || o.nullable || o.server_default) return rebuilt();
            if (!o.new_name || *o.new_name == o.name) return std::vector<std::string>{};
            return std::vector<std::string>{"ALTER TABLE " + qualify(o.schema, o.table) + " RENAME COLUMN " +
                                            quote(o.name) + " TO " + quote(*o.new_name)};
          },
          [&](const CreateIndex& o) {
            return std::vector<std::string>{
                create_index_statement({o.name, o.columns, o.unique, o.where, o.method}, o.table, o.schema)};
          },
          [&](const DropIndex& o) { return std::vector<std::string>{drop_index_statement(o.name, o.schema)}; },
          [&](const CreateUniqueConstraint&) { return rebuilt(); },
          [&](const CreateForeignKey&) { return rebuilt(); },
          [&](const CreateCheckConstraint&) { return rebuilt(); },
          // A rebuild checks every row against the new table; there is no NOT VALID.
          [&](const ValidateConstraint&) { return std::vector<std::string>{}; },
          [&](const CreatePrimaryKey&) { return rebuilt(); },
          [&](const DropConstraint&) { return rebuilt(); },
          // SQLite keeps no comments; Alembic renders nothing for them either.
          [&](const CreateTableComment&) { return std::vector<std::string>{}; },
          [&](const DropTableComment&) { return std::vector<std::string>{}; },
          [&](const Execute& o) { return render_execute(o); },
          [&](const BulkInsert& o) { return render_bulk_insert(o); },
          // No native enums: a column of one is a VARCHAR (enum_column_type).
          [&](const CreateEnum&) { return std::vector<std::string>{}; },
          [&](const DropEnum&) { return std::vector<std::string>{}; },
          [&](const AlterEnum&) { return std::vector<std::string>{}; },
      },
      op);
}

}  // namespace strata::drivers::sqlite
