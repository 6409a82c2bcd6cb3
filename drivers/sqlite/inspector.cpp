#include "drivers/sqlite/inspector.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "drivers/common/soci_session.h"

namespace strata::drivers::sqlite {

namespace {

using Rows = std::vector<std::vector<std::optional<std::string>>>;

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Skips a quoted run starting at s[i]; returns the index after it.
size_t skip_quoted(const std::string& s, size_t i) {
  char close = s[i] == '[' ? ']' : s[i];
  for (++i; i < s.size(); ++i) {
    if (s[i] == close) {
      if (close != ']' && i + 1 < s.size() && s[i + 1] == close) { ++i; continue; }
      return i + 1;
    }
  }
  return s.size();
}

bool is_quote(char c) { return c == '"' || c == '\'' || c == '`' || c == '['; }

// Reads one identifier token at s[i] (quoted or bare); advances i.
std::string read_identifier(const std::string& s, size_t& i) {
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  if (i >= s.size()) return "";
  if (is_quote(s[i]) && s[i] != '\'') {
    size_t end = skip_quoted(s, i);
    std::string inner = s.substr(i + 1, end - i - 2);
    char q = s[i] == '[' ? ']' : s[i];
    std::string out;
    for (size_t k = 0; k < inner.size(); ++k) {
      out += inner[k];
      if (inner[k] == q && k + 1 < inner.size() && inner[k + 1] == q) ++k;
    }
    i = end;
    return out;
  }
  size_t start = i;
  while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '$')) ++i;
  return s.substr(start, i - start);
}

// The text inside the parentheses that open at or after s[from].
std::string paren_body(const std::string& s, size_t from) {
  size_t open = s.find('(', from);
  if (open == std::string::npos) return "";
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    if (is_quote(s[i])) { i = skip_quoted(s, i) - 1; continue; }
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && --depth == 0) return s.substr(open + 1, i - open - 1);
  }
  return "";
}

// Position of KEYWORD as a whole word at top level (outside quotes/parens).
size_t find_keyword(const std::string& s, const std::string& keyword, size_t from = 0) {
  std::string u = upper(s);
  int depth = 0;
  for (size_t i = from; i < s.size(); ++i) {
    if (is_quote(s[i])) { i = skip_quoted(s, i) - 1; continue; }
    if (s[i] == '(') ++depth;
    if (s[i] == ')') --depth;
    // A whole word: `check_in` or `health_check` is a name, not CHECK.
    auto word_char = [&](size_t k) {
      unsigned char c = static_cast<unsigned char>(u[k]);
      return std::isalnum(c) || c == '_' || c == '$';
    };
    if (depth == 0 && u.compare(i, keyword.size(), keyword) == 0 && (i == 0 || !word_char(i - 1)) &&
        (i + keyword.size() >= u.size() || !word_char(i + keyword.size())))
      return i;
  }
  return std::string::npos;
}

std::string quote_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::vector<std::string> identifier_list(const std::string& body) {
  std::vector<std::string> out;
  for (const auto& part : table_elements("(" + body + ")")) {
    size_t i = 0;
    out.push_back(read_identifier(part, i));
  }
  return out;
}

}  // namespace

std::vector<std::string> table_elements(const std::string& create_sql) {
  std::string body = paren_body(create_sql, 0);
  std::vector<std::string> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < body.size(); ++i) {
    if (is_quote(body[i])) { i = skip_quoted(body, i) - 1; continue; }
    if (body[i] == '(') ++depth;
    if (body[i] == ')') --depth;
    if (body[i] == ',' && depth == 0) {
      out.push_back(trim(body.substr(start, i - start)));
      start = i + 1;
    }
  }
  if (auto last = trim(body.substr(start)); !last.empty()) out.push_back(last);
  return out;
}

