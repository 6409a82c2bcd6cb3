// op.bulk_insert(table, rows, multiinsert=True) of a literal table: the table
// as sa.table('name', sa.column('a', ...), ..., schema=) (inline, or a name
// bound to one in the body or at module level) or the value op.create_table
// returned, and rows that are a list of dicts of literals.
#include <algorithm>
#include <cctype>

#include "versions/alembic_scope.h"

namespace strata::versions::alembic {

namespace {

using Kind = py::Node::Kind;

struct InsertTable {
  std::string name, schema;
  std::vector<std::string> columns;
};

// sa.table(name, *columns, schema=None) / sa.column(text, type_=None)
// (sqlalchemy.sql.expression.table and column, SQLAlchemy 1.4).
const Signature kTable{"sa.table", {"name"}, true, {"schema"}, {}, {}};
const Signature kColumnClause{"sa.column", {"text", "type_"}, false, {}, {}, {"is_literal", "_selectable"}};

InsertTable insert_table(const Scope& scope, const py::Node& node) {
  if (node.kind == Kind::kName) {
    if (auto created = scope.created_tables.find(node.text); created != scope.created_tables.end()) {
      InsertTable t{created->second.name, created->second.schema, {}};
      for (const auto& c : created->second.columns) t.columns.push_back(c.name);
      return t;
    }
  }
  const py::Node& v = scope.value(node);
  if (v.kind != Kind::kCall || scope.sqlalchemy_name(v.items[0]) != "table")
    refuse(node, "op.bulk_insert: the table " + py::to_source(v) + " is not an sa.table('name', sa.column('a'), ...)");
  const Arguments a = bind(scope, v, kTable);
  if (!a.get("name")) refuse(v, "sa.table without a name");
  InsertTable t;
  t.name = text(scope, *a.get("name"), "sa.table name");
  if (const py::Node* s = a.get("schema")) t.schema = optional_text(scope, *s, "sa.table schema").value_or("");
  for (const py::Node* c : a.rest()) {
    const py::Node& cv = scope.value(*c);
    if (cv.kind != Kind::kCall || scope.sqlalchemy_name(cv.items[0]) != "column")
      refuse(*c, "sa.table('" + t.name + "'): " + py::to_source(cv) + " is not an sa.column('name', type)");
    const Arguments ca = bind(scope, cv, kColumnClause);
    if (!ca.get("text")) refuse(cv, "sa.column without a name");
    // The type only converts Python values before they are sent; literals need none.
    t.columns.push_back(text(scope, *ca.get("text"), "sa.column name"));
  }
  return t;
}

// Python's float literal (`1.5`, `.5`, `5.`, `1e3`, `1_000.5`), underscores dropped.
std::optional<std::string> python_float(const py::Node& node) {
  if (node.kind != Kind::kNumber) return std::nullopt;
  std::string s;
  for (char c : node.text)
    if (c != '_') s += c;
  auto digits = [&](size_t& i) {
    const size_t from = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i > from;
  };
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  bool mantissa = digits(i);
  if (i < s.size() && s[i] == '.') {
    ++i;
    mantissa = digits(i) || mantissa;
  }
  if (!mantissa) return std::nullopt;
  bool fraction_or_exponent = s.find('.') != std::string::npos;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    fraction_or_exponent = true;
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (!digits(i)) return std::nullopt;
  }
  // 1j, 0x1f, ...; and an integer too large for strata's integers, which
  // is no float either
  if (i != s.size() || !fraction_or_exponent) return std::nullopt;
  return s;
}

core::Literal literal_of(const Scope& scope, const py::Node& node) {
  const py::Node& v = scope.value(node);
  switch (v.kind) {
    case Kind::kString: return {core::Literal::Kind::kString, v.text};
    case Kind::kBool: return {core::Literal::Kind::kBool, v.text == "True" ? "true" : "false"};
    case Kind::kNone: return {core::Literal::Kind::kNull, ""};
    case Kind::kNumber:
      if (auto i = python_int(v)) return {core::Literal::Kind::kInteger, *i};
      if (auto f = python_float(v)) return {core::Literal::Kind::kFloat, *f};
      if (v.text.find_first_not_of("+-0123456789_") == std::string::npos)
        refuse(node, "op.bulk_insert value " + v.text + " does not fit in a 64-bit integer");
      break;
    default:
      break;
  }
  refuse(node, "op.bulk_insert value " + py::to_source(v) + " is not a string, number, True, False or None");
}

}  // namespace

core::Op bulk_insert(const Scope& scope, const py::Node& call) {
  // bulk_insert(table, rows, multiinsert=True): multiinsert only chooses executemany.
  const Arguments a = bind(scope, call, Signature{"op.bulk_insert", {"table", "rows", "multiinsert"}, false, {}, {}, {}});
  if (!a.get("table") || !a.get("rows")) refuse(call, "op.bulk_insert needs a table and rows");
  const InsertTable table = insert_table(scope, *a.get("table"));
  const py::Node& rows = scope.value(*a.get("rows"));
  if (rows.kind != Kind::kList && rows.kind != Kind::kTuple)
    refuse(*a.get("rows"), "op.bulk_insert rows " + py::to_source(rows) + " are not a list of dicts");
  core::BulkInsert out{table.name, table.schema, {}};
  for (const auto& row_node : rows.items) {
    const py::Node& row = scope.value(row_node);
    if (row.kind != Kind::kDict) refuse(row_node, "op.bulk_insert row " + py::to_source(row) + " is not a dict");
    auto& values = out.rows.emplace_back();
    for (const auto& [key_node, value] : row.entries) {
      const std::string key = text(scope, key_node, "op.bulk_insert column name");
      // SQLAlchemy refuses keys that are not the table's columns ("Unconsumed column names").
      if (std::find(table.columns.begin(), table.columns.end(), key) == table.columns.end())
        refuse(key_node, "op.bulk_insert: '" + key + "' is not a column of sa.table('" + table.name + "', ...)");
      values.emplace_back(key, literal_of(scope, value));
    }
  }
  return out;
}

}  // namespace strata::versions::alembic
