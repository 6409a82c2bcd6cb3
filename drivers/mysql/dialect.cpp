#include "drivers/mysql/dialect.h"

#include <algorithm>
#include <cctype>

#include "core/column_type.h"
#include "core/error.h"
#include "core/table_edit.h"
#include "core/text.h"

namespace strata::drivers::mysql {

using core::lower;
using core::PortableType;
using core::upper;

namespace {

// now(), current_timestamp() and CURRENT_TIMESTAMP(6) are MySQL's one
// niladic default that needs no parentheses; the precision is kept.
std::optional<std::string> timestamp_default(const std::string& text) {
  std::string l = lower(core::trim(text));
  if (l == "now()" || l == "current_timestamp" || l == "current_timestamp()") return "CURRENT_TIMESTAMP";
  for (const char* prefix : {"now(", "current_timestamp("}) {
    std::string p = prefix;
    if (l.rfind(p, 0) == 0 && l.back() == ')') {
      std::string digits = l.substr(p.size(), l.size() - p.size() - 1);
      if (!digits.empty() && std::all_of(digits.begin(), digits.end(), ::isdigit))
        return "CURRENT_TIMESTAMP(" + digits + ")";
    }
  }
  return std::nullopt;
}

// integer, biginteger, smallinteger, or MySQL's own spellings (int(11), bigint unsigned).
bool integer_type(const std::string& type) { return core::parse_column_type(type).is_integer(); }

// AUTO_INCREMENT: as SqlDialect::autoincrements decides, for MySQL's integer spellings too.
bool auto_increment(const core::Table& table, const core::Column& column) {
  if (!column.primary_key || !integer_type(column.type)) return false;
  if (column.identity) return true;
  if (column.autoincrement) return *column.autoincrement;
  int keys = 0;
  for (const auto& c : table.columns) keys += c.primary_key ? 1 : 0;
  if (keys != 1 || column.server_default || column.foreign_key) return false;
  for (const auto& fk : table.foreign_keys)
    if (std::find(fk.columns.begin(), fk.columns.end(), column.name) != fk.columns.end()) return false;
  return true;
}

}  // namespace

std::string MysqlDialect::quote(std::string_view identifier) const {
  std::string out = "`";
  for (char c : identifier) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

std::string MysqlDialect::enum_column_type(const core::EnumType& type) const {
  std::vector<std::string> values;
  for (const auto& v : type.values) values.push_back(quote_string(v));
  return "ENUM(" + core::join(values, ", ") + ")";
}

bool MysqlDialect::enum_column_matches(const core::EnumType& type, std::string_view live_type) const {
  return normalize_type(enum_column_type(type)) == normalize_type(live_type);
}

std::string MysqlDialect::create_index(const core::Index& index, const std::string& table,
                                       const std::string& schema) const {
  if (index.where)
    throw core::ScriptError("index '" + index.name + "': MySQL has no partial indexes (where: " + *index.where + ")");
  // FULLTEXT and SPATIAL are kinds of index in MySQL, not a USING method.
  const std::string method = lower(index.method);
  if (method == "fulltext" || method == "spatial") {
    core::Index plain = index;
    plain.method.clear();
    std::string sql = create_index_statement(plain, table, schema);
    return "CREATE " + upper(method) + sql.substr(std::string("CREATE").size());
  }
  if (method.empty() || method == "btree" || method == "hash") {
    core::Index plain = index;
    plain.method.clear();
    std::string sql = create_index_statement(plain, table, schema);
    return method.empty() || method == "btree" ? sql : sql + " USING HASH";
  }
  throw core::ScriptError("index '" + index.name + "': MySQL has no index method '" + index.method +
                          "' (btree, hash, fulltext or spatial)");
}

std::vector<std::string> MysqlDialect::session_setup() const {
  // Backslashes in string literals are characters, as in standard SQL and in
  // every literal strata writes; strict mode makes a value that does not fit
  // an error instead of a silent truncation.
  return {"SET SESSION sql_mode = CONCAT_WS(',', @@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', 'STRICT_TRANS_TABLES')"};
}

std::vector<std::string> MysqlDialect::script_setup() const {
  // The script strata prints is UTF-8; a client's default (utf8mb3, latin1)
  // would refuse or garble what an online session (utf8mb4) stores.
  std::vector<std::string> out{"SET NAMES utf8mb4"};
  for (auto& s : session_setup()) out.push_back(std::move(s));
  return out;
}

std::string MysqlDialect::column_type(const core::Column& column) const {
  auto type = core::parse_column_type(column.type);
  switch (type.kind) {
    case PortableType::Kind::kString:
      if (!type.length)
        throw core::ScriptError("column '" + column.name + "': MySQL needs a length for string (string(n))");
      return "VARCHAR(" + std::to_string(*type.length) + ")";
    case PortableType::Kind::kBoolean: return "BOOL";
    case PortableType::Kind::kDateTime: return "DATETIME";
    case PortableType::Kind::kTime: return "TIME";
    case PortableType::Kind::kUuid: return "CHAR(32)";
    case PortableType::Kind::kBinary: return "BLOB";
    default: break;
  }
  if (auto shared = shared_type(type)) return *shared;
  return type.native;
}

std::string MysqlDialect::full_column(const core::Table& table, const core::Column& column) const {
  std::string out = quote(column.name) + " " + column_type(column);
  if (column.collation) out += " COLLATE " + quote(*column.collation);  // names its character set too
  out += generated_clause(column);
  // MariaDB takes no NULL on a generated column (it is always nullable there).
  if (!column.nullable || column.primary_key) out += " NOT NULL";
  else if (!column.computed) out += " NULL";
  if (column.server_default) out += " DEFAULT " + default_expression(*column.server_default);
  if (column.on_update) out += " ON UPDATE " + timestamp_default(*column.on_update).value_or(*column.on_update);
  if (auto_increment(table, column)) {
    out += " AUTO_INCREMENT";
    // An identity's start is the table's AUTO_INCREMENT option; a step other
    // than 1 is the server's auto_increment_increment, never a column's.
    if (column.identity && column.identity->increment.value_or(1) != 1)
      throw core::ScriptError("column '" + table.name + "." + column.name + "': MySQL has no AUTO_INCREMENT step " +
                              "per column (identity increment " + std::to_string(*column.identity->increment) +
                              "; auto_increment_increment is the server's)");
  }
  if (column.comment) out += " COMMENT " + quote_string(*column.comment);
  return out;
}

std::string MysqlDialect::column_definition(const core::Table& table, const core::Column& column) const {
  return full_column(table, column);
}

std::string MysqlDialect::default_expression(std::string_view server_default) const {
  std::string text(server_default);
  switch (common::classify_default(text)) {
    case common::DefaultKind::kLiteral:
    case common::DefaultKind::kKeyword: return text;
    case common::DefaultKind::kText: return quote_string(text);
    case common::DefaultKind::kExpression:
      if (auto ts = timestamp_default(text)) return *ts;
      // MySQL 8 takes an expression default only in parentheses (MariaDB either way).
      return "(" + text + ")";
  }
  return text;
}

std::string MysqlDialect::type_alias(const std::string& name) const {
  // What information_schema.COLUMNS.COLUMN_TYPE says, for each spelling.
  static const std::pair<const char*, const char*> kAliases[] = {
      {"INTEGER", "INT"},       {"BOOL", "TINYINT(1)"},    {"BOOLEAN", "TINYINT(1)"},
      {"NUMERIC", "DECIMAL"},   {"DEC", "DECIMAL"},        {"FIXED", "DECIMAL"},
      {"REAL", "DOUBLE"},       {"DOUBLE PRECISION", "DOUBLE"}, {"CHARACTER VARYING", "VARCHAR"},
      {"CHARACTER", "CHAR"},    {"JSON", "LONGTEXT"},      // MariaDB keeps JSON as LONGTEXT
      {"INT4", "INT"},          {"INT8", "BIGINT"},        {"INT2", "SMALLINT"},
      {"MIDDLEINT", "MEDIUMINT"},
  };
  for (const auto& [from, to] : kAliases)
    if (name == from) return to;
  return name;
}

std::string MysqlDialect::normalize_type(std::string_view type) const {
  std::string t = core::trim(type);
  std::string l = lower(t);
  // ENUM/SET keep their values' case: only the spacing between them goes.
  for (const char* kind : {"enum", "set"}) {
    std::string k = kind;
    if (l.rfind(k, 0) == 0 && l.size() > k.size() && (l[k.size()] == '(' || l[k.size()] == ' ')) {
      std::string out = upper(k);
      bool quoted = false;
      for (size_t i = k.size(); i < t.size(); ++i) {
        char c = t[i];
        if (c == '\'') quoted = !quoted;  // '' inside a value toggles twice
        if (!quoted && std::isspace(static_cast<unsigned char>(c))) continue;
        out += c;
      }
      return out;
    }
  }
  std::string n = SqlDialect::normalize_type(type);
  if (n == "TINYINT(1)") return n;
  // Display widths of integers (INT(11)) mean nothing for the values stored.
  // The base spelling puts a flag before the arguments: INT UNSIGNED(11).
  for (const char* name : {"TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT"}) {
    std::string nm = name;
    if (n.rfind(nm, 0) != 0 || (n.size() > nm.size() && n[nm.size()] != '(' && n[nm.size()] != ' ')) continue;
    auto open = n.find('('), close = n.find(')');
    if (open != std::string::npos && close != std::string::npos && close > open + 1 &&
        n.find_first_not_of("0123456789", open + 1) == close)
      n = n.substr(0, open) + n.substr(close + 1);
    break;
  }
  // DECIMAL is DECIMAL(10,0) and DECIMAL(p) is DECIMAL(p,0); YEAR(4) is YEAR.
  if (n == "DECIMAL") return "DECIMAL(10,0)";
  if (n.rfind("DECIMAL(", 0) == 0 && n.find(',') == std::string::npos && n.back() == ')')
    return n.substr(0, n.size() - 1) + ",0)";
  if (n == "YEAR(4)") return "YEAR";
  return n;
}

std::string MysqlDialect::normalize_default(std::string_view expression) const {
  std::string e = SqlDialect::normalize_default(expression);
  if (e == "true") return "1";
  if (e == "false") return "0";
  if (e == "null") return "";  // MariaDB reports "no default" on a nullable column as NULL
  if (auto ts = timestamp_default(e)) return lower(*ts);
  // MariaDB reports CURRENT_DATE as curdate(), CURRENT_TIME as curtime().
  if (e == "curdate()" || e == "current_date()") return "current_date";
  if (e == "curtime()" || e == "current_time()") return "current_time";
  // A DECIMAL default comes back at the column's scale: 0.5000 for 0.5.
  if (e.find('.') != std::string::npos && e.find_first_of("0123456789") != std::string::npos &&
      e.find_first_not_of("-+0123456789.") == std::string::npos) {
    while (e.back() == '0') e.pop_back();
    if (e.back() == '.') e.pop_back();
    if (e.empty() || e == "-" || e == "+") e += "0";
  }
  return e;
}

std::string MysqlDialect::alter_table(const std::string& schema, const std::string& table) const {
  return "ALTER TABLE " + qualify(schema, table);
}

std::vector<std::string> MysqlDialect::create_table(const core::Table& t) const {
  std::string statement = create_table_statement(t);
  if (t.comment) statement += " COMMENT=" + quote_string(*t.comment);
  for (const auto& c : t.columns)
    if (c.identity && c.identity->start.value_or(1) != 1 && auto_increment(t, c))
      statement += " AUTO_INCREMENT=" + std::to_string(*c.identity->start);
  std::vector<std::string> out{statement};
  for (const auto& c : t.columns)
    if (c.index)
      out.push_back(create_index({core::column_index_name(t, c), {c.name}, c.unique, std::nullopt, ""}, t.name, t.schema));
  for (const auto& ix : t.indexes) out.push_back(create_index(ix, t.name, t.schema));
  return out;
}

std::vector<std::string> MysqlDialect::add_column(const core::AddColumn& op) const {
  const auto& c = op.column;
  core::Table table;
  table.name = op.table;
  table.schema = op.schema;
  table.columns = {c};
  std::string def = column_definition(table, c);
  if (c.primary_key) def += " PRIMARY KEY";
  std::vector<std::string> out{alter_table(op.schema, op.table) + " ADD COLUMN " + def};
  if (c.identity && c.identity->start.value_or(1) != 1 && auto_increment(table, c))
    out.push_back(alter_table(op.schema, op.table) + " AUTO_INCREMENT = " + std::to_string(*c.identity->start));
  const std::string alter = alter_table(op.schema, op.table) + " ADD ";
  if (c.unique && !c.index) out.push_back(alter + unique_clause({core::column_unique_name(table, c), {c.name}}));
  if (c.foreign_key) {
    core::ForeignKey fk = *c.foreign_key;
    if (fk.columns.empty()) fk.columns = {c.name};
    out.push_back(alter + foreign_key_clause(fk, op.schema));
  }
  if (c.index)
    out.push_back(create_index({core::column_index_name(table, c), {c.name}, c.unique, std::nullopt, ""}, op.table,
                               op.schema));
  return out;
}

std::vector<std::string> MysqlDialect::alter_column(const core::AlterColumn& op,
                                                    const core::TableLookup& tables) const {
  std::vector<std::string> out;
  const std::string alter = alter_table(op.schema, op.table);
  const bool restates = op.type || op.nullable || op.comment;
  if (!restates) {
    // A default alone, or a rename alone, MySQL changes in place.
    if (op.server_default) {
      const std::string col = alter + " ALTER COLUMN " + quote(op.name);
      out.push_back(*op.server_default ? col + " SET DEFAULT " + default_expression(**op.server_default)
                                       : col + " DROP DEFAULT");
    }
    if (op.new_name && *op.new_name != op.name)
      out.push_back(alter + " RENAME COLUMN " + quote(op.name) + " TO " + quote(*op.new_name));
    return out;
  }
  // MODIFY restates the column: start from what it is now.
  core::Table table;
  core::Column column;
  bool known = false;
  if (auto live = tables.table(op.schema, op.table)) {
    for (const auto& c : live->columns)
      if (c.name == op.name) {
        column = c;
        table = *live;
        known = true;
      }
  }
  if (!known) {
    if (!op.existing_type)
      throw core::ScriptError("alter_column " + op.table + "." + op.name +
                              ": MySQL restates the whole column; give existing_type (and existing_nullable, "
                              "existing_server_default) or run against the database");
    column.name = op.name;
    column.type = *op.existing_type;
    column.nullable = op.existing_nullable.value_or(true);
    column.server_default = op.existing_server_default;
    table.name = op.table;
    table.schema = op.schema;
  }
  if (op.type) column.type = *op.type;
  if (op.nullable) column.nullable = *op.nullable;
  if (op.server_default) column.server_default = *op.server_default;
  if (op.comment) column.comment = *op.comment;
  // The key flag only decides NOT NULL and AUTO_INCREMENT here; the key itself stays.
  column.nullable = column.nullable && !column.primary_key;
  core::Column renamed = column;
  if (op.new_name) renamed.name = *op.new_name;
  if (op.new_name && *op.new_name != op.name)
    out.push_back(alter + " CHANGE COLUMN " + quote(op.name) + " " + full_column(table, renamed));
  else
    out.push_back(alter + " MODIFY COLUMN " + full_column(table, column));
  return out;
}

std::string MysqlDialect::drop_constraint(const core::DropConstraint& op) const {
  const std::string alter = alter_table(op.schema, op.table);
  switch (op.type) {
    case core::ConstraintType::kForeignKey: return alter + " DROP FOREIGN KEY " + quote(op.name);
    case core::ConstraintType::kUnique: return alter + " DROP INDEX " + quote(op.name);
    case core::ConstraintType::kPrimary: return alter + " DROP PRIMARY KEY";
    case core::ConstraintType::kCheck: break;
  }
  return alter + " DROP CONSTRAINT " + quote(op.name);
}

std::vector<std::string> MysqlDialect::render(const core::Op& input, const core::TableLookup& tables) const {
  using namespace core;
  using V = std::vector<std::string>;
  const Op op = with_enum_types(input, tables);
  auto table_comment = [&](const std::string& schema, const std::string& table, const std::string& comment) {
    return V{alter_table(schema, table) + " COMMENT = " + quote_string(comment)};
  };
  return std::visit(
      common::Overload{
          [&](const CreateTable& o) { return create_table(o.table); },
          [&](const DropTable& o) { return V{"DROP TABLE " + qualify(o.schema, o.name)}; },
          [&](const RenameTable& o) {
            return V{"RENAME TABLE " + qualify(o.schema, o.name) + " TO " + qualify(o.schema, o.new_name)};
          },
          [&](const AddColumn& o) { return add_column(o); },
          [&](const DropColumn& o) { return drop_column(o, tables); },
          [&](const AlterColumn& o) { return alter_column(o, tables); },
          [&](const CreateIndex& o) {
            return V{create_index({o.name, o.columns, o.unique, o.where, o.method}, o.table, o.schema)};
          },
          [&](const DropIndex& o) { return V{"DROP INDEX " + quote(o.name) + " ON " + qualify(o.schema, o.table)}; },
          [&](const CreateUniqueConstraint& o) {
            return V{alter_table(o.schema, o.table) + " ADD " + unique_clause({o.name, o.columns})};
          },
          [&](const CreateForeignKey& o) {
            return V{alter_table(o.schema, o.table) + " ADD " + foreign_key_clause(o.key, o.schema)};
          },
          [&](const CreateCheckConstraint& o) {
            return V{alter_table(o.schema, o.table) + " ADD " + check_clause({o.name, o.condition})};
          },
          // MySQL checks every row when it adds a constraint and has no NOT
          // VALID: not_valid changes nothing there and validating is nothing.
          [&](const ValidateConstraint&) { return V{}; },
          [&](const CreatePrimaryKey& o) {
            return V{alter_table(o.schema, o.table) + " ADD PRIMARY KEY (" + column_list(o.columns) + ")"};
          },
          [&](const DropConstraint& o) { return V{drop_constraint(o)}; },
          [&](const CreateTableComment& o) { return table_comment(o.schema, o.table, o.comment); },
          [&](const DropTableComment& o) { return table_comment(o.schema, o.table, ""); },
          [&](const CreateEnum&) { return V{}; },
          [&](const DropEnum&) { return V{}; },
          [&](const AlterEnum&) { return V{}; },
          [&](const Execute& o) { return render_execute(o); },
          [&](const BulkInsert& o) { return render_bulk_insert(o); },
      },
      op);
}

}  // namespace strata::drivers::mysql
