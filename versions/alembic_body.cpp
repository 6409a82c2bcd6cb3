// The statements of an upgrade() / downgrade() body: operation calls,
// assignments of literals (local constants, sa.table(...) for bulk_insert,
// what op.create_table returns), imports, `with op.batch_alter_table(...)`
// blocks, `pass`. Anything else makes the whole body untranslated.
#include "versions/alembic_scope.h"

namespace strata::versions::alembic {

namespace {

using Kind = py::Node::Kind;
using StatementKind = py::Statement::Kind;

void statements(Scope& scope, const std::vector<py::Statement>& body, std::vector<core::Op>& out,
                std::vector<core::Op>* deferred, const BatchTable* batch);

void append(std::vector<core::Op>& to, std::vector<core::Op> ops) {
  for (auto& op : ops) to.push_back(std::move(op));
}

// `op.NAME` (op as the file imports it) -> NAME; "" otherwise.
std::string op_name(const Scope& scope, const py::Node& callee) {
  const std::string q = scope.qualified_name(callee);
  const std::string prefix = "alembic.op.";
  if (q.rfind(prefix, 0) != 0 || q.find('.', prefix.size()) != std::string::npos) return "";
  return q.substr(prefix.size());
}

[[noreturn]] void refuse_statement(const py::Node& value) {
  if (value.kind == Kind::kOther) {
    const std::string first_line = value.text.substr(0, value.text.find('\n'));
    const bool unpacks = value.text.find('(') != std::string::npos && value.text.find('*') != std::string::npos;
    refuse(value, "'" + first_line + "' is not an operation strata can translate" +
                      (unpacks ? " (an expression, or a call with *args or **kwargs)" : ""));
  }
  if (value.kind != Kind::kCall) refuse(value, "'" + py::to_source(value) + "' is not an operation strata can translate");
  const std::string callee = py::dotted_name(value.items[0]);
  refuse(value, (callee.empty() ? py::to_source(value.items[0]) : callee) + "() is not an operation strata can translate");
}

void expression(Scope& scope, const py::Statement& st, std::vector<core::Op>& out, std::vector<core::Op>* deferred,
                const BatchTable* batch) {
  const py::Node& v = st.value;
  if (v.kind != Kind::kCall) refuse_statement(v);
  if (const std::string name = op_name(scope, v.items[0]); !name.empty()) {
    append(out, operation(scope, name, v, nullptr));
    return;
  }
  // batch_op.NAME(...): Alembic runs these when the block ends, after the
  // block's plain op.* calls, so they are kept aside until then.
  const std::string callee = py::dotted_name(v.items[0]);
  const std::string alias = scope.batch_alias + ".";
  if (batch && !scope.batch_alias.empty() && callee.rfind(alias, 0) == 0 &&
      callee.find('.', alias.size()) == std::string::npos) {
    append(*deferred, operation(scope, callee.substr(alias.size()), v, batch));
    return;
  }
  refuse_statement(v);
}

// Whether VALUE is something a body may name for later: literals, and
// SQLAlchemy constructors (sa.table(...), sa.String(20)) of literals.
bool is_literal_value(const Scope& scope, const py::Node& value) {
  switch (value.kind) {
    case Kind::kString:
    case Kind::kNumber:
    case Kind::kBool:
    case Kind::kNone:
      return true;
    case Kind::kName:  // a constant, or a SQLAlchemy name (`t = sa.String`)
      if (scope.has_value(value.text)) return true;
      [[fallthrough]];
    case Kind::kAttribute:
      return scope.qualified_name(value).rfind("sqlalchemy.", 0) == 0;
    case Kind::kList:
    case Kind::kTuple:
      for (const auto& item : value.items)
        if (!is_literal_value(scope, item)) return false;
      return true;
    case Kind::kDict:
      for (const auto& [key, item] : value.entries)
        if (!is_literal_value(scope, key) || !is_literal_value(scope, item)) return false;
      return true;
    case Kind::kCall: {
      const bool constructor = scope.qualified_name(value.items[0]).rfind("sqlalchemy.", 0) == 0 ||
                               scope.is_op_call(value, "f");
      if (!constructor) return false;
      for (size_t i = 1; i < value.items.size(); ++i)
        if (!is_literal_value(scope, value.items[i])) return false;
      for (const auto& [name, item] : value.keywords)
        if (!is_literal_value(scope, item)) return false;
      return true;
    }
    case Kind::kOther:
      return false;
  }
  return false;
}

void assignment(Scope& scope, const py::Statement& st, std::vector<core::Op>& out) {
  const py::Node& v = st.value;
  if (v.kind == Kind::kCall) {
    if (const std::string name = op_name(scope, v.items[0]); !name.empty()) {
      std::vector<core::Op> ops = operation(scope, name, v, nullptr);
      for (const auto& target : st.targets) {
        scope.unbind(target);
        scope.created_tables.erase(target);
        // op.create_table returns the Table, which a later op.bulk_insert may take.
        if (name == "create_table") scope.created_tables[target] = std::get<core::CreateTable>(ops.front()).table;
      }
      append(out, std::move(ops));
      return;
    }
  }
  if (!is_literal_value(scope, v))
    refuse(v, "the assignment to " + st.targets.front() + " is not a literal strata can translate: " + py::to_source(v));
  for (const auto& target : st.targets) {
    scope.bind(target, v);
    scope.created_tables.erase(target);
  }
}

// `import x.y as z` binds z to x.y; `from m import a as b` binds b to m.a.
void import(Scope& scope, const py::Statement& st) {
  const bool from = st.text.rfind("from", 0) == 0;
  for (const auto& [name, bound] : st.names) {
    if (name == "*") continue;  // names nothing strata looks up by itself
    scope.add_import(bound, from ? st.value.text + "." + name : name);
  }
}

// with op.batch_alter_table(table_name, schema=None, recreate='auto',
//   partial_reordering=None, copy_from=None, table_args=(), table_kwargs={},
//   reflect_args=(), reflect_kwargs={}, naming_convention=None) as batch_op:
// strata rebuilds a SQLite table by itself when an operation needs it, so
// only the default way of doing so translates.
void batch_block(Scope& scope, const py::Statement& st, std::vector<core::Op>& out, const BatchTable* outer) {
  const py::Node& v = st.value;
  if (outer) refuse(v, "a with block inside a batch_alter_table block");
  if (!scope.is_op_call(v, "batch_alter_table"))
    refuse(v, "'with " + py::to_source(v) + "': only op.batch_alter_table blocks can be translated");
  const std::string f = "op.batch_alter_table";
  const Arguments a = bind(scope, v, Signature{f,
                                               {"table_name", "schema", "recreate", "partial_reordering", "copy_from",
                                                "table_args", "table_kwargs", "reflect_args", "reflect_kwargs",
                                                "naming_convention"},
                                               false, {}, {}, {}});
  if (!a.get("table_name")) refuse(v, f + " without a table name");
  BatchTable table{text(scope, *a.get("table_name"), f + " table_name"), ""};
  if (const py::Node* n = a.get("schema")) table.schema = optional_text(scope, *n, f + " schema").value_or("");
  if (const py::Node* n = a.get("recreate"); n && text(scope, *n, f + " recreate") != "auto")
    refuse(*n, f + ": recreate='" + scope.value(*n).text + "' has no strata equivalent (strata rebuilds a SQLite table "
                                                           "when an operation needs it)");
  for (const char* name : {"partial_reordering", "copy_from", "naming_convention"})
    if (const py::Node* n = a.get(name); n && !is_none(scope, *n))
      refuse(*n, f + ": '" + std::string(name) + "' has no strata equivalent");
  for (const char* name : {"table_args", "table_kwargs", "reflect_args", "reflect_kwargs"}) {
    const py::Node* n = a.get(name);
    if (!n) continue;
    const py::Node& value = scope.value(*n);
    const bool empty = (value.kind == Kind::kTuple || value.kind == Kind::kList || value.kind == Kind::kDict) &&
                       value.items.empty() && value.entries.empty();
    if (!empty) refuse(*n, f + ": '" + std::string(name) + "' has no strata equivalent");
  }
  const std::string outer_alias = scope.batch_alias;
  scope.batch_alias = st.targets.empty() ? "" : st.targets.front();
  std::vector<core::Op> deferred;
  statements(scope, st.body, out, &deferred, &table);
  scope.batch_alias = outer_alias;
  append(out, std::move(deferred));
}

void statements(Scope& scope, const std::vector<py::Statement>& body, std::vector<core::Op>& out,
                std::vector<core::Op>* deferred, const BatchTable* batch) {
  for (const auto& st : body) {
    switch (st.kind) {
      case StatementKind::kPass:
        break;
      case StatementKind::kExpression:
        expression(scope, st, out, deferred, batch);
        break;
      case StatementKind::kAssign:
        assignment(scope, st, out);
        break;
      case StatementKind::kWith:
        batch_block(scope, st, out, batch);
        break;
      case StatementKind::kImport:
        import(scope, st);
        break;
      case StatementKind::kOther:
        refuse_at(st.line, (st.reason.empty() ? std::string("this statement") : st.reason) +
                               " is not an operation strata can translate: " + st.text);
    }
  }
}

}  // namespace

}  // namespace strata::versions::alembic

namespace strata::versions {

BodyTranslation translate_body(const py::Function& fn, const AlembicContext& context) {
  alembic::Scope scope(context);
  BodyTranslation out;
  try {
    alembic::statements(scope, fn.body, out.ops, nullptr, nullptr);
    out.notes = scope.notes;
  } catch (const alembic::Untranslatable& e) {
    out.ops.clear();
    out.untranslated = e.reason + alembic::at_line(scope, e.line > 0 ? e.line : fn.line);
  }
  return out;
}

}  // namespace strata::versions
