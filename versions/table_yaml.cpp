#include "versions/table_yaml.h"

#include <algorithm>
#include <cctype>
#include <climits>

#include "core/text.h"
#include "versions/yaml_nodes.h"
#include "versions/yaml_scalars.h"

namespace strata::versions {

namespace {

// "schema.table.column" or "table.column" -> parts.
void split_reference(const std::string& file, const yaml::Node& at, const std::string& ref, core::ForeignKey& fk) {
  auto last = ref.rfind('.');
  if (last == std::string::npos || last == 0 || last + 1 == ref.size())
    fail_at(file, at, "foreign key reference '" + ref + "' must be TABLE.COLUMN");
  std::string table = ref.substr(0, last);
  if (auto dot = table.rfind('.'); dot != std::string::npos) {
    fk.referred_schema = table.substr(0, dot);
    table = table.substr(dot + 1);
  }
  fk.referred_table = table;
  fk.referred_columns = {ref.substr(last + 1)};
}

template <class T, class F>
std::vector<T> parse_list(const std::string& file, const yaml::Node& map, const char* key, F parse_item) {
  std::vector<T> out;
  yaml::Node list = map[key];
  if (!list || list.is_null()) return out;
  if (!list.is_sequence()) fail_at(file, list, std::string("'") + key + "' must be a list");
  for (const auto& item : list) out.push_back(parse_item(item));
  return out;
}

// `identity: true`, or {always, start, increment} (SQLAlchemy's Identity()).
std::optional<core::Identity> parse_identity(const std::string& file, const yaml::Node& node) {
  if (!node || node.is_null()) return std::nullopt;
  core::Identity id;
  if (node.is_scalar()) {
    std::optional<bool> on = yaml::decode_bool(node.scalar());
    if (!on) fail_at(file, node, "'identity' must be true, false or a map {always, start, increment}");
    if (!*on) return std::nullopt;
    return id;
  }
  if (!node.is_map()) fail_at(file, node, "'identity' must be true, false or a map {always, start, increment}");
  check_keys(file, node, {"always", "start", "increment"}, "identity");
  id.always = boolean(file, node, "always", false);
  for (const char* key : {"start", "increment"}) {
    yaml::Node v = node[key];
    if (!v || v.is_null()) continue;
    std::optional<long long> n = v.is_scalar() ? yaml::decode_integer(v.scalar()) : std::nullopt;
    if (!n) fail_at(file, v, std::string("identity '") + key + "' must be an integer");
    (std::string(key) == "start" ? id.start : id.increment) = *n;
  }
  if (id.increment && *id.increment == 0) fail_at(file, node["increment"], "identity 'increment' cannot be 0");
  return id;
}

// `computed: "a * 2"` or `computed: {sqltext: "a * 2", persisted: true}`.
std::optional<core::Computed> parse_computed(const std::string& file, const yaml::Node& node) {
  if (!node || node.is_null()) return std::nullopt;
  const char* shape = "'computed' must be an SQL expression or a map {sqltext, persisted}";
  core::Computed computed;
  if (node.is_scalar()) {
    computed.sqltext = node.scalar();
  } else {
    if (!node.is_map()) fail_at(file, node, shape);
    check_keys(file, node, {"sqltext", "persisted"}, "computed");
    computed.sqltext = optional_string(file, node, "sqltext").value_or("");
    if (node["persisted"] && !node["persisted"].is_null()) computed.persisted = boolean(file, node, "persisted", false);
  }
  if (core::trim(computed.sqltext).empty()) fail_at(file, node, "'computed' needs its expression (sqltext)");
  return computed;
}

// The table-level `primary_key: {name, columns}`: its name, and its order
// when `columns` is given (then the columns' own primary_key flags, if any, agree).
void parse_primary_key(const std::string& file, const yaml::Node& node, core::Table& t) {
  if (!node || node.is_null()) return;
  if (!node.is_map()) fail_at(file, node, "'primary_key' of table '" + t.name + "' must be a map {name, columns}");
  check_keys(file, node, {"name", "columns"}, "primary_key");
  std::vector<std::string> flagged;
  for (const auto& c : t.columns)
    if (c.primary_key) flagged.push_back(c.name);
  std::vector<std::string> columns = string_list(file, node, "columns");
  for (const auto& k : columns) {
    bool found = false;
    for (const auto& c : t.columns) found = found || c.name == k;
    if (!found) fail_at(file, node["columns"], "primary_key names column '" + k + "', which table '" + t.name + "' does not have");
    if (std::count(columns.begin(), columns.end(), k) > 1)
      fail_at(file, node["columns"], "primary_key names column '" + k + "' twice");
  }
  if (columns.empty()) columns = flagged;
  if (columns.empty())
    fail_at(file, node, "primary_key of table '" + t.name + "' needs 'columns' (or columns with primary_key: true)");
  for (const auto& f : flagged)
    if (std::find(columns.begin(), columns.end(), f) == columns.end())
      fail_at(file, node, "column '" + f + "' has primary_key: true but is not in the table's primary_key columns");
  core::set_primary_key(t, columns, optional_string(file, node, "name").value_or(""));
}

}  // namespace

void check_foreign_key_actions(const std::string& file, const yaml::Node& node) {
  if (!node.is_map()) return;
  for (const char* key : {"ondelete", "onupdate"}) {
    std::string v = optional_string(file, node, key).value_or("");
    std::string u;
    for (char ch : v) u += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (!v.empty() && u != "CASCADE" && u != "SET NULL" && u != "SET DEFAULT" && u != "RESTRICT" && u != "NO ACTION")
      fail_at(file, node[key], std::string(key) + " must be CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION, not '" +
                                   v + "'");
  }
}

std::vector<core::IndexElement> parse_index_columns(const std::string& file, const yaml::Node& owner) {
  return parse_list<core::IndexElement>(file, owner, "columns", [&](const yaml::Node& n) {
    if (n.is_scalar()) return core::IndexElement(n.scalar());
    if (!n.is_map()) fail_at(file, n, "an index column must be a name or a map with 'column' or 'expression'");
    check_keys(file, n, {"column", "expression", "opclass", "order", "length"}, "index column");
    auto column = optional_string(file, n, "column");
    auto expression = optional_string(file, n, "expression");
    if (column.has_value() == expression.has_value())
      fail_at(file, n, "an index column needs exactly one of 'column' and 'expression'");
    if (expression && core::trim(*expression).empty()) fail_at(file, n["expression"], "an index expression is empty");
    core::IndexElement e = column ? core::IndexElement(*column) : core::IndexElement::of_expression(*expression);
    e.opclass = optional_string(file, n, "opclass").value_or("");
    std::string order = optional_string(file, n, "order").value_or("asc");
    for (auto& ch : order) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (order != "asc" && order != "desc") fail_at(file, n["order"], "index column order must be asc or desc, not '" + order + "'");
    e.descending = order == "desc";
    if (yaml::Node len = n["length"]; len && !len.is_null()) {
      std::optional<long long> value = len.is_scalar() ? yaml::decode_integer(len.scalar()) : std::nullopt;
      if (!value || *value <= 0 || *value > INT_MAX)
        fail_at(file, len, "an index column's length must be a positive integer");
      if (expression) fail_at(file, len, "an index column's length applies to a column, not an expression");
      e.length = static_cast<int>(*value);
    }
    return e;
  });
}

namespace {

// The name and referential actions, the same in every form.
void parse_foreign_key_options(const std::string& file, const yaml::Node& node, core::ForeignKey& fk) {
  fk.name = optional_string(file, node, "name").value_or("");
  check_foreign_key_actions(file, node);
  fk.ondelete = optional_string(file, node, "ondelete").value_or("");
  fk.onupdate = optional_string(file, node, "onupdate").value_or("");
}

}  // namespace

core::ForeignKey parse_foreign_key(const std::string& file, const yaml::Node& node, const std::string* column) {
  if (!column) {
    check_keys(file, node,
               {"name", "columns", "referred_table", "referred_columns", "referred_schema", "ondelete", "onupdate"},
               "foreign key");
    return parse_foreign_key_fields(file, node);
  }
  core::ForeignKey fk;
  fk.columns = {*column};
  if (node.is_scalar()) {
    split_reference(file, node, node.scalar(), fk);
    return fk;
  }
  check_keys(file, node, {"references", "name", "ondelete", "onupdate"}, "foreign_key");
  split_reference(file, node, required_string(file, node, "references", "foreign_key"), fk);
  parse_foreign_key_options(file, node, fk);
  return fk;
}

core::ForeignKey parse_foreign_key_fields(const std::string& file, const yaml::Node& node) {
  core::ForeignKey fk;
  fk.columns = string_list(file, node, "columns");
  fk.referred_table = required_string(file, node, "referred_table", "foreign key");
  fk.referred_schema = optional_string(file, node, "referred_schema").value_or("");
  fk.referred_columns = string_list(file, node, "referred_columns");
  if (fk.columns.empty()) fail_at(file, node, "foreign key needs 'columns'");
  if (fk.columns.size() != fk.referred_columns.size())
    fail_at(file, node, "foreign key has " + std::to_string(fk.columns.size()) + " columns but " +
                            std::to_string(fk.referred_columns.size()) + " referred_columns");
  parse_foreign_key_options(file, node, fk);
  return fk;
}

core::Column parse_column(const std::string& file, const yaml::Node& node) {
  check_keys(file, node,
             {"name", "type", "nullable", "primary_key", "server_default", "comment", "unique", "index",
              "autoincrement", "foreign_key", "identity", "collation", "on_update", "computed"},
             "column");
  core::Column c;
  c.name = required_string(file, node, "name", "column");
  c.type = required_string(file, node, "type", "column '" + c.name + "'");
  c.primary_key = boolean(file, node, "primary_key", false);
  c.nullable = boolean(file, node, "nullable", !c.primary_key);
  if (c.primary_key && c.nullable) fail_at(file, node, "primary key column '" + c.name + "' cannot be nullable");
  c.server_default = optional_string(file, node, "server_default");
  c.comment = optional_string(file, node, "comment");
  c.collation = optional_string(file, node, "collation");
  if (c.collation && c.collation->empty()) fail_at(file, node["collation"], "column '" + c.name + "': 'collation' is empty");
  c.on_update = optional_string(file, node, "on_update");
  if (c.on_update && core::trim(*c.on_update).empty())
    fail_at(file, node["on_update"], "column '" + c.name + "': 'on_update' is empty");
  c.computed = parse_computed(file, node["computed"]);
  c.unique = boolean(file, node, "unique", false);
  c.index = boolean(file, node, "index", false);
  if (node["autoincrement"] && !node["autoincrement"].is_null()) c.autoincrement = boolean(file, node, "autoincrement", true);
  if (yaml::Node fk = node["foreign_key"]; fk && !fk.is_null()) c.foreign_key = parse_foreign_key(file, fk, &c.name);
  c.identity = parse_identity(file, node["identity"]);
  if (c.identity && c.server_default)
    fail_at(file, node, "identity column '" + c.name + "' cannot have a server_default");
  if (c.identity && c.autoincrement == false)
    fail_at(file, node, "identity column '" + c.name + "' cannot have autoincrement: false");
  if (c.computed && (c.server_default || c.identity || c.autoincrement.value_or(false) || c.on_update))
    fail_at(file, node, "computed column '" + c.name + "' cannot have a server_default, identity, autoincrement or on_update");
  return c;
}

core::Table parse_table(const std::string& file, const yaml::Node& node) {
  check_keys(file, node,
             {"name", "schema", "comment", "columns", "primary_key", "indexes", "unique_constraints",
              "check_constraints", "foreign_keys", "sqlite_autoincrement", "sqlite_without_rowid"},
             "table");
  core::Table t;
  t.name = required_string(file, node, "name", "table");
  t.schema = optional_string(file, node, "schema").value_or("");
  t.comment = optional_string(file, node, "comment");
  t.sqlite_autoincrement = boolean(file, node, "sqlite_autoincrement", false);
  t.sqlite_without_rowid = boolean(file, node, "sqlite_without_rowid", false);
  t.columns = parse_list<core::Column>(file, node, "columns", [&](const yaml::Node& n) { return parse_column(file, n); });
  if (t.columns.empty()) fail_at(file, node, "table '" + t.name + "' needs at least one column");
  parse_primary_key(file, node["primary_key"], t);
  t.indexes = parse_list<core::Index>(file, node, "indexes", [&](const yaml::Node& n) {
    check_keys(file, n, {"name", "columns", "unique", "where", "using"}, "index");
    core::Index ix{optional_string(file, n, "name").value_or(""), parse_index_columns(file, n),
                   boolean(file, n, "unique", false), optional_string(file, n, "where"),
                   optional_string(file, n, "using").value_or("")};
    if (ix.columns.empty()) fail_at(file, n, "index needs 'columns'");
    return ix;
  });
  t.unique_constraints = parse_list<core::UniqueConstraint>(file, node, "unique_constraints", [&](const yaml::Node& n) {
    check_keys(file, n, {"name", "columns"}, "unique constraint");
    core::UniqueConstraint uq{optional_string(file, n, "name").value_or(""), string_list(file, n, "columns")};
    if (uq.columns.empty()) fail_at(file, n, "unique constraint needs 'columns'");
    return uq;
  });
  t.check_constraints = parse_list<core::CheckConstraint>(file, node, "check_constraints", [&](const yaml::Node& n) {
    check_keys(file, n, {"name", "condition"}, "check constraint");
    return core::CheckConstraint{optional_string(file, n, "name").value_or(""),
                                 required_string(file, n, "condition", "check constraint")};
  });
  t.foreign_keys = parse_list<core::ForeignKey>(file, node, "foreign_keys", [&](const yaml::Node& n) {
    return parse_foreign_key(file, n, nullptr);
  });
  return t;
}

}  // namespace strata::versions
