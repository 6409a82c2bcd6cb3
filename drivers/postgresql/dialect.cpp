#include "drivers/postgresql/dialect.h"

#include <algorithm>

#include "core/column_type.h"
#include "core/table_edit.h"
#include "core/text.h"

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
    out.push_back(create_index_statement({core::column_index_name(table, c), {c.name}, c.unique, std::nullopt},
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

std::string PostgresDialect::create_enum(const std::string& schema, const std::string& name,
                                         const std::vector<std::string>& values) const {
  std::vector<std::string> quoted;
  for (const auto& v : values) quoted.push_back(quote_string(v));
  return "CREATE TYPE " + qualify(schema, name) + " AS ENUM (" + core::join(quoted, ", ") + ")";
}

std::vector<std::string> PostgresDialect::alter_enum(const core::AlterEnum& op) const {
  const auto& want = op.values;
  const auto& have = op.existing_values;
  if (want == have) return {};
  // Values only added, the old ones kept in their order: ADD VALUE in place
  // (PostgreSQL >= 12 allows it in a transaction; the new value becomes
  // usable once the transaction commits).
  size_t kept = 0;
  for (const auto& v : want)
    if (kept < have.size() && v == have[kept]) ++kept;
  const std::string type = qualify(op.schema, op.name);
  if (!have.empty() && kept == have.size()) {
    std::vector<std::string> out;
    for (size_t i = 0; i < want.size(); ++i) {
      if (std::find(have.begin(), have.end(), want[i]) != have.end()) continue;
      out.push_back("ALTER TYPE " + type + " ADD VALUE " + quote_string(want[i]) +
                    (i == 0 ? " BEFORE " + quote_string(have.front()) : " AFTER " + quote_string(want[i - 1])));
    }
    return out;
  }
  // A value removed or the order changed: PostgreSQL cannot do either in
  // place, so the type is rebuilt and every column of it converted.
  const std::string old_name = "_strata_old_" + op.name;
  const std::string old_type = qualify(op.schema, old_name);
  return {"ALTER TYPE " + type + " RENAME TO " + quote(old_name), create_enum(op.schema, op.name, want),
          convert_enum_columns(old_type, type), "DROP TYPE " + old_type};
}

std::string PostgresDialect::convert_enum_columns(const std::string& old_type, const std::string& new_type) const {
  // The columns are found by the database at run time, so offline scripts
  // convert the same columns an online run would. A default ('x'::type)
  // cannot be cast to the new type: it is dropped and set again as 'x'.
  std::string in_format;  // inside format()'s quoted pattern: % and ' are special
  for (char c : new_type) in_format += c == '%' ? "%%" : c == '\'' ? "''" : std::string(1, c);
  const std::string alter = "'ALTER TABLE %I.%I ALTER COLUMN %I ";
  return "DO $strata$\n"
         "DECLARE col record;\n"
         "BEGIN\n"
         "  FOR col IN\n"
         "    SELECT n.nspname AS schema_name, c.relname AS table_name, a.attname AS column_name,\n"
         "           pg_get_expr(d.adbin, d.adrelid) AS default_expr\n"
         "    FROM pg_attribute a\n"
         "    JOIN pg_class c ON c.oid = a.attrelid\n"
         "    JOIN pg_namespace n ON n.oid = c.relnamespace\n"
         "    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum\n"
         "    WHERE a.atttypid = " + quote_string(old_type) + "::regtype AND a.attnum > 0 AND NOT a.attisdropped\n"
         "      AND c.relkind IN ('r', 'p')\n"
         "  LOOP\n"
         "    IF col.default_expr IS NOT NULL THEN\n"
         "      EXECUTE format(" + alter + "DROP DEFAULT', col.schema_name, col.table_name, col.column_name);\n"
         "    END IF;\n"
         "    EXECUTE format(" + alter + "TYPE " + in_format + " USING %I::text::" + in_format +
         "', col.schema_name, col.table_name, col.column_name, col.column_name);\n"
         "    IF col.default_expr IS NOT NULL THEN\n"
         "      EXECUTE format(" + alter + "SET DEFAULT %s', col.schema_name, col.table_name, col.column_name,\n"
         "                     regexp_replace(col.default_expr, '::[^'']*$', ''));\n"
         "    END IF;\n"
         "  END LOOP;\n"
         "END\n"
         "$strata$";
}

std::vector<std::string> PostgresDialect::render(const core::Op& input, const core::TableLookup& tables) const {
  using namespace core;
  using V = std::vector<std::string>;
  const Op op = with_enum_types(input, tables);
  return std::visit(
      common::Overload{
          [&](const CreateTable& o) { return create_table(o.table); },
          [&](const DropTable& o) { return V{"DROP TABLE " + qualify(o.schema, o.name)}; },
          [&](const RenameTable& o) { return V{alter_table(o.schema, o.name) + " RENAME TO " + quote(o.new_name)}; },
          [&](const AddColumn& o) { return add_column(o); },
          [&](const DropColumn& o) { return V{alter_table(o.schema, o.table) + " DROP COLUMN " + quote(o.name)}; },
          [&](const AlterColumn& o) { return alter_column(o); },
          [&](const CreateIndex& o) {
            return V{create_index_statement({o.name, o.columns, o.unique, o.where}, o.table, o.schema)};
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
          [&](const CreateEnum& o) { return V{create_enum(o.schema, o.name, o.values)}; },
          [&](const DropEnum& o) { return V{"DROP TYPE " + qualify(o.schema, o.name)}; },
          [&](const AlterEnum& o) { return alter_enum(o); },
      },
      op);
}

}  // namespace strata::drivers::postgresql
