#include "drivers/common/sql_dialect.h"
#include "core/text.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "core/table_edit.h"

namespace strata::drivers::common {

using core::upper; using core::trim; using core::join;

namespace {

bool is_number(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  if (s.empty()) return false;
  bool digit = false, dot = false;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
    else if (c == '.' && !dot) dot = true;
    else return false;
  }
  return digit;
}

// One 'quoted string' and nothing else ('' inside is an escaped quote).
bool is_single_string(std::string_view s) {
  if (s.size() < 2 || s.front() != '\'' || s.back() != '\'') return false;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] != '\'') continue;
    if (i + 2 < s.size() && s[i + 1] == '\'') { ++i; continue; }
    return false;
  }
  return true;
}

constexpr std::string_view kNiladic[] = {"CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME",
                                         "LOCALTIMESTAMP",    "LOCALTIME",    "CURRENT_USER",
                                         "SESSION_USER",      "USER"};

}  // namespace

DefaultKind classify_default(std::string_view text) {
  std::string t = trim(text);
  std::string u = upper(t);
  if (is_number(t) || u == "TRUE" || u == "FALSE" || u == "NULL" || is_single_string(t)) return DefaultKind::kLiteral;
  for (auto k : kNiladic)
    if (u == k) return DefaultKind::kKeyword;
  if (t.find_first_of("('") != std::string::npos || t.find("::") != std::string::npos) return DefaultKind::kExpression;
  return DefaultKind::kText;
}

std::string SqlDialect::sql_type(const std::string& type) const {
  core::Column column;
  column.type = type;
  try {
    return normalize_type(column_type(column));
  } catch (const core::Error&) {
    return normalize_type(type);  // a malformed portable type: compared as written
  }
}

std::string SqlDialect::normalize_type(std::string_view type) const {
  // Upper case and single spaces; no spaces next to parentheses or commas.
  std::string flat;
  for (char c : trim(type)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!flat.empty() && flat.back() != ' ') flat += ' ';
      continue;
    }
    if ((c == '(' || c == ')' || c == ',' || c == '[') && !flat.empty() && flat.back() == ' ') flat.pop_back();
    flat += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  std::string out;
  for (size_t i = 0; i < flat.size(); ++i) {
    if (flat[i] == ' ' && i > 0 && (flat[i - 1] == '(' || flat[i - 1] == ',')) continue;
    out += flat[i];
  }
  // The alias applies to the name; arguments and an array suffix are kept.
  std::string suffix;
  while (out.size() >= 2 && out.compare(out.size() - 2, 2, "[]") == 0) {
    suffix += "[]";
    out.resize(out.size() - 2);
  }
  auto paren = out.find('(');
  if (paren == std::string::npos) return type_alias(out) + suffix;
  // A modifier after the arguments (TIMESTAMP(6) WITH TIME ZONE) stays with the name.
  auto close = out.find(')', paren);
  std::string args = out.substr(paren, close == std::string::npos ? std::string::npos : close - paren + 1);
  std::string rest = close == std::string::npos ? "" : out.substr(close + 1);
  std::string name = type_alias(trim(out.substr(0, paren) + rest));
  return name + args + suffix;
}