std::vector<std::string> SqliteInspector::table_names(const std::string& schema) const {
  std::string master = schema.empty() ? "sqlite_master" : quote_identifier(schema) + ".sqlite_master";
  auto names = session_.query_column("SELECT name FROM " + master +
                                     " WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
  return names;
}

core::Schema SqliteInspector::reflect(const core::ReflectOptions&) {
  // SQLite has one schema per database file: include_schemas does not apply.
  core::Schema schema;
  for (const auto& name : table_names(""))
    if (auto t = table("", name)) schema.tables.push_back(std::move(*t));
  return schema;
}

std::optional<core::Table> SqliteInspector::table(const std::string& schema, const std::string& name) const {
  const std::string prefix = schema.empty() ? "" : quote_identifier(schema) + ".";
  const std::string lit = core::Dialect::quote_string(name);
  auto create = session_.query_column("SELECT sql FROM " + prefix + "sqlite_master WHERE type = 'table' AND name = " + lit);
  if (create.empty()) return std::nullopt;
  core::Table t;
  t.name = name;
  t.schema = schema;

  // Columns and primary key.
  std::vector<std::pair<int, std::string>> pk;
  for (const auto& r : session_.query_rows("SELECT name, type, \"notnull\", dflt_value, pk FROM " + prefix +
                                           "pragma_table_info(" + lit + ") ORDER BY cid")) {
    core::Column c;
    c.name = r[0].value_or("");
    c.type = r[1].value_or("");
    c.nullable = r[2].value_or("0") == "0";
    c.server_default = r[3];
    int pk_pos = std::stoi(r[4].value_or("0"));
    if (pk_pos > 0) pk.push_back({pk_pos, c.name});
    t.columns.push_back(c);
  }
  std::sort(pk.begin(), pk.end());
  for (auto& [pos, col] : pk)
    for (auto& c : t.columns)
      if (c.name == col) c.primary_key = true, c.nullable = false;
  // A single-column INTEGER PRIMARY KEY is the rowid: it auto-increments.
  if (pk.size() == 1)
    for (auto& c : t.columns)
      if (c.primary_key && upper(trim(c.type)) == "INTEGER") c.autoincrement = true;

  // Constraint names, CHECKs and FK names come from the CREATE TABLE text.
  std::vector<std::pair<std::vector<std::string>, std::string>> unique_names, fk_names;
  for (const auto& element : table_elements(create[0])) {
    // A keyword only when written bare: a column named "check" is quoted.
    auto bare_word = [&](size_t at) {
      while (at < element.size() && std::isspace(static_cast<unsigned char>(element[at]))) ++at;
      size_t from = at;
      std::string word = read_identifier(element, at);
      return from < element.size() && !is_quote(element[from]) ? upper(word) : std::string();
    };
    size_t i = 0;
    std::string kind = bare_word(0);
    read_identifier(element, i);
    std::string cname;
    if (kind == "CONSTRAINT") {
      cname = read_identifier(element, i);
      kind = bare_word(i);
    }
    if (kind == "CHECK") {
      t.check_constraints.push_back({cname, trim(paren_body(element, i))});
    } else if (kind == "UNIQUE") {
      unique_names.push_back({identifier_list(paren_body(element, i)), cname});
    } else if (kind == "FOREIGN") {
      fk_names.push_back({identifier_list(paren_body(element, i)), cname});
    } else if (kind != "PRIMARY") {
      // A column definition: column-level CHECKs become table checks.
      for (size_t at = find_keyword(element, "CHECK"); at != std::string::npos;
           at = find_keyword(element, "CHECK", at + 5)) {
        std::string before = element.substr(0, at);
        size_t cpos = find_keyword(before, "CONSTRAINT");
        std::string col_cname;
        if (cpos != std::string::npos) {
          size_t k = cpos + 10;
          col_cname = read_identifier(before, k);
        }
        t.check_constraints.push_back({col_cname, trim(paren_body(element, at))});
      }
    }
  }

  // Foreign keys: one PRAGMA row per column, grouped by id.
  std::map<int, core::ForeignKey> fks;
  for (const auto& r : session_.query_rows("SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM " +
                                           prefix + "pragma_foreign_key_list(" + lit + ") ORDER BY id, seq")) {
    auto& fk = fks[std::stoi(r[0].value_or("0"))];
    fk.referred_table = r[2].value_or("");
    fk.columns.push_back(r[3].value_or(""));
    fk.referred_columns.push_back(r[4].value_or(""));
    auto action = [](const std::optional<std::string>& a) { return a && *a != "NO ACTION" ? *a : std::string(); };
    fk.onupdate = action(r[5]);
    fk.ondelete = action(r[6]);
  }
  for (auto& [id, fk] : fks) {
    for (auto& [cols, cname] : fk_names)
      if (cols == fk.columns) fk.name = cname;
    t.foreign_keys.push_back(fk);
  }
  // PRAGMA lists foreign keys newest first; keep declaration order.
  std::reverse(t.foreign_keys.begin(), t.foreign_keys.end());

  // Indexes and unique constraints.
  for (const auto& r : session_.query_rows("SELECT name, \"unique\", origin FROM " + prefix + "pragma_index_list(" +
                                           lit + ") ORDER BY name")) {
    std::string iname = r[0].value_or(""), origin = r[2].value_or("");
    if (origin == "pk") continue;
    std::vector<std::string> cols;
    for (const auto& c : session_.query_rows("SELECT name FROM " + prefix + "pragma_index_info(" +
                                             core::Dialect::quote_string(iname) + ") ORDER BY seqno"))
      cols.push_back(c[0].value_or(""));
    if (origin == "u") {
      std::string cname;
      for (auto& [ucols, n] : unique_names)
        if (ucols == cols) cname = n;
      t.unique_constraints.push_back({cname, cols});
      continue;
    }
    core::Index ix{iname, cols, r[1].value_or("0") == "1", std::nullopt};
    auto sql = session_.query_column("SELECT sql FROM " + prefix + "sqlite_master WHERE type = 'index' AND name = " +
                                     core::Dialect::quote_string(iname));
    if (!sql.empty()) {
      size_t where = find_keyword(sql[0], "WHERE");
      if (where != std::string::npos) ix.where = trim(sql[0].substr(where + 5));
    }
    t.indexes.push_back(ix);
  }
  return t;
}

}  // namespace strata::drivers::sqlite
