#include "drivers/postgresql/dialect.h"

#include "core/column_type.h"
#include "core/table_edit.h"

namespace strata::drivers::postgresql {

namespace {
using core::PortableType;
}  // namespace

std::string PostgresDialect::column_type(const core::Column& column) const {
  auto type = core::parse_column_type(column.type);
  if (auto shared = shared_type(type)) return *shared;
  switch (type.kind) {
    case PortableType::Kind::kDateTime:
      return type.timezone ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP WITHOUT TIME ZONE";
    case PortableType::Kind::kTime: return "TIME WITHOUT TIME ZONE";
    case PortableType::Kind::kUuid: return "UUID";
    case PortableType::Kind::kBinary: return "BYTEA";
    default: return type.native;
  }
}

std::string PostgresDialect::column_definition(const core::Table& table, const core::Column& column) const {
  std::string type = column_type(column);
  if (autoincrements(table, column)) {
    switch (core::parse_column_type(column.type).kind) {
      case PortableType::Kind::kBigInteger: type = "BIGSERIAL"; break;
      case PortableType::Kind::kSmallInteger: type = "SMALLSERIAL"; break;
      default: type = "SERIAL"; break;
    }
  }
  std::string out = quote(column.name) + " " + type + default_clause(column);
  if (!column.nullable || column.primary_key) out += " NOT NULL";
  return out;
}

std::string PostgresDialect::default_expression(std::string_view server_default) const {
  std::string text(server_default);
  // A bare word that cannot be SQL is a string the user meant (SPEC §4).
  if (common::classify_default(text) == common::DefaultKind::kText) return quote_string(text);
  return text;
}

std::string PostgresDialect::type_alias(const std::string& name) const {
  // What format_type() prints, for each spelling PostgreSQL accepts.
  static const std::pair<const char*, const char*> kAliases[] = {
      {"CHARACTER VARYING", "VARCHAR"},
      {"CHARACTER", "CHAR"},
      {"BPCHAR", "CHAR"},
      {"INT", "INTEGER"},
      {"INT4", "INTEGER"},
      {"SERIAL", "INTEGER"},
      {"SERIAL4", "INTEGER"},
      {"INT8", "BIGINT"},
      {"BIGSERIAL", "BIGINT"},
      {"SERIAL8", "BIGINT"},
      {"INT2", "SMALLINT"},
      {"SMALLSERIAL", "SMALLINT"},
      {"SERIAL2", "SMALLINT"},
      {"TIMESTAMP", "TIMESTAMP WITHOUT TIME ZONE"},
      {"TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"},
      {"TIME", "TIME WITHOUT TIME ZONE"},
      {"TIMETZ", "TIME WITH TIME ZONE"},
      {"FLOAT", "DOUBLE PRECISION"},
      {"FLOAT8", "DOUBLE PRECISION"},
      {"FLOAT4", "REAL"},
      {"BOOL", "BOOLEAN"},
      {"DECIMAL", "NUMERIC"},
      {"VARBIT", "BIT VARYING"},
  };
  for (const auto& [from, to] : kAliases)
    if (name == from) return to;
  return name;
}

std::string PostgresDialect::alter_table(const std::string& schema, const std::string& table) const {
  return "ALTER TABLE " + qualify(schema, table);
}

std::string PostgresDialect::comment_on_column(const std::string& schema, const std::string& table,
                                               const std::string& column,
                                               const std::optional<std::string>& comment) const {
  return "COMMENT ON COLUMN " + qualify(schema, table) + "." + quote(column) + " IS " +
         (comment ? quote_string(*comment) : std::string("NULL"));
}

std::vector<std::string> PostgresDialect::create_table(const core::Table& t) const {
  std::vector<std::string> out{create_table_statement(t)};
  if (t.comment) out.push_back("COMMENT ON TABLE " + qualify(t.schema, t.name) + " IS " + quote_string(*t.comment));
  for (const auto& c : t.columns)
    if (c.comment) out.push_back(comment_on_column(t.schema, t.name, c.name, c.comment));
  for (auto& s : create_table_indexes(t)) out.push_back(std::move(s));
  return out;
}

std::vector<std::string> PostgresDialect::add_column(const core::AddColumn& op) const {
  const auto& c = op.column;
  core::Table table;
  table.name = op.table;
  table.schema = op.schema;
  table.columns = {c};
  std::string def = column_definition(table, c);
  if (c.primary_key) def += " PRIMARY KEY";
  std::vector<std::string> out{alter_table(op.schema, op.table) + " ADD COLUMN " + def};
  const std::string alter = alter_table(op.schema, op.table) + " ADD ";
  if (c.unique && !c.index)
    out.push_back(alter + unique_clause({core::column_unique_name(table, c), {c.name}}));
  if (c.foreign_key) {
    core::ForeignKey fk = *c.foreign_key;
    if (fk.columns.empty()) fk.columns = {c.name};
    out.push_back(alter + foreign_key_clause(fk, op.schema));
  }
  if (auto check = enum_check(c)) out.push_back(alter + "CHECK (" + *check + ")");
  if (c.comment) out.push_back(comment_on_column(op.schema, op.table, c.name, c.comment));
  if (c.index)
    out.push_back(create_index_statement({core::column_index_name(table, c), {c.name}, c.unique, std::nullopt, ""},
                                         op.table, op.schema));
  return out;
}

std::vector<std::string> PostgresDialect::alter_column(const core::AlterColumn& op) const {
  std::vector<std::string> out;
  const std::string alter = alter_table(op.schema, op.table) + " ALTER COLUMN " + quote(op.name);
  if (op.type) {
    core::Column c;
    c.name = op.name;
    c.type = *op.type;
    std::string type = column_type(c);
    // USING lets PostgreSQL convert what it has no implicit cast for (text -> integer).
    out.push_back(alter + " TYPE " + type + " USING " + quote(op.name) + "::" + type);
  }
  if (op.nullable) out.push_back(alter + (*op.nullable ? " DROP NOT NULL" : " SET NOT NULL"));
  if (op.server_default) {
    if (*op.server_default) out.push_back(alter + " SET DEFAULT " + default_expression(**op.server_default));
    else out.push_back(alter + " DROP DEFAULT");
  }
  if (op.comment) out.push_back(comment_on_column(op.schema, op.table, op.name, *op.comment));
  // The rename comes last: the statements above name the column as it was.
  if (op.new_name && *op.new_name != op.name)
    out.push_back(alter_table(op.schema, op.table) + " RENAME COLUMN " + quote(op.name) + " TO " +
                  quote(*op.new_name));
  return out;
}

std::vector<std::string> PostgresDialect::render(const core::Op& op, const core::TableLookup&) const {
  using namespace core;
  using V = std::vector<std::string>;
  return std::visit(
      common::Overload{
          [&](const CreateTable& o) { return create_table(o.table); },
          [&](const DropTable& o) { return V{"DROP TABLE " + qualify(o.schema, o.name)}; },
          [&](const RenameTable& o) { return V{alter_table(o.schema, o.name) + " RENAME TO " + quote(o.new_name)}; },
          [&](const AddColumn& o) { return add_column(o); },
          [&](const DropColumn& o) { return V{alter_table(o.schema, o.table) + " DROP COLUMN " + quote(o.name)}; },
          [&](const AlterColumn& o) { return alter_column(o); },
          [&](const CreateIndex& o) {
            return V{create_index_statement({o.name, o.columns, o.unique, o.where, o.method}, o.table, o.schema)};
          },
          [&](const DropIndex& o) { return V{drop_index_statement(o.name, o.schema)}; },
          [&](const CreateUniqueConstraint& o) {
            return V{alter_table(o.schema, o.table) + " ADD " + unique_clause({o.name, o.columns})};
          },
          [&](const CreateForeignKey& o) {
            return V{alter_table(o.schema, o.table) + " ADD " + foreign_key_clause(o.key, o.schema)};
          },
          [&](const CreateCheckConstraint& o) {
            return V{alter_table(o.schema, o.table) + " ADD " + check_clause({o.name, o.condition})};
          },
          [&](const CreatePrimaryKey& o) {
            return V{alter_table(o.schema, o.table) + " ADD " + primary_key_clause(o.name, o.columns)};
          },
          [&](const DropConstraint& o) {
            return V{alter_table(o.schema, o.table) + " DROP CONSTRAINT " + quote(o.name)};
          },
          [&](const Execute& o) { return render_execute(o); },
          [&](const BulkInsert& o) { return render_bulk_insert(o); },
      },
      op);
}

}  // namespace strata::drivers::postgresql