std::string SqlDialect::normalize_default(std::string_view expression) const {
  std::string e = trim(expression);
  // Outer parentheses that wrap the whole expression.
  auto wraps = [](const std::string& s) {
    if (s.size() < 2 || s.front() != '(' || s.back() != ')') return false;
    int depth = 0;
    bool quoted = false;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\'') quoted = !quoted;
      if (quoted) continue;
      if (s[i] == '(') ++depth;
      if (s[i] == ')' && --depth == 0 && i + 1 < s.size()) return false;
    }
    return true;
  };
  while (wraps(e)) e = trim(std::string_view(e).substr(1, e.size() - 2));
  // Drop ::casts and lower-case everything outside quotes.
  std::string out;
  for (size_t i = 0; i < e.size(); ++i) {
    char c = e[i];
    if (c == '\'') {
      size_t j = i + 1;
      while (j < e.size() && !(e[j] == '\'' && (j + 1 >= e.size() || e[j + 1] != '\''))) j += e[j] == '\'' ? 2 : 1;
      out.append(e, i, j + 1 - i);
      i = j;
      continue;
    }
    if (c == ':' && i + 1 < e.size() && e[i + 1] == ':') {
      i += 2;
      // The type name: words (several: `character varying`), an optional
      // (n) or (p,s), and [] suffixes.
      auto word_char = [&](size_t k) {
        return k < e.size() && (std::isalnum(static_cast<unsigned char>(e[k])) || e[k] == '_' || e[k] == '"');
      };
      while (i < e.size()) {
        if (word_char(i) || e[i] == '[' || e[i] == ']') {
          ++i;
        } else if (e[i] == ' ' && i + 1 < e.size() && std::isalpha(static_cast<unsigned char>(e[i + 1]))) {
          // Another word of the type name, unless it is an operator word.
          size_t end = i + 1;
          while (word_char(end)) ++end;
          std::string w = e.substr(i + 1, end - i - 1);
          for (auto& ch : w) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          if (w == "and" || w == "or" || w == "is" || w == "not" || w == "in" || w == "like") break;
          i = end;
        } else if (e[i] == '(') {
          size_t end = e.find(')', i);
          if (end == std::string::npos || e.find_first_not_of("0123456789, ", i + 1) != end) break;
          i = end + 1;
        } else {
          break;
        }
      }
      --i;
      continue;
    }
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  out = trim(out);
  while (wraps(out)) out = trim(std::string_view(out).substr(1, out.size() - 2));
  if (out == "now()" || out == "current_timestamp" || out == "current_timestamp()") return "current_timestamp";
  if (is_single_string(out)) {
    std::string inner = out.substr(1, out.size() - 2);
    if (is_number(inner)) return inner;
    std::string lowered = inner;
    for (auto& ch : lowered) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lowered == "true" || lowered == "t") return "true";  // PostgreSQL's spellings of a boolean
    if (lowered == "false" || lowered == "f") return "false";
  }
  return out;
}

std::string SqlDialect::normalize_expression(std::string_view expression) const {
  return normalize_sql_expression(expression, expression_rewrites());
}

std::string SqlDialect::normalize_index_method(std::string_view method) const {
  std::string m = core::lower(trim(method));
  return m == default_index_method() ? "" : m;
}

