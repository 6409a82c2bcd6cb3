// server_default values as strata keeps them (SQL text, SPEC §4): a Python
// string is a value SQLAlchemy quotes, sa.text() and sa.literal_column() are
// SQL, sa.func.name(...) is rendered as SQLAlchemy renders it in DDL.
#include <algorithm>
#include <cctype>

#include "core/text.h"
#include "versions/alembic_scope.h"

namespace strata::versions::alembic {

namespace {

using Kind = py::Node::Kind;

std::string quoted_sql_string(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

bool is_sql_word(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

bool is_plain_number(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool digit = false, dot = false;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
    else if (c == '.' && !dot) dot = true;
    else return false;
  }
  return digit;
}

// SQL that strata's dialects emit as written (docs/decisions.md): a number,
// TRUE/FALSE/NULL, SQL's niladic keywords, a quoted string, or anything with
// a parenthesis, a quote or `::`. Other text it reads as a string to quote.
bool is_sql_as_written(const std::string& t) {
  static const char* const kKeywords[] = {"TRUE",         "FALSE",          "NULL",      "CURRENT_TIMESTAMP",
                                          "CURRENT_DATE", "CURRENT_TIME",   "LOCALTIME", "LOCALTIMESTAMP",
                                          "CURRENT_USER", "SESSION_USER",   "USER"};
  const std::string u = core::upper(t);
  return t.find_first_of("('") != std::string::npos || t.find("::") != std::string::npos || is_plain_number(t) ||
         std::any_of(std::begin(kKeywords), std::end(kKeywords), [&](const char* k) { return u == k; });
}

// Whether T is one parenthesized expression, `(...)` with the first '('
// closed by the last ')' (outside quotes).
bool is_parenthesized(const std::string& t) {
  if (t.size() < 2 || t.front() != '(' || t.back() != ')') return false;
  int depth = 0;
  char quote = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0 && i + 1 < t.size()) {
      return false;
    }
  }
  return depth == 0;
}

// sa.text() SQL as a server_default, so that strata's DDL gives the catalog
// SQLAlchemy's does. SQLAlchemy sends the text as written; SQLite keeps a
// default's text without its outer parentheses, and strata's SQLite dialect
// adds a pair around an expression: so one outer pair is dropped where strata
// emits the inner SQL as written or adds the pair back (`(CURRENT_TIMESTAMP)`
// -> `CURRENT_TIMESTAMP`, `(datetime('now'))` -> `datetime('now')`).
// Text strata would quote as a string but that is SQL (`1 + 1`) gets the
// pair instead; one bare word stays as written (SQLite, like strata, reads it
// as that string).
std::string default_from_sql(const std::string& sql) {
  const std::string t = core::trim(sql);
  if (is_parenthesized(t)) {
    const std::string inner = core::trim(t.substr(1, t.size() - 2));
    return is_sql_as_written(inner) ? inner : t;
  }
  if (is_sql_as_written(t) || is_sql_word(t)) return t;
  return "(" + t + ")";
}

// SQL's functions that take no parentheses, as SQLAlchemy renders them
// (sqlalchemy.sql.functions.AnsiFunction).
bool is_ansi_function(const std::string& name) {
  static const char* const kNames[] = {"current_date", "current_time", "current_timestamp", "current_user",
                                       "localtime",    "localtimestamp", "session_user",    "user"};
  return std::any_of(std::begin(kNames), std::end(kNames), [&](const char* n) { return core::lower(name) == n; });
}

// sa.func.name(args) as SQL, arguments rendered as literals (SQLAlchemy
// renders DDL with literal binds).
std::string function_sql(const Scope& scope, const py::Node& call, const std::string& name) {
  if (!call.keywords.empty()) refuse(call, "server_default " + py::to_source(call) + ": keyword arguments");
  if (call.items.size() == 1 && is_ansi_function(name)) return core::upper(name);
  std::vector<std::string> args;
  for (size_t i = 1; i < call.items.size(); ++i) {
    const py::Node& a = scope.value(call.items[i]);
    if (a.kind == Kind::kString) {
      args.push_back(quoted_sql_string(a.text));
    } else if (auto digits = python_int(a)) {
      args.push_back(*digits);
    } else if (a.kind == Kind::kNumber && is_plain_number(a.text)) {
      args.push_back(a.text);
    } else if (auto sql = server_default_of(scope, a)) {  // sa.func / sa.text inside
      args.push_back(*sql);
    } else {
      refuse_not_literal(call.items[i]);
    }
  }
  return name + "(" + core::join(args, ", ") + ")";
}

}  // namespace

std::optional<std::string> server_default_of(const Scope& scope, const py::Node& node) {
  const py::Node& v = scope.value(node);
  if (v.kind == Kind::kNone) return std::nullopt;
  // A Python string is a value: SQLAlchemy quotes it (server_default='x' -> DEFAULT 'x').
  if (v.kind == Kind::kString) return quoted_sql_string(v.text);
  if (v.kind == Kind::kCall) {
    const std::string name = scope.sqlalchemy_name(v.items[0]);
    if (name == "text") return default_from_sql(sql_text(scope, v, "server_default"));
    if (name == "literal_column" && v.items.size() == 2 && v.keywords.empty())
      return default_from_sql(text(scope, v.items[1], "server_default literal_column"));
    if (name == "null" && v.items.size() == 1) return "NULL";
    if (name == "true" || name == "false")
      refuse(v, "server_default " + py::to_source(v) + " is 1/0 on SQLite and true/false on PostgreSQL; write the "
                                                        "default in the YAML");
    if (name.rfind("func.", 0) == 0 && name.find('.', 5) == std::string::npos) return function_sql(scope, v, name.substr(5));
  }
  refuse(node, "server_default " + py::to_source(v) + " is not a string, sa.text() or sa.func call strata can translate");
}

}  // namespace strata::versions::alembic
