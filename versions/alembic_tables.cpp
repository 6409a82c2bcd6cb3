// SQLAlchemy's schema objects as strata's table parts: sa.Column (with its
// sa.ForeignKey), sa.PrimaryKeyConstraint, sa.ForeignKeyConstraint,
// sa.UniqueConstraint, sa.CheckConstraint and sa.Index as op.create_table
// takes them, and server_default values as SQL.
#include <algorithm>
#include <cctype>

#include "core/text.h"
#include "versions/alembic_scope.h"

namespace strata::versions::alembic {

namespace {

using Kind = py::Node::Kind;

// Column(*args, **kwargs) in SQLAlchemy 1.4/2.0: [name], [type], *schema
// items; `default=` / `onupdate=` are Python-side values, never DDL.
const Signature kColumn{"sa.Column",
                        {},
                        true,
                        {"name", "type_", "nullable", "primary_key", "server_default", "comment", "autoincrement",
                         "unique", "index"},
                        {"server_onupdate", "quote", "system", "computed", "identity"},
                        {"default", "onupdate", "insert_default", "doc", "key", "info", "sort_order"}};
// ForeignKey(column, _constraint=None, use_alter=False, name=None,
// onupdate=None, ondelete=None, deferrable=None, initially=None,
// link_to_name=False, match=None, info=None, **dialect_kw)
const Signature kForeignKey{"sa.ForeignKey",
                            {"column", "_constraint", "use_alter", "name", "onupdate", "ondelete", "deferrable",
                             "initially", "link_to_name", "match", "info"},
                            false,
                            {},
                            {},
                            {}};
// ForeignKeyConstraint(columns, refcolumns, name=None, onupdate=None,
// ondelete=None, deferrable=None, initially=None, use_alter=False,
// link_to_name=False, match=None, table=None, info=None, **dialect_kw)
const Signature kForeignKeyConstraint{"sa.ForeignKeyConstraint",
                                      {"columns", "refcolumns", "name", "onupdate", "ondelete", "deferrable",
                                       "initially", "use_alter", "link_to_name", "match", "table", "info"},
                                      false,
                                      {},
                                      {},
                                      {}};
// PrimaryKeyConstraint / UniqueConstraint(*columns, name=None, deferrable=None, initially=None, info=None)
const Signature kPrimaryKey{"sa.PrimaryKeyConstraint", {}, true, {"name"}, {"deferrable", "initially"}, {"info"}};
const Signature kUnique{"sa.UniqueConstraint", {}, true, {"name"}, {"deferrable", "initially"}, {"info"}};
// CheckConstraint(sqltext, name=None, deferrable=None, initially=None, table=None, info=None, ...)
const Signature kCheck{"sa.CheckConstraint", {"sqltext", "name"}, false, {}, {"deferrable", "initially"}, {"info"}};
// Index(name, *expressions, unique=False, quote=None, info=None, **kw)
const Signature kIndex{"sa.Index", {"name"}, true, {"unique", "postgresql_where", "sqlite_where", "postgresql_using",
                       "postgresql_ops"}, {"quote"}, {"info"}};

// The argument's value, refused unless it is absent or None / False: the
// keywords strata has no form for (`deferrable=True`).
void refuse_unless_default(const Scope& scope, const Arguments& args, const char* name, const std::string& function) {
  const py::Node* n = args.get(name);
  if (!n) return;
  const py::Node& v = scope.value(*n);
  if (v.kind == Kind::kNone || (v.kind == Kind::kBool && v.text == "False")) return;
  refuse(*n, function + ": '" + name + "' has no strata equivalent");
}

// Computed(sqltext, persisted=None): a generated column.
const Signature kComputed{"sa.Computed", {"sqltext", "persisted"}, false, {}, {}, {}};

core::Computed computed_of(const Scope& scope, const py::Node& call) {
  const Arguments a = bind(scope, call, kComputed);
  if (!a.get("sqltext")) refuse(call, "sa.Computed without its expression");
  core::Computed computed{sql_text(scope, *a.get("sqltext"), "sa.Computed sqltext"), std::nullopt};
  if (const py::Node* p = a.get("persisted"); p && !is_none(scope, *p))
    computed.persisted = flag(scope, *p, "sa.Computed persisted");
  return computed;
}

core::ForeignKey foreign_key_of(const Scope& scope, const py::Node& call, const std::string& column) {
  const Arguments a = bind(scope, call, kForeignKey);
  for (const char* name : {"_constraint", "use_alter", "deferrable", "initially", "match"})
    refuse_unless_default(scope, a, name, "sa.ForeignKey");
  if (!a.get("column")) refuse(call, "sa.ForeignKey without the column it refers to");
  core::ForeignKey key;
  key.columns = {column};
  split_reference(*a.get("column"), text(scope, *a.get("column"), "sa.ForeignKey column"), key, "sa.ForeignKey");
  if (const py::Node* n = a.get("name")) key.name = optional_text(scope, *n, "sa.ForeignKey name").value_or("");
  key.ondelete = fk_action(scope, a.get("ondelete"), "ondelete");
  key.onupdate = fk_action(scope, a.get("onupdate"), "onupdate");
  return key;
}

core::ForeignKey foreign_key_constraint_of(const Scope& scope, const py::Node& call) {
  const Arguments a = bind(scope, call, kForeignKeyConstraint);
  for (const char* name : {"deferrable", "initially", "use_alter", "match", "table"})
    refuse_unless_default(scope, a, name, "sa.ForeignKeyConstraint");
  if (!a.get("columns") || !a.get("refcolumns")) refuse(call, "sa.ForeignKeyConstraint needs columns and refcolumns");
  core::ForeignKey key;
  key.columns = text_list(scope, *a.get("columns"), "sa.ForeignKeyConstraint columns");
  const auto references = text_list(scope, *a.get("refcolumns"), "sa.ForeignKeyConstraint refcolumns");
  if (key.columns.empty() || key.columns.size() != references.size())
    refuse(call, "sa.ForeignKeyConstraint has " + std::to_string(key.columns.size()) + " columns and " +
                     std::to_string(references.size()) + " refcolumns");
  for (const auto& ref : references) {
    core::ForeignKey part;
    split_reference(*a.get("refcolumns"), ref, part, "sa.ForeignKeyConstraint");
    if (&ref != &references.front() && (part.referred_table != key.referred_table || part.referred_schema != key.referred_schema))
      refuse(call, "sa.ForeignKeyConstraint refers to more than one table");
    key.referred_table = part.referred_table;
    key.referred_schema = part.referred_schema;
    key.referred_columns.push_back(part.referred_columns.front());
  }
  if (const py::Node* n = a.get("name")) key.name = optional_text(scope, *n, "sa.ForeignKeyConstraint name").value_or("");
  key.ondelete = fk_action(scope, a.get("ondelete"), "ondelete");
  key.onupdate = fk_action(scope, a.get("onupdate"), "onupdate");
  return key;
}


// The primary key as strata keeps it: a flag on the columns, plus its name
// and, when it differs from the table's, its column order.
void apply_primary_key(const Scope& scope, const py::Node& call, core::Table& table) {
  const Arguments a = bind(scope, call, kPrimaryKey);
  std::vector<std::string> columns;
  for (const py::Node* n : a.rest()) columns.push_back(text(scope, *n, "sa.PrimaryKeyConstraint column"));
  std::vector<std::string> flagged, in_table_order;
  for (const auto& c : table.columns)
    if (c.primary_key) flagged.push_back(c.name);
  if (columns.empty()) columns = flagged;  // PrimaryKeyConstraint(name=...) names the flagged columns' key
  for (const auto& c : table.columns)
    if (std::find(columns.begin(), columns.end(), c.name) != columns.end()) in_table_order.push_back(c.name);
  if (in_table_order.size() != columns.size())
    refuse(call, "sa.PrimaryKeyConstraint names a column the table does not have: " + core::join(columns));
  if (!flagged.empty() && flagged != in_table_order)
    refuse(call, "sa.PrimaryKeyConstraint(" + core::join(columns) + ") and primary_key=True on " + core::join(flagged) +
                     " disagree");
  std::string name;
  if (const py::Node* n = a.get("name")) name = optional_text(scope, *n, "sa.PrimaryKeyConstraint name").value_or("");
  core::set_primary_key(table, columns, name);
}

core::Index index_of(const Scope& scope, const py::Node& call) {
  const Arguments a = bind(scope, call, kIndex);
  core::Index ix;
  if (!a.get("name") || is_none(scope, *a.get("name")))
    refuse(call, "sa.Index without a name: the naming convention of env.py is not known");
  ix.name = text(scope, *a.get("name"), "sa.Index name");
  ix.columns = index_columns(scope, a.rest(), "sa.Index");
  if (ix.columns.empty()) refuse(call, "sa.Index('" + ix.name + "') without columns");
  if (const py::Node* u = a.get("unique")) ix.unique = flag(scope, *u, "sa.Index unique");
  ix.where = index_where(scope, a, "sa.Index");
  index_dialect_options(scope, a, "sa.Index", ix.method, ix.columns);
  return ix;
}

}  // namespace

std::vector<core::IndexElement> index_columns(const Scope& scope, const std::vector<const py::Node*>& nodes,
                                              const std::string& what) {
  std::vector<core::IndexElement> out;
  for (const py::Node* n : nodes) {
    const py::Node& v = scope.value(*n);
    const std::string callee = v.kind == Kind::kCall ? scope.sqlalchemy_name(v.items[0]) : "";
    if (callee == "text") {
      out.push_back(core::IndexElement::of_expression(sql_text(scope, *n, what + " expression")));
      continue;
    }
    if (callee.rfind("func.", 0) == 0 || callee == "literal_column")
      refuse(*n, what + " on the expression " + py::to_source(v) + ": write it as sa.text('...')");
    out.push_back(text(scope, *n, what + " column"));
  }
  return out;
}

void index_dialect_options(const Scope& scope, const Arguments& args, const std::string& function,
                           std::string& method, std::vector<core::IndexElement>& keys) {
  if (const py::Node* n = args.get("postgresql_using"); n && !is_none(scope, *n))
    method = text(scope, *n, function + " postgresql_using");
  const py::Node* ops = args.get("postgresql_ops");
  if (!ops || is_none(scope, *ops)) return;
  const py::Node& map = scope.value(*ops);
  if (map.kind != Kind::kDict) refuse(*ops, function + " postgresql_ops must be a dict of column: operator class");
  for (const auto& [key_node, value] : map.entries) {
    const std::string column = text(scope, key_node, function + " postgresql_ops column");
    auto it = std::find_if(keys.begin(), keys.end(), [&](const core::IndexElement& k) { return k.column == column; });
    if (it == keys.end()) refuse(key_node, function + " postgresql_ops names '" + column + "', which is not an indexed column");
    it->opclass = text(scope, value, function + " postgresql_ops operator class");
  }
}

std::optional<std::string> index_where(const Scope& scope, const Arguments& args, const std::string& function) {
  std::optional<std::string> postgresql, sqlite;
  if (const py::Node* n = args.get("postgresql_where"); n && !is_none(scope, *n))
    postgresql = sql_text(scope, *n, function + " postgresql_where");
  if (const py::Node* n = args.get("sqlite_where"); n && !is_none(scope, *n))
    sqlite = sql_text(scope, *n, function + " sqlite_where");
  if (postgresql && sqlite && *postgresql != *sqlite)
    refuse(*args.get("sqlite_where"), function + ": postgresql_where and sqlite_where differ; strata's where is one "
                                                 "predicate for both databases");
  if (postgresql && !sqlite)
    scope.note(*args.get("postgresql_where"), function + ": postgresql_where becomes strata's where, which SQLite gets too");
  if (sqlite && !postgresql)
    scope.note(*args.get("sqlite_where"), function + ": sqlite_where becomes strata's where, which PostgreSQL gets too");
  return postgresql ? postgresql : sqlite;
}

void split_reference(const py::Node& at, const std::string& ref, core::ForeignKey& key, std::string_view what) {
  const auto last = ref.rfind('.');
  if (last == std::string::npos || last == 0 || last + 1 == ref.size())
    refuse(at, std::string(what) + ": the reference '" + ref + "' is not TABLE.COLUMN or SCHEMA.TABLE.COLUMN");
  std::string table = ref.substr(0, last);
  if (const auto dot = table.rfind('.'); dot != std::string::npos) {
    key.referred_schema = table.substr(0, dot);
    table = table.substr(dot + 1);
    if (key.referred_schema.empty() || table.empty() || key.referred_schema.find('.') != std::string::npos)
      refuse(at, std::string(what) + ": the reference '" + ref + "' is not TABLE.COLUMN or SCHEMA.TABLE.COLUMN");
  }
  key.referred_table = table;
  key.referred_columns = {ref.substr(last + 1)};
}

std::string fk_action(const Scope& scope, const py::Node* node, std::string_view what) {
  if (!node || is_none(scope, *node)) return "";
  const std::string action = text(scope, *node, what);
  const std::string u = core::upper(core::trim(action));
  if (u != "CASCADE" && u != "SET NULL" && u != "SET DEFAULT" && u != "RESTRICT" && u != "NO ACTION")
    refuse(*node, std::string(what) + " '" + action + "' is not CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION");
  return action;
}

core::Column column_of(const Scope& scope, const py::Node& call, std::vector<core::ForeignKey>* extra_keys) {
  const Arguments a = bind(scope, call, kColumn);
  core::Column c;
  const py::Node* name = a.get("name");
  const py::Node* type = a.get("type_");
  std::vector<const py::Node*> items;
  for (const py::Node* n : a.rest()) {
    const py::Node& v = scope.value(*n);
    if (!name && !type && items.empty() && v.kind == Kind::kString) {
      name = n;
      continue;
    }
    const std::string item = v.kind == Kind::kCall ? scope.sqlalchemy_name(v.items[0]) : "";
    const bool schema_item = item == "ForeignKey" || item == "Identity" || item == "Computed" || item == "Sequence" ||
                             item == "CheckConstraint" || item == "DefaultClause" || item == "FetchedValue";
    if (!schema_item && !type && items.empty()) {
      type = n;
      continue;
    }
    items.push_back(n);
  }
  if (!name) refuse(call, "sa.Column without a name");
  c.name = text(scope, *name, "sa.Column name");
  if (!type)
    refuse(call, "sa.Column('" + c.name + "') without a type (SQLAlchemy takes the referred column's type, which "
                                          "strata does not know)");
  c.type = type_of(scope, *type);
  for (const py::Node* n : items) {
    const py::Node& v = scope.value(*n);
    if (v.kind == Kind::kCall && scope.sqlalchemy_name(v.items[0]) == "Computed" && !c.computed) {
      c.computed = computed_of(scope, v);
      continue;
    }
    if (v.kind != Kind::kCall || scope.sqlalchemy_name(v.items[0]) != "ForeignKey")
      refuse(*n, "sa.Column('" + c.name + "'): " + py::to_source(v) + " has no strata equivalent");
    core::ForeignKey key = foreign_key_of(scope, v, c.name);
    if (!c.foreign_key) {
      c.foreign_key = key;
    } else if (extra_keys) {
      extra_keys->push_back(key);
    } else {
      refuse(*n, "sa.Column('" + c.name + "') with a second sa.ForeignKey outside create_table");
    }
  }
  auto given_flag = [&](const char* key) {
    const py::Node* n = a.get(key);
    return n && !is_none(scope, *n) && flag(scope, *n, "sa.Column " + std::string(key));
  };
  c.primary_key = given_flag("primary_key");
  c.nullable = !c.primary_key;
  if (const py::Node* n = a.get("nullable"); n && !is_none(scope, *n)) c.nullable = flag(scope, *n, "sa.Column nullable");
  if (c.primary_key && c.nullable)
    refuse(*a.get("nullable"), "sa.Column('" + c.name + "'): a nullable primary key has no strata equivalent");
  if (const py::Node* n = a.get("server_default")) c.server_default = server_default_of(scope, *n);
  if (const py::Node* n = a.get("comment")) c.comment = optional_text(scope, *n, "sa.Column comment");
  c.unique = given_flag("unique");
  c.index = given_flag("index");
  if (const py::Node* n = a.get("autoincrement"); n && !is_none(scope, *n)) {
    const py::Node& v = scope.value(*n);
    if (v.kind == Kind::kString && v.text == "auto") {
      // SQLAlchemy's default: the database decides, as strata's unset autoincrement
    } else if (v.kind == Kind::kBool) {
      c.autoincrement = v.text == "True";
    } else {
      refuse(*n, "sa.Column('" + c.name + "'): autoincrement=" + py::to_source(v) + " has no strata equivalent");
    }
  }
  return c;
}

core::Table table_of(const Scope& scope, const Arguments& args, const std::string& name, const py::Node& at) {
  core::Table t;
  t.name = name;
  if (const py::Node* n = args.get("schema")) t.schema = optional_text(scope, *n, "op.create_table schema").value_or("");
  if (const py::Node* n = args.get("comment")) t.comment = optional_text(scope, *n, "op.create_table comment");
  std::vector<const py::Node*> primary_keys;
  for (const py::Node* n : args.rest()) {
    const py::Node& v = scope.value(*n);
    const std::string item = v.kind == Kind::kCall ? scope.sqlalchemy_name(v.items[0]) : "";
    if (item == "Column") {
      t.columns.push_back(column_of(scope, v, &t.foreign_keys));
    } else if (item == "PrimaryKeyConstraint") {
      primary_keys.push_back(&v);
    } else if (item == "ForeignKeyConstraint") {
      t.foreign_keys.push_back(foreign_key_constraint_of(scope, v));
    } else if (item == "UniqueConstraint") {
      const Arguments a = bind(scope, v, kUnique);
      core::UniqueConstraint uq;
      if (const py::Node* un = a.get("name")) uq.name = optional_text(scope, *un, "sa.UniqueConstraint name").value_or("");
      for (const py::Node* c : a.rest()) uq.columns.push_back(text(scope, *c, "sa.UniqueConstraint column"));
      if (uq.columns.empty()) refuse(v, "sa.UniqueConstraint without columns");
      t.unique_constraints.push_back(uq);
    } else if (item == "CheckConstraint") {
      const Arguments a = bind(scope, v, kCheck);
      if (!a.get("sqltext")) refuse(v, "sa.CheckConstraint without a condition");
      core::CheckConstraint ck;
      if (const py::Node* cn = a.get("name")) ck.name = optional_text(scope, *cn, "sa.CheckConstraint name").value_or("");
      ck.condition = sql_text(scope, *a.get("sqltext"), "sa.CheckConstraint");
      t.check_constraints.push_back(ck);
    } else if (item == "Index") {
      t.indexes.push_back(index_of(scope, v));
    } else {
      refuse(*n, "op.create_table('" + name + "'): " + py::to_source(v) + " is not a column or constraint strata can "
                                                                          "translate");
    }
  }
  if (t.columns.empty()) refuse(at, "op.create_table('" + name + "') without columns");
  if (primary_keys.size() > 1) refuse(*primary_keys[1], "op.create_table('" + name + "'): a second primary key");
  if (!primary_keys.empty()) apply_primary_key(scope, *primary_keys.front(), t);
  return t;
}

}  // namespace strata::versions::alembic