std::string SqlDialect::quote(std::string_view identifier) const {
  std::string out = "\"";
  for (char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string SqlDialect::qualify(std::string_view schema, std::string_view name) const {
  if (schema.empty()) return quote(name);
  std::string out = quote(schema);
  out += '.';
  out += quote(name);
  return out;
}

std::string SqlDialect::literal(const core::Literal& value) const {
  using K = core::Literal::Kind;
  switch (value.kind) {
    case K::kNull: return "NULL";
    case K::kBool: return bool_literal(value.text == "true");
    case K::kInteger:
    case K::kFloat: return value.text;
    case K::kString: return quote_string(value.text);
  }
  return "NULL";
}

std::string SqlDialect::create_version_table(const core::VersionTable& vt) const {
  // Alembic's own DDL, constraint name included, so either tool can continue.
  std::string out = "CREATE TABLE ";
  out += qualify(vt.schema, vt.name);
  out += " (\n    version_num VARCHAR(32) NOT NULL, \n    CONSTRAINT ";
  out += quote(vt.name + "_pkc");
  out += " PRIMARY KEY (version_num)\n)";
  return out;
}

std::string SqlDialect::referred_table(const core::ForeignKey& fk, const std::string& table_schema) const {
  const std::string& schema = fk.referred_schema.empty() ? table_schema : fk.referred_schema;
  return qualify(schema, fk.referred_table);
}

std::optional<std::string> SqlDialect::shared_type(const core::PortableType& type) const {
  using K = core::PortableType::Kind;
  switch (type.kind) {
    case K::kInteger: return "INTEGER";
    case K::kBigInteger: return "BIGINT";
    case K::kSmallInteger: return "SMALLINT";
    case K::kString: return type.length ? "VARCHAR(" + std::to_string(*type.length) + ")" : std::string("VARCHAR");
    case K::kText: return "TEXT";
    case K::kBoolean: return "BOOLEAN";
    case K::kDate: return "DATE";
    case K::kNumeric: {
      std::string out = "NUMERIC";
      if (type.precision) {
        out += "(" + std::to_string(*type.precision);
        if (type.scale) out += ", " + std::to_string(*type.scale);
        out += ")";
      }
      return out;
    }
    case K::kFloat: return "FLOAT";
    case K::kJson: return "JSON";
    case K::kEnum: {
      if (native_enums()) {
        std::vector<std::string> values;
        for (const auto& v : type.enum_values) values.push_back(quote_string(v));
        return "ENUM(" + join(values, ", ") + ")";
      }
      // Non-native enum, as SQLAlchemy's Enum(native_enum=False): a VARCHAR
      // as long as the longest value, plus a CHECK (enum_check).
      size_t longest = 1;
      for (const auto& v : type.enum_values) longest = std::max(longest, v.size());
      return "VARCHAR(" + std::to_string(longest) + ")";
    }
    case K::kNative: return type.native;
    default: return std::nullopt;
  }
}

std::string SqlDialect::enum_column_type(const core::EnumType& type) const {
  size_t longest = 1;
  for (const auto& v : type.values) longest = std::max(longest, v.size());
  return "VARCHAR(" + std::to_string(longest) + ")";
}

bool SqlDialect::autoincrements(const core::Table& table, const core::Column& column) {
  if (!column.primary_key) return false;
  if (column.identity) return core::parse_column_type(column.type).is_integer();
  if (column.autoincrement) return *column.autoincrement && core::parse_column_type(column.type).is_integer();
  int keys = 0;
  for (const auto& c : table.columns) keys += c.primary_key ? 1 : 0;
  if (keys != 1 || !core::parse_column_type(column.type).is_integer()) return false;
  if (column.server_default || column.foreign_key) return false;
  for (const auto& fk : table.foreign_keys)
    if (std::find(fk.columns.begin(), fk.columns.end(), column.name) != fk.columns.end()) return false;
  return true;
}

void SqlDialect::mark_plain_integer_key(core::Table& table) {
  for (auto& c : table.columns)
    if (!c.autoincrement && !c.identity && autoincrements(table, c)) c.autoincrement = false;
}

std::string SqlDialect::default_clause(const core::Column& column) const {
  if (column.on_update)
    throw core::ScriptError("column " + quote(column.name) + ": " + name() + " has no ON UPDATE for a column (on_update: " +
                            *column.on_update + " is MySQL's; a trigger does it here)");
  std::string out = column.collation ? " COLLATE " + quote(*column.collation) : "";
  out += generated_clause(column);
  if (!column.server_default) return out;
  return out + " DEFAULT " + default_expression(*column.server_default);
}


std::optional<std::string> SqlDialect::enum_check(const core::Column& column) const {
  auto type = core::parse_column_type(column.type);
  if (type.kind != core::PortableType::Kind::kEnum || native_enums()) return std::nullopt;
  std::vector<std::string> values;
  for (const auto& v : type.enum_values) values.push_back(quote_string(v));
  return quote(column.name) + " IN (" + join(values, ", ") + ")";
}

std::string SqlDialect::column_list(const std::vector<std::string>& columns) const {
  std::vector<std::string> quoted;
  for (const auto& c : columns) quoted.push_back(quote(c));
  return join(quoted, ", ");
}

std::string SqlDialect::unique_clause(const core::UniqueConstraint& uq) const {
  std::string out = uq.name.empty() ? "" : "CONSTRAINT " + quote(uq.name) + " ";
  return out + "UNIQUE (" + column_list(uq.columns) + ")";
}

std::string SqlDialect::check_clause(const core::CheckConstraint& ck) const {
  std::string out = ck.name.empty() ? "" : "CONSTRAINT " + quote(ck.name) + " ";
  return out + "CHECK (" + ck.condition + ")";
}

std::string SqlDialect::foreign_key_clause(const core::ForeignKey& fk, const std::string& table_schema) const {
  std::string out = fk.name.empty() ? "" : "CONSTRAINT " + quote(fk.name) + " ";
  out += "FOREIGN KEY(" + column_list(fk.columns) + ") REFERENCES " + referred_table(fk, table_schema) + " (" +
         column_list(fk.referred_columns) + ")";
  // ON DELETE/UPDATE take a fixed set of keywords: validated, never passed through.
  auto action = [&](const std::string& value, const char* what) {
    if (value.empty()) return std::string();
    std::string u = upper(trim(value));
    if (u != "CASCADE" && u != "SET NULL" && u != "SET DEFAULT" && u != "RESTRICT" && u != "NO ACTION")
      throw core::ScriptError("foreign key on " + column_list(fk.columns) + ": " + what + " must be CASCADE, SET NULL, "
                              "SET DEFAULT, RESTRICT or NO ACTION, not '" + value + "'");
    return std::string(" ") + what + " " + u;
  };
  out += action(fk.ondelete, "ON DELETE");
  out += action(fk.onupdate, "ON UPDATE");
  return out;
}

std::string SqlDialect::primary_key_clause(const std::string& name, const std::vector<std::string>& columns) const {
  std::string out = name.empty() ? "" : "CONSTRAINT " + quote(name) + " ";
  return out + "PRIMARY KEY (" + column_list(columns) + ")";
}

std::string SqlDialect::create_table_statement(const core::Table& table, std::string_view as_name) const {
  std::vector<std::string> elements;
  for (const auto& c : table.columns) elements.push_back(column_definition(table, c));
  const std::vector<std::string> pk = core::primary_key_columns(table);
  if (!pk.empty() && !primary_key_inline(table)) elements.push_back(primary_key_clause(table.primary_key.name, pk));
  for (const auto& c : table.columns) {
    if (c.unique && !c.index) elements.push_back(unique_clause({core::column_unique_name(table, c), {c.name}}));
    if (c.foreign_key) {
      core::ForeignKey fk = *c.foreign_key;
      if (fk.columns.empty()) fk.columns = {c.name};
      elements.push_back(foreign_key_clause(fk, table.schema));
    }
    if (auto check = enum_check(c)) elements.push_back("CHECK (" + *check + ")");
  }
  for (const auto& uq : table.unique_constraints) elements.push_back(unique_clause(uq));
  for (const auto& fk : table.foreign_keys) elements.push_back(foreign_key_clause(fk, table.schema));
  for (const auto& ck : table.check_constraints) elements.push_back(check_clause(ck));
  std::string name = as_name.empty() ? table.name : std::string(as_name);
  return "CREATE TABLE " + qualify(table.schema, name) + " (\n    " + join(elements, ", \n    ") + "\n)" +
         table_options(table);
}

std::vector<std::string> SqlDialect::create_table_indexes(const core::Table& table) const {
  std::vector<std::string> out;
  for (const auto& c : table.columns)
    if (c.index)
      out.push_back(create_index_statement({core::column_index_name(table, c), {c.name}, c.unique, std::nullopt, ""},
                                           table.name, table.schema));
  for (const auto& ix : table.indexes) out.push_back(create_index_statement(ix, table.name, table.schema));
  return out;
}

std::string SqlDialect::create_index_statement(const core::Index& index, const std::string& table,
                                               const std::string& schema) const {
  std::string method = normalize_index_method(index.method);
  if (!method.empty() && default_index_method().empty())
    throw core::ScriptError("index " + quote(index.name) + ": " + name() + " has no index method '" + index.method +
                            "' (`using` applies to PostgreSQL)");
  std::string out = index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
  if (index_schema_on_name()) out += qualify(schema, index.name) + " ON " + quote(table);
  else out += quote(index.name) + " ON " + qualify(schema, table);
  if (!method.empty()) out += " USING " + quote(method);
  std::vector<std::string> keys;
  for (const auto& k : index.columns) {
    std::string key = !k.is_expression()                  ? quote(k.column)
                      : parenthesize_index_expressions() ? "(" + k.expression + ")"
                                                         : k.expression;
    if (!k.opclass.empty()) {
      if (!supports_operator_classes())
        throw core::ScriptError("index " + quote(index.name) + ": " + name() + " has no operator classes ('" +
                                k.opclass + "' on " + k.text() + ")");
      // A (schema-qualified) name: each part quoted.
      std::string opclass;
      for (size_t from = 0;;) {
        size_t dot = k.opclass.find('.', from);
        opclass += (from ? "." : "") + quote(trim(k.opclass.substr(from, dot - from)));
        if (dot == std::string::npos) break;
        from = dot + 1;
      }
      key += " " + opclass;
    }
    if (k.length) {
      if (!supports_index_prefix_lengths())
        throw core::ScriptError("index " + quote(index.name) + ": " + name() + " has no prefix keys (length " +
                                std::to_string(*k.length) + " on " + k.text() + ")");
      key += "(" + std::to_string(*k.length) + ")";
    }
    if (k.descending) key += " DESC";
    keys.push_back(std::move(key));
  }
  out += " (" + join(keys, ", ") + ")";
  if (index.where) out += " WHERE " + *index.where;
  return out;
}

std::string SqlDialect::drop_index_statement(const std::string& name, const std::string& schema) const {
  return "DROP INDEX " + qualify(schema, name);
}

std::vector<std::string> SqlDialect::render_execute(const core::Execute& op) const {
  if (op.dialect && *op.dialect != name()) return {};
  return {op.sql};
}

std::vector<std::string> SqlDialect::render_bulk_insert(const core::BulkInsert& op) const {
  // One INSERT per row: rows may name different columns, as in op.bulk_insert.
  std::vector<std::string> out;
  for (const auto& row : op.rows) {
    std::vector<std::string> columns, values;
    for (const auto& [column, value] : row) {
      columns.push_back(quote(column));
      values.push_back(literal(value));
    }
    out.push_back("INSERT INTO " + qualify(op.schema, op.table) + " (" + join(columns, ", ") + ") VALUES (" +
                  join(values, ", ") + ")");
  }
  return out;
}

}  // namespace strata::drivers::common
