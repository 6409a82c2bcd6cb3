#include "drivers/sqlite/inspector.h"
#include "core/text.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "drivers/common/soci_session.h"
#include "drivers/common/sql_dialect.h"

namespace strata::drivers::sqlite {

using core::upper; using core::trim;

namespace {

using Rows = std::vector<std::vector<std::optional<std::string>>>;

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
  schema.tables = read("", std::nullopt);
  return schema;
}

std::optional<core::Table> SqliteInspector::table(const std::string& schema, const std::string& name) const {
  auto tables = read(schema, name);
  if (tables.empty()) return std::nullopt;
  return std::move(tables.front());
}

namespace {

// The name of the last `CONSTRAINT name` in TEXT ("" if none).
std::string last_constraint_name(const std::string& text) {
  std::string name;
  for (size_t at = find_keyword(text, "CONSTRAINT"); at != std::string::npos;
       at = find_keyword(text, "CONSTRAINT", at + 10)) {
    size_t k = at + 10;
    name = read_identifier(text, k);
  }
  return name;
}

// Reads the CREATE TABLE text of T for what no PRAGMA reports: CHECK
// conditions, and the names of the primary key, unique constraints and
// foreign keys. Returns the primary key's name.
std::string read_create_text(core::Table& t, const std::string& create,
                      std::vector<std::pair<std::vector<std::string>, std::string>>& unique_names,
                      std::vector<std::pair<std::vector<std::string>, std::string>>& fk_names) {
  std::string pk_name;
  for (const auto& element : table_elements(create)) {
    // A keyword only when written bare: a column named "check" is quoted.
    auto bare_word = [&](size_t at) {
      while (at < element.size() && std::isspace(static_cast<unsigned char>(element[at]))) ++at;
      size_t from = at;
      std::string word = read_identifier(element, at);
      return from < element.size() && !is_quote(element[from]) ? upper(word) : std::string();
    };
    size_t i = 0;
    std::string kind = bare_word(0);
    const std::string first = read_identifier(element, i);
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
    } else if (kind == "PRIMARY") {
      pk_name = cname;
    } else {
      // A column definition: `"id" INTEGER CONSTRAINT pk_t PRIMARY KEY`.
      if (size_t at = find_keyword(element, "PRIMARY"); at != std::string::npos)
        pk_name = last_constraint_name(element.substr(0, at));
      if (find_keyword(element, "AUTOINCREMENT") != std::string::npos) t.sqlite_autoincrement = true;
      // No PRAGMA reports a column's collation: `email TEXT COLLATE NOCASE`.
      if (size_t at = find_keyword(element, "COLLATE"); at != std::string::npos) {
        size_t k = at + 7;
        std::string collation = read_identifier(element, k);
        for (auto& c : t.columns)
          if (c.name == first && !collation.empty()) c.collation = collation;
      }
      // A generated column's expression: `total REAL GENERATED ALWAYS AS (a * 2) STORED`.
      for (auto& c : t.columns)
        if (c.name == first && c.computed)
          if (size_t at = find_keyword(element, "AS"); at != std::string::npos)
            c.computed->sqltext = trim(paren_body(element, at));
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
  // Table options follow the closing parenthesis: `) WITHOUT ROWID, STRICT`.
  if (size_t close = create.rfind(')'); close != std::string::npos)
    t.sqlite_without_rowid = find_keyword(create.substr(close + 1), "ROWID") != std::string::npos;
  return pk_name;
}

// The keys of a CREATE INDEX statement as written, each without its ASC /
// DESC: the text inside the parentheses after ON <table>.
std::vector<std::string> index_key_texts(const std::string& create_index) {
  size_t on = find_keyword(create_index, "ON");
  if (on == std::string::npos) return {};
  size_t after_table = on + 2;
  read_identifier(create_index, after_table);
  std::vector<std::string> out;
  for (auto key : table_elements(create_index.substr(after_table))) {
    for (const char* order : {"ASC", "DESC"}) {
      size_t at = find_keyword(key, order);
      if (at != std::string::npos && trim(key.substr(at + std::string(order).size())).empty()) key = trim(key.substr(0, at));
    }
    out.push_back(key);
  }
  return out;
}

// KEY as an expression: without parentheses around the whole of it.
std::string bare_expression(std::string key) {
  while (key.size() >= 2 && key.front() == '(' && paren_body(key, 0).size() + 2 == key.size())
    key = trim(key.substr(1, key.size() - 2));
  return key;
}

}  // namespace

// A table's reflection is a function of its CREATE TABLE text and its
// indexes' CREATE INDEX texts (every PRAGMA reports what those say), so a
// table whose texts are unchanged since the last read is taken from the
// cache: one query instead of four for a schema that barely changed
// (`stairway` reflects after every step; a table rebuild reads its table).
std::vector<core::Table> SqliteInspector::read(const std::string& schema, const std::optional<std::string>& only) const {
  const std::string prefix = schema.empty() ? "" : quote_identifier(schema) + ".";
  std::string filter = " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
  if (only) filter += " AND m.name = " + core::Dialect::quote_string(*only);
  std::vector<std::pair<std::string, std::string>> keys;  // name, texts
  std::map<std::string, std::string> index_texts;
  for (const auto& r : session_.query_rows("SELECT tbl_name, name, sql FROM " + prefix +
                                           "sqlite_master WHERE type = 'index' ORDER BY tbl_name, name"))
    index_texts[r[0].value_or("")].append(r[1].value_or("")).append(1, '\x1e').append(r[2].value_or("")).append(1, '\x1f');
  for (const auto& r : session_.query_rows("SELECT m.name, m.sql FROM " + prefix + "sqlite_master m" + filter +
                                           " ORDER BY m.name")) {
    std::string name = r[0].value_or("");
    std::string texts = r[1].value_or("") + '\x1d' + index_texts[name];
    keys.emplace_back(std::move(name), std::move(texts));
  }
  std::vector<std::string> changed;
  for (const auto& [name, texts] : keys) {
    auto it = cache_.find({schema, name});
    if (it == cache_.end() || it->second.first != texts) changed.push_back(name);
  }
  if (!changed.empty()) {
    std::vector<core::Table> fresh = read_uncached(schema, changed.size() == keys.size() ? nullptr : &changed, only);
    std::map<std::string, const std::string*> texts_of;
    for (const auto& [name, texts] : keys) texts_of[name] = &texts;
    for (auto& t : fresh)
      if (auto k = texts_of.find(t.name); k != texts_of.end()) {
        auto& slot = cache_[{schema, t.name}];  // before the move: `a = b` evaluates b first
        slot = {*k->second, std::move(t)};
      }
  }
  std::vector<core::Table> out;
  out.reserve(keys.size());
  for (const auto& [name, texts] : keys)
    if (auto it = cache_.find({schema, name}); it != cache_.end() && it->second.first == texts)
      out.push_back(it->second.second);
  return out;
}

// Four queries for every table at once (sqlite_master joined with the
// table-valued PRAGMA functions), whatever the number of tables; just NAMES
// when given.
std::vector<core::Table> SqliteInspector::read_uncached(const std::string& schema,
                                                        const std::vector<std::string>* names,
                                                        const std::optional<std::string>& only) const {
  const std::string prefix = schema.empty() ? "" : quote_identifier(schema) + ".";
  const std::string tables_of = "FROM " + prefix + "sqlite_master m ";
  std::string filter = " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
  if (only) filter += " AND m.name = " + core::Dialect::quote_string(*only);
  if (names) {
    std::string list;
    for (const auto& n : *names) list += (list.empty() ? "" : ", ") + core::Dialect::quote_string(n);
    filter += " AND m.name IN (" + list + ")";
  }

  std::vector<core::Table> tables;
  std::map<std::string, size_t> index_of;
  std::vector<std::string> creates;
  for (const auto& r : session_.query_rows("SELECT m.name, m.sql " + tables_of + filter + " ORDER BY m.name")) {
    core::Table t;
    t.name = r[0].value_or("");
    t.schema = schema;
    index_of[t.name] = tables.size();
    tables.push_back(std::move(t));
    creates.push_back(r[1].value_or(""));
  }
  if (tables.empty()) return tables;
  auto table_of = [&](const std::optional<std::string>& name) -> core::Table* {
    auto it = index_of.find(name.value_or(""));
    return it == index_of.end() ? nullptr : &tables[it->second];
  };

  // Columns and primary keys.
  std::map<std::string, std::vector<std::pair<int, std::string>>> pks;
  for (const auto& r : session_.query_rows("SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden " +
                                           tables_of + "JOIN " + prefix + "pragma_table_xinfo(m.name) p" + filter +
                                           " ORDER BY m.name, p.cid")) {
    core::Table* t = table_of(r[0]);
    if (!t) continue;
    core::Column c;
    c.name = r[1].value_or("");
    c.type = r[2].value_or("");
    c.nullable = r[3].value_or("0") == "0";
    c.server_default = r[4];
    // hidden: 2 a VIRTUAL, 3 a STORED generated column (its expression: read_create_text).
    if (const std::string hidden = r.size() > 6 ? r[6].value_or("0") : "0"; hidden == "2" || hidden == "3")
      c.computed = core::Computed{"", hidden == "3"};
    int pk_pos = std::stoi(r[5].value_or("0"));
    if (pk_pos > 0) pks[t->name].push_back({pk_pos, c.name});
    t->columns.push_back(std::move(c));
  }

  std::map<std::string, std::vector<std::pair<std::vector<std::string>, std::string>>> unique_names, fk_names;
  for (size_t k = 0; k < tables.size(); ++k) {
    core::Table& t = tables[k];
    auto& pk = pks[t.name];
    std::sort(pk.begin(), pk.end());
    std::vector<std::string> key;
    for (auto& [pos, col] : pk) key.push_back(col);
    // A single-column INTEGER PRIMARY KEY is the rowid: it auto-increments.
    if (pk.size() == 1)
      for (auto& c : t.columns)
        if (c.name == key.front() && upper(trim(c.type)) == "INTEGER") c.autoincrement = true;
    std::string pk_name = read_create_text(t, creates[k], unique_names[t.name], fk_names[t.name]);
    core::set_primary_key(t, key, pk_name);
  }

  // Foreign keys: one row per column, grouped by (table, id).
  std::map<std::pair<std::string, int>, core::ForeignKey> fks;
  for (const auto& r : session_.query_rows("SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, "
                                           "f.on_delete " + tables_of + "JOIN " + prefix +
                                           "pragma_foreign_key_list(m.name) f" + filter +
                                           " ORDER BY m.name, f.id, f.seq")) {
    auto& fk = fks[{r[0].value_or(""), std::stoi(r[1].value_or("0"))}];
    fk.referred_table = r[2].value_or("");
    fk.columns.push_back(r[3].value_or(""));
    fk.referred_columns.push_back(r[4].value_or(""));
    auto action = [](const std::optional<std::string>& a) { return a && *a != "NO ACTION" ? *a : std::string(); };
    fk.onupdate = action(r[5]);
    fk.ondelete = action(r[6]);
  }
  // PRAGMA numbers foreign keys newest first: walk back for declaration order.
  for (auto it = fks.rbegin(); it != fks.rend(); ++it) {
    core::Table* t = table_of(it->first.first);
    if (!t) continue;
    core::ForeignKey fk = it->second;
    for (auto& [cols, cname] : fk_names[t->name])
      if (cols == fk.columns) fk.name = cname;
    t->foreign_keys.push_back(std::move(fk));
  }
  // rbegin walked the tables backwards too; each table's keys are in order.

  // Indexes and unique constraints: one row per key column. An expression
  // key has no name (cid -2): its text comes from the CREATE INDEX statement,
  // and so does a COLLATE, which makes the key an expression too (the key
  // format has no collation of its own).
  struct Found {
    std::string table, name, origin, sql;
    bool unique = false;
    std::vector<std::string> columns;  ///< "" for an expression
    std::vector<bool> descending;
  };
  std::vector<Found> found;
  for (const auto& r : session_.query_rows("SELECT m.name, il.name, il.\"unique\", il.origin, ii.name, ix.sql, ii.\"desc\" " +
                                           tables_of + "JOIN " + prefix + "pragma_index_list(m.name) il JOIN " +
                                           prefix + "pragma_index_xinfo(il.name) ii LEFT JOIN " + prefix +
                                           "sqlite_master ix ON ix.type = 'index' AND ix.name = il.name" + filter +
                                           " AND ii.key = 1 ORDER BY m.name, il.name, ii.seqno")) {
    if (found.empty() || found.back().table != r[0].value_or("") || found.back().name != r[1].value_or("")) {
      found.push_back({r[0].value_or(""), r[1].value_or(""), r[3].value_or(""), r[5].value_or(""),
                       r[2].value_or("0") == "1", {}, {}});
    }
    found.back().columns.push_back(r[4].value_or(""));
    found.back().descending.push_back(r[6].value_or("0") == "1");
  }
  for (auto& f : found) {
    core::Table* t = table_of(f.table);
    if (!t || f.origin == "pk") continue;
    if (f.origin == "u") {
      std::string cname;
      for (auto& [ucols, n] : unique_names[t->name])
        if (ucols == f.columns) cname = n;
      t->unique_constraints.push_back({cname, f.columns});
      continue;
    }
    core::Index ix;
    ix.name = f.name;
    ix.unique = f.unique;
    std::vector<std::string> written = index_key_texts(f.sql);
    for (size_t k = 0; k < f.columns.size(); ++k) {
      std::string text = bare_expression(k < written.size() ? written[k] : "");
      bool collated = find_keyword(text, "COLLATE") != std::string::npos;
      core::IndexElement key = !f.columns[k].empty() && !collated ? core::IndexElement(f.columns[k])
                                                                  : core::IndexElement::of_expression(text);
      key.descending = f.descending[k];
      ix.columns.push_back(std::move(key));
    }
    size_t where = find_keyword(f.sql, "WHERE");
    if (where != std::string::npos) ix.where = trim(f.sql.substr(where + 5));
    t->indexes.push_back(std::move(ix));
  }
  for (auto& t : tables) common::SqlDialect::mark_plain_integer_key(t);
  return tables;
}

}  // namespace strata::drivers::sqlite
