// Alembic's op.* calls, and batch_op.* calls inside a batch_alter_table block,
// as strata operations. Each operation is described once: its Alembic 1.8
// signature (alembic/operations/ops.py, the order positional arguments bind
// in), the batch form's signature (no table name: the block's table), and how
// the bound arguments become the operation.
#include <map>

#include "versions/alembic_scope.h"

namespace strata::versions::alembic {

namespace {

using Kind = py::Node::Kind;

// Where an operation applies: the batch block's table, or its own arguments.
struct Target {
  std::string table, schema;
};

struct OperationRule {
  Signature plain;              ///< op.NAME
  std::optional<Signature> batch;  ///< batch_op.NAME, if Alembic has it
  std::function<std::optional<core::Op>(const Scope&, const Arguments&, const Target&)> build;
  const char* table_parameter = "table_name";
  const char* schema_parameter = "schema";
};

const py::Node& required(const Arguments& a, const char* name, const std::string& function) {
  const py::Node* n = a.get(name);
  if (!n) refuse(a.call(), function + " without " + name);
  return *n;
}

std::string string_arg(const Scope& s, const Arguments& a, const char* name, const std::string& function) {
  return text(s, required(a, name, function), function + " " + name);
}

// The name of a constraint or index Alembic would take from the naming
// convention of env.py's target_metadata when None: strata cannot know it.
std::string constraint_name(const Scope& s, const Arguments& a, const char* name, const std::string& function) {
  const py::Node& n = required(a, name, function);
  if (is_none(s, n)) refuse(n, function + " without a name: Alembic would take it from env.py's naming convention");
  return text(s, n, function + " " + name);
}

std::string optional_string(const Scope& s, const Arguments& a, const char* name, const std::string& function) {
  const py::Node* n = a.get(name);
  return n ? optional_text(s, *n, function + " " + name).value_or("") : "";
}

std::vector<core::IndexElement> keys_arg(const Scope& s, const Arguments& a, const char* name,
                                         const std::string& function) {
  const py::Node& list = s.value(required(a, name, function));
  if (list.kind != Kind::kList && list.kind != Kind::kTuple) refuse(list, function + " " + name + " must be a list");
  std::vector<const py::Node*> items;
  for (const auto& item : list.items) items.push_back(&item);
  auto columns = index_columns(s, items, function);
  if (columns.empty()) refuse(list, function + " without columns");
  return columns;
}

std::vector<std::string> columns_arg(const Scope& s, const Arguments& a, const char* name, const std::string& function) {
  auto keys = keys_arg(s, a, name, function);
  for (const auto& k : keys)
    if (k.is_expression()) refuse(required(a, name, function), function + " on an expression: only indexes take one");
  return core::index_column_names(keys);
}

std::optional<core::Op> alter_column(const Scope& s, const Arguments& a, const Target& t) {
  const std::string f = "op.alter_column";
  for (const char* order : {"insert_before", "insert_after"})
    if (const py::Node* n = a.get(order); n && !is_none(s, *n))
      refuse(*n, std::string("batch_op.alter_column: '") + order + "' has no strata equivalent (columns keep their place)");
  core::AlterColumn op;
  op.table = t.table;
  op.schema = t.schema;
  op.name = string_arg(s, a, "column_name", f);
  if (const py::Node* n = a.get("nullable"); n && !is_none(s, *n)) op.nullable = flag(s, *n, f + " nullable");
  // comment= and server_default= default to False, "unchanged"; None drops the value.
  auto unchanged = [&](const py::Node* n) {
    return !n || (s.value(*n).kind == Kind::kBool && s.value(*n).text == "False");
  };
  if (const py::Node* n = a.get("comment"); !unchanged(n)) op.comment = optional_text(s, *n, f + " comment");
  if (const py::Node* n = a.get("server_default"); !unchanged(n)) op.server_default = server_default_of(s, *n);
  if (const py::Node* n = a.get("new_column_name")) op.new_name = optional_text(s, *n, f + " new_column_name");
  if (const py::Node* n = a.get("type_"); n && !is_none(s, *n)) op.type = type_of(s, *n);
  // The existing_* values are hints (strata reflects what it needs): one
  // strata cannot translate is left out, with a note, rather than refusing.
  if (const py::Node* n = a.get("existing_type"); n && !is_none(s, *n)) {
    try {
      op.existing_type = type_of(s, *n);
    } catch (const Untranslatable& e) {
      s.note(*n, f + "('" + op.name + "'): the hint existing_type is left out: " + e.reason);
    }
  }
  if (const py::Node* n = a.get("existing_server_default"); !unchanged(n) && !is_none(s, *n)) {
    try {
      op.existing_server_default = server_default_of(s, *n);
    } catch (const Untranslatable& e) {
      s.note(*n, f + "('" + op.name + "'): the hint existing_server_default is left out: " + e.reason);
    }
  }
  if (const py::Node* n = a.get("existing_nullable"); n && !is_none(s, *n))
    op.existing_nullable = flag(s, *n, f + " existing_nullable");
  if (!op.new_name && !op.type && !op.nullable && !op.server_default && !op.comment) {
    s.note(a.call(), f + "('" + op.name + "') changes nothing and is left out");
    return std::nullopt;
  }
  return op;
}

const std::map<std::string, OperationRule, std::less<>>& rules() {
  using S = Signature;
  static const std::map<std::string, OperationRule, std::less<>> table = [] {
    std::map<std::string, OperationRule, std::less<>> r;
    // create_table(table_name, *columns, **kw)
    r["create_table"] = {S{"op.create_table", {"table_name"}, true, {"schema", "comment"}, {}, {"info"}}, std::nullopt,
                         [](const Scope& s, const Arguments& a, const Target&) -> std::optional<core::Op> {
                           const std::string name = string_arg(s, a, "table_name", "op.create_table");
                           return core::CreateTable{table_of(s, a, name, a.call())};
                         }};
    // drop_table(table_name, schema=None, **kw)
    r["drop_table"] = {S{"op.drop_table", {"table_name", "schema"}, false, {}, {}, {}}, std::nullopt,
                       [](const Scope&, const Arguments&, const Target& t) -> std::optional<core::Op> {
                         return core::DropTable{t.table, t.schema};
                       }};
    // rename_table(old_table_name, new_table_name, schema=None)
    r["rename_table"] = {S{"op.rename_table", {"old_table_name", "new_table_name", "schema"}, false, {}, {}, {}},
                         std::nullopt,
                         [](const Scope& s, const Arguments& a, const Target& t) -> std::optional<core::Op> {
                           return core::RenameTable{t.table, string_arg(s, a, "new_table_name", "op.rename_table"),
                                                    t.schema};
                         },
                         "old_table_name"};
    // add_column(table_name, column, schema=None); batch: add_column(column, insert_before=None, insert_after=None)
    r["add_column"] = {S{"op.add_column", {"table_name", "column", "schema"}, false, {}, {}, {}},
                       S{"batch_op.add_column", {"column", "insert_before", "insert_after"}, false, {}, {}, {}},
                       [](const Scope& s, const Arguments& a, const Target& t) -> std::optional<core::Op> {
                         for (const char* order : {"insert_before", "insert_after"})
                           if (const py::Node* n = a.get(order); n && !is_none(s, *n))
                             refuse(*n, std::string("batch_op.add_column: '") + order +
                                            "' has no strata equivalent (new columns go last)");
                         const py::Node& column = s.value(required(a, "column", "op.add_column"));
                         if (column.kind != Kind::kCall || s.sqlalchemy_name(column.items[0]) != "Column")
                           refuse(column, "op.add_column: " + py::to_source(column) + " is not an sa.Column(...)");
                         return core::AddColumn{t.table, t.schema, column_of(s, column, nullptr)};
                       }};
    // drop_column(table_name, column_name, schema=None, **kw); batch: drop_column(column_name, **kw)
    r["drop_column"] = {S{"op.drop_column", {"table_name", "column_name", "schema"}, false, {}, {}, {}},
                        S{"batch_op.drop_column", {"column_name"}, false, {}, {}, {}},
                        [](const Scope& s, const Arguments& a, const Target& t) -> std::optional<core::Op> {
                          return core::DropColumn{t.table, string_arg(s, a, "column_name", "op.drop_column"), t.schema};
                        }};
    // alter_column(table_name, column_name, nullable=None, comment=False, server_default=False,
    //   new_column_name=None, type_=None, existing_type=None, existing_server_default=False,
    //   existing_nullable=None, existing_comment=None, schema=None, **kw)
    const std::vector<std::string> alter_rest{"nullable",      "comment",       "server_default",
                                              "new_column_name", "type_",       "existing_type",
                                              "existing_server_default", "existing_nullable", "existing_comment"};
    std::vector<std::string> alter_plain{"table_name", "column_name"}, alter_batch{"column_name"};
    alter_plain.insert(alter_plain.end(), alter_rest.begin(), alter_rest.end());
    alter_plain.push_back("schema");
    alter_batch.insert(alter_batch.end(), alter_rest.begin(), alter_rest.end());
    alter_batch.insert(alter_batch.end(), {"insert_before", "insert_after"});
    r["alter_column"] = {S{"op.alter_column", alter_plain, false, {}, {}, {}},
                         S{"batch_op.alter_column", alter_batch, false, {}, {}, {}},
                         alter_column};
    // create_index(index_name, table_name, columns, schema=None, unique=False, **kw); batch: (index_name, columns, **kw)
    auto create_index = [](const Scope& s, const Arguments& a, const Target& t) -> std::optional<core::Op> {
      core::CreateIndex op;
      op.name = constraint_name(s, a, "index_name", "op.create_index");
      op.table = t.table;
      op.schema = t.schema;
      op.columns = keys_arg(s, a, "columns", "op.create_index");
      if (const py::Node* n = a.get("unique"); n && !is_none(s, *n)) op.unique = flag(s, *n, "op.create_index unique");
      op.where = index_where(s, a, "op.create_index");
      index_dialect_options(s, a, "op.create_index", op.method, op.columns);
      if (const py::Node* n = a.get("postgresql_concurrently"); n && !is_none(s, *n))
        op.concurrently = flag(s, *n, "op.create_index postgresql_concurrently");
      return op;
    };
    const std::vector<std::string> index_keywords{"unique",          "postgresql_where", "sqlite_where",
                                                  "postgresql_using", "postgresql_ops",  "postgresql_concurrently"};
    r["create_index"] = {S{"op.create_index", {"index_name", "table_name", "columns", "schema", "unique"}, false,
                           {"postgresql_where", "sqlite_where", "postgresql_using", "postgresql_ops",
                            "postgresql_concurrently"},
                           {"quote", "if_not_exists"}, {"info"}},
                         S{"batch_op.create_index", {"index_name", "columns"}, false, index_keywords,
                           {"quote", "if_not_exists"}, {"info"}},
                         create_index};
    // drop_index(index_name, table_name=None, schema=None, **kw): a partial
    // index's predicate (autogenerate repeats it here) does not change the DROP.
    r["drop_index"] = {S{"op.drop_index", {"index_name", "table_name", "schema"}, false, {"postgresql_concurrently"},
                         {"if_exists"}, {"postgresql_where", "sqlite_where"}},
                       S{"batch_op.drop_index", {"index_name"}, false, {"postgresql_concurrently"}, {"if_exists"},
                         {"postgresql_where", "sqlite_where"}},
                       [](const Scope& s, const Arguments& a, const Target& t) -> std::optional<core::Op> {
                         // table_name is optional here (PostgreSQL needs only the index's name)
                         const std::string table = t.table.empty() ? optional_string(s, a, "table_name", "op.drop_index")
                                                                   : t.table;
                         core::DropIndex op{string_arg(s, a, "index_name", "op.drop_index"), table, t.schema};
                         if (const py::Node* n = a.get("postgresql_concurrently"); n && !is_none(s, *n))
                           op.concurrently = flag(s, *n, "op.drop_index postgresql_concurrently");
                         return op;
                       },
                       nullptr};
    // create_unique_constraint(constraint_name, table_name, columns, schema=None, **kw)
    r["create_unique_constraint"] = {
        S{"op.create_unique_constraint", {"constraint_name", "table_name", "columns", "schema"}, false, {},
          {"deferrable", "initially"}, {"info"}},
        S{"batch_op.create_unique_constraint", {"constraint_name", "columns"}, false, {}, {"deferrable", "initially"},
          {"info"}},
        [](const Scope& s, const Arguments& a, const Target& t) -> std::optional<core::Op> {
          const std::string f = "op.create_unique_constraint";
          return core::CreateUniqueConstraint{constraint_name(s, a, "constraint_name", f), t.table, t.schema,
                                              columns_arg(s, a, "columns", f)};
        }};
    // create_foreign_key(constraint_name, source_table, referent_table, local_cols, remote_cols,
    //   onupdate=None, ondelete=None, deferrable=None, initially=None, match=None,
    //   source_schema=None, referent_schema=None, **dialect_kw)
    // batch: create_foreign_key(constraint_name, referent_table, local_cols, remote_cols,
    //   referent_schema=None, onupdate=None, ondelete=None, deferrable=None, initially=None, match=None)
    OperationRule fk{
        S{"op.create_foreign_key",
          {"constraint_name", "source_table", "referent_table", "local_cols", "remote_cols", "onupdate", "ondelete",
           "deferrable", "initially", "match", "source_schema", "referent_schema"},
          false, {"postgresql_not_valid"}, {}, {}},
        S{"batch_op.create_foreign_key",
          {"constraint_name", "referent_table", "local_cols", "remote_cols", "referent_schema", "onupdate", "ondelete",
           "deferrable", "initially", "match"},
          false, {"postgresql_not_valid"}, {}, {}},
        [](const Scope& s, const Arguments& a, const Target& t) -> std::optional<core::Op> {
          const std::string f = "op.create_foreign_key";
          for (const char* unsupported : {"deferrable", "initially", "match"})
            if (const py::Node* n = a.get(unsupported); n && !is_none(s, *n))
              refuse(*n, f + ": '" + unsupported + "' has no strata equivalent");
          core::CreateForeignKey op;
          op.table = t.table;
          op.schema = t.schema;
          op.key.name = constraint_name(s, a, "constraint_name", f);
          op.key.referred_table = string_arg(s, a, "referent_table", f);
          op.key.referred_schema = optional_string(s, a, "referent_schema", f);
          op.key.columns = text_list(s, required(a, "local_cols", f), f + " local_cols");
          op.key.referred_columns = text_list(s, required(a, "remote_cols", f), f + " remote_cols");
          if (op.key.columns.empty() || op.key.columns.size() != op.key.referred_columns.size())
            refuse(a.call(), f + ": local_cols and remote_cols must be lists of the same, non-zero length");
          op.key.ondelete = fk_action(s, a.get("ondelete"), "ondelete");
          op.key.onupdate = fk_action(s, a.get("onupdate"), "onupdate");
          if (const py::Node* n = a.get("postgresql_not_valid"); n && !is_none(s, *n))
            op.not_valid = flag(s, *n, f + " postgresql_not_valid");
          return op;
        },
        "source_table", "source_schema"};
    r["create_foreign_key"] = fk;
    // create_check_constraint(constraint_name, table_name, condition, schema=None, **kw)
    r["create_check_constraint"] = {
        S{"op.create_check_constraint", {"constraint_name", "table_name", "condition", "schema"}, false,
          {"postgresql_not_valid"}, {"deferrable", "initially"}, {"info"}},
        S{"batch_op.create_check_constraint", {"constraint_name", "condition"}, false, {"postgresql_not_valid"},
          {"deferrable", "initially"}, {"info"}},
        [](const Scope& s, const Arguments& a, const Target& t) -> std::optional<core::Op> {
          const std::string f = "op.create_check_constraint";
          core::CreateCheckConstraint op{constraint_name(s, a, "constraint_name", f), t.table, t.schema,
                                         sql_text(s, required(a, "condition", f), f + " condition")};
          if (const py::Node* n = a.get("postgresql_not_valid"); n && !is_none(s, *n))
            op.not_valid = flag(s, *n, f + " postgresql_not_valid");
          return op;
        }};
    // create_primary_key(constraint_name, table_name, columns, schema=None)
    r["create_primary_key"] = {
        S{"op.create_primary_key", {"constraint_name", "table_name", "columns", "schema"}, false, {}, {}, {}},
        S{"batch_op.create_primary_key", {"constraint_name", "columns"}, false, {}, {}, {}},
        [](const Scope& s, const Arguments& a, const Target& t) -> std::optional<core::Op> {
          const std::string f = "op.create_primary_key";
          return core::CreatePrimaryKey{constraint_name(s, a, "constraint_name", f), t.table, t.schema,
                                        columns_arg(s, a, "columns", f)};
        }};
    // drop_constraint(constraint_name, table_name, type_=None, schema=None); batch: (constraint_name, type_=None)
    r["drop_constraint"] = {
        S{"op.drop_constraint", {"constraint_name", "table_name", "type_", "schema"}, false, {}, {}, {}},
        S{"batch_op.drop_constraint", {"constraint_name", "type_"}, false, {}, {}, {}},
        [](const Scope& s, const Arguments& a, const Target& t) -> std::optional<core::Op> {
          const std::string f = "op.drop_constraint";
          const std::string name = string_arg(s, a, "constraint_name", f);
          const py::Node* type = a.get("type_");
          if (!type || is_none(s, *type))
            refuse(a.call(), f + "('" + name + "') without type_: strata must know whether it is a foreignkey, "
                                               "unique, check or primary constraint");
          static const std::map<std::string, core::ConstraintType, std::less<>> kinds = {
              {"foreignkey", core::ConstraintType::kForeignKey}, {"unique", core::ConstraintType::kUnique},
              {"check", core::ConstraintType::kCheck}, {"primary", core::ConstraintType::kPrimary}};
          const std::string kind = text(s, *type, f + " type_");
          auto it = kinds.find(kind);
          if (it == kinds.end())
            refuse(*type, f + ": type_='" + kind + "' is not foreignkey, unique, check or primary");
          return core::DropConstraint{name, t.table, t.schema, it->second};
        }};
    // create_table_comment(table_name, comment, existing_comment=None, schema=None);
    // batch: (comment, existing_comment=None)
    r["create_table_comment"] = {
        S{"op.create_table_comment", {"table_name", "comment", "existing_comment", "schema"}, false, {}, {}, {}},
        S{"batch_op.create_table_comment", {"comment", "existing_comment"}, false, {}, {}, {}},
        [](const Scope& s, const Arguments& a, const Target& t) -> std::optional<core::Op> {
          const std::string f = "op.create_table_comment";
          const py::Node* existing = a.get("existing_comment");
          return core::CreateTableComment{t.table, t.schema, string_arg(s, a, "comment", f),
                                          existing ? optional_text(s, *existing, f + " existing_comment")
                                                   : std::nullopt};
        }};
    // drop_table_comment(table_name, existing_comment=None, schema=None); batch: (existing_comment=None)
    r["drop_table_comment"] = {
        S{"op.drop_table_comment", {"table_name", "existing_comment", "schema"}, false, {}, {}, {}},
        S{"batch_op.drop_table_comment", {"existing_comment"}, false, {}, {}, {}},
        [](const Scope& s, const Arguments& a, const Target& t) -> std::optional<core::Op> {
          const py::Node* existing = a.get("existing_comment");
          return core::DropTableComment{
              t.table, t.schema,
              existing ? optional_text(s, *existing, "op.drop_table_comment existing_comment") : std::nullopt};
        }};
    // execute(sqltext, execution_options=None): Alembic runs a str as text().
    r["execute"] = {S{"op.execute", {"sqltext", "execution_options"}, false, {}, {}, {}}, std::nullopt,
                    [](const Scope& s, const Arguments& a, const Target&) -> std::optional<core::Op> {
                      if (const py::Node* n = a.get("execution_options"); n && !is_none(s, *n))
                        refuse(*n, "op.execute: 'execution_options' has no strata equivalent");
                      return core::Execute{sql_text(s, required(a, "sqltext", "op.execute"), "op.execute"),
                                           std::nullopt};
                    },
                    nullptr, nullptr};
    return r;
  }();
  return table;
}

}  // namespace

std::vector<core::Op> operation(const Scope& scope, const std::string& name, const py::Node& call, const BatchTable* batch) {
  const std::string function = (batch ? "batch_op." : "op.") + name;
  if (!batch && name == "bulk_insert") return {bulk_insert(scope, call)};
  auto it = rules().find(name);
  if (it == rules().end() || (batch && !it->second.batch))
    refuse(call, function + "() is not an operation strata can translate");
  const OperationRule& rule = it->second;
  const Arguments args = bind(scope, call, batch ? *rule.batch : rule.plain);
  Target target;
  if (batch) {
    target = {batch->table, batch->schema};
  } else {
    if (rule.table_parameter) target.table = string_arg(scope, args, rule.table_parameter, function);
    if (rule.schema_parameter) target.schema = optional_string(scope, args, rule.schema_parameter, function);
  }
  std::optional<core::Op> op = rule.build(scope, args, target);
  if (!op) return {};
  return {*op};
}

}  // namespace strata::versions::alembic
