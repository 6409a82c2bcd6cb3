// Internals shared by the Alembic translators (alembic_types.cpp,
// alembic_dialect_types.cpp, alembic_tables.cpp, alembic_defaults.cpp,
// alembic_ops.cpp, alembic_bulk_insert.cpp, alembic_body.cpp): what a name in the
// body stands for, literal arguments, and Python argument binding against
// Alembic's and SQLAlchemy's signatures. Not part of the importer's interface
// (that is alembic_ops.h).
//
// A translator that meets something it cannot translate throws Untranslatable
// (refuse()); translate_body catches it once and reports the reason and line.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "versions/alembic_ops.h"

namespace strata::versions::alembic {

/// Why a body cannot be translated, and the line to point at.
struct Untranslatable {
  std::string reason;
  int line = 0;
};
[[noreturn]] void refuse(const py::Node& at, std::string reason);
[[noreturn]] void refuse_at(int line, std::string reason);

/// Names as a body sees them: the file's imports and constants, plus what the
/// body itself binds (`t = sa.table(...)`, `from sqlalchemy.sql import
/// table`), and the notes collected on the way.
class Scope {
 public:
  explicit Scope(const AlembicContext& context) : context_(context), imports_(context.imports) {}

  const std::string& file() const { return context_.file; }

  /// NODE, or the value a name stands for (bound in the body, else a module
  /// constant or --define), followed through chains of names.
  const py::Node& value(const py::Node& node) const;
  /// Whether NAME is bound in the body or among the constants.
  bool has_value(const std::string& name) const;

  /// The full dotted name of a name or attribute chain, its first part
  /// replaced through the imports (`sa.Column` -> `sqlalchemy.Column`,
  /// `postgresql.JSONB` -> `sqlalchemy.dialects.postgresql.JSONB`) and
  /// SQLAlchemy's module paths shortened to where the names are exported
  /// (`sqlalchemy.types.Integer` -> `sqlalchemy.Integer`). A single name
  /// imported from nowhere stays as written (`Text`). "" for other nodes.
  std::string qualified_name(const py::Node& node) const;
  /// The SQLAlchemy name NODE refers to (`Column` for `sa.Column`, `func.now`
  /// for `sa.func.now`, `dialects.postgresql.JSONB`), also for a name that is
  /// used without being imported (autogenerate writes `Text()` inside
  /// `postgresql.JSONB(astext_type=Text())`); "" when it is something else.
  std::string sqlalchemy_name(const py::Node& node) const;
  /// Whether NODE is a call of `op.<name>` (op: whatever alembic.op is bound to).
  bool is_op_call(const py::Node& node, std::string_view name) const;

  void bind(const std::string& name, const py::Node& value) { locals_[name] = value; }
  void unbind(const std::string& name) { locals_.erase(name); }
  void add_import(const std::string& bound, const std::string& imported) { imports_[bound] = imported; }

  /// The `as` name of the batch_alter_table block being read ("" outside one).
  std::string batch_alias;
  /// Names bound to what op.create_table returned (`t = op.create_table(...)`),
  /// for op.bulk_insert(t, ...).
  std::map<std::string, core::Table> created_tables;

  /// Something left out on the way that the user should know about.
  /// (const: a note is no change of meaning, and type translation notes too.)
  void note(const py::Node& at, const std::string& what) const;
  mutable std::vector<std::string> notes;

 private:
  const AlembicContext& context_;
  std::map<std::string, std::string> imports_;
  std::map<std::string, py::Node> locals_;
};

/// " (<file>:<line>)"
std::string at_line(const Scope& scope, int line);

// --- literal arguments --------------------------------------------------------

/// "argument is not a literal: <source>"
[[noreturn]] void refuse_not_literal(const py::Node& at);
/// A string: a literal, op.f('x') / batch_op.f('x') / sa.schema.conv('x'), or
/// a constant holding one. WHAT names the argument in messages.
std::string text(const Scope& scope, const py::Node& node, std::string_view what);
/// As text(), None giving nullopt.
std::optional<std::string> optional_text(const Scope& scope, const py::Node& node, std::string_view what);
/// True or False.
bool flag(const Scope& scope, const py::Node& node, std::string_view what);
/// A list or tuple of strings.
std::vector<std::string> text_list(const Scope& scope, const py::Node& node, std::string_view what);
/// SQL given as a string or as sa.text('...'): the SQL as SQLAlchemy sends it
/// (`\:` unescaped); refuses a text() with a bind parameter (`:name`), which
/// Alembic would run only with values strata never gets.
std::string sql_text(const Scope& scope, const py::Node& node, std::string_view what);
/// Whether NODE (followed through names) is None.
bool is_none(const Scope& scope, const py::Node& node);
/// A Python int literal (`-2`, `0x1f`, `1_000`) as decimal digits, if NODE is one.
std::optional<std::string> python_int(const py::Node& node);

// --- argument binding -----------------------------------------------------------

/// A Python signature, in the callee's own order (cite it where it is written).
struct Signature {
  std::string function;                 ///< for messages: `op.create_index`
  std::vector<std::string> positional;  ///< parameters taken by position or keyword
  bool varargs = false;                 ///< a `*args` after the positional ones
  std::vector<std::string> keywords;    ///< keyword-only parameters strata translates
  /// Parameters strata has no meaning for, accepted only when absent or
  /// given their default (None or False): `deferrable=None`.
  std::vector<std::string> default_only;
  /// Parameters that change nothing in the database (Python-side only,
  /// `default=`, `info=`): accepted and left out.
  std::vector<std::string> ignored;
};

class Arguments {
 public:
  /// The argument bound to NAME, or nullptr when it was not given.
  const py::Node* get(std::string_view name) const;
  /// The `*args` arguments, in order.
  const std::vector<const py::Node*>& rest() const { return rest_; }
  const py::Node& call() const { return *call_; }

 private:
  friend Arguments bind(const Scope&, const py::Node&, const Signature&);
  const py::Node* call_ = nullptr;
  std::vector<std::pair<std::string, const py::Node*>> named_;
  std::vector<const py::Node*> rest_;
};

/// Binds CALL's arguments to SIGNATURE; refuses unknown keywords ("<function>:
/// keyword 'x' has no strata equivalent"), extra positional arguments and an
/// argument given twice.
Arguments bind(const Scope& scope, const py::Node& call, const Signature& signature);

// --- the operations ---------------------------------------------------------------------

/// The table a batch_alter_table block works on.
struct BatchTable {
  std::string table, schema;
};
/// An op.NAME(...) call (BATCH null) or a batch_op.NAME(...) call inside a
/// block on BATCH, as strata operations (none for an alter_column that
/// changes nothing). Refuses operations strata does not have.
std::vector<core::Op> operation(const Scope& scope, const std::string& name, const py::Node& call, const BatchTable* batch);
/// op.bulk_insert(table, rows, multiinsert=True).
core::Op bulk_insert(const Scope& scope, const py::Node& call);

// --- the other translators ----------------------------------------------------------

/// translate_type, throwing Untranslatable.
std::string type_of(const Scope& scope, const py::Node& type);
/// An sa.Column(...) call as a column; the constraint objects found among its
/// positional arguments beyond one ForeignKey go to EXTRA_KEYS (create_table
/// keeps them on the table; elsewhere they are refused).
core::Column column_of(const Scope& scope, const py::Node& call, std::vector<core::ForeignKey>* extra_keys);
/// op.create_table's arguments after the name, as the table's parts.
core::Table table_of(const Scope& scope, const Arguments& args, const std::string& name, const py::Node& at);
/// A server_default value (string, sa.text(), sa.func.x()) as SQL; nullopt for None.
std::optional<std::string> server_default_of(const Scope& scope, const py::Node& node);
/// ON DELETE / ON UPDATE as strata keeps them, refused when not one of SQL's actions.
std::string fk_action(const Scope& scope, const py::Node* node, std::string_view what);
/// A partial index's predicate from postgresql_where= / sqlite_where= (one
/// of them, or both alike: strata's `where` applies on both databases).
std::optional<std::string> index_where(const Scope& scope, const Arguments& args, const std::string& function);
/// Index keys: column names, and sa.text('lower(x)') as an expression
/// (other expressions, such as sa.func calls, are refused).
std::vector<core::IndexElement> index_columns(const Scope& scope, const std::vector<const py::Node*>& nodes,
                                              const std::string& what);
/// postgresql_using= (the method) and postgresql_ops={column: opclass} of an index.
void index_dialect_options(const Scope& scope, const Arguments& args, const std::string& function,
                           std::string& method, std::vector<core::IndexElement>& keys);
/// `table.col` / `schema.table.col` into the key's referred parts.
void split_reference(const py::Node& at, const std::string& ref, core::ForeignKey& key, std::string_view what);

}  // namespace strata::versions::alembic

namespace strata::versions::alembic {

/// One SQLAlchemy type constructor: its signature (SQLAlchemy's own order)
/// and the strata type it makes from the bound arguments.
struct TypeRule {
  Signature signature;
  std::function<std::string(const Scope& scope, const Arguments& args)> build;
};
/// `Integer`, `String`, ... as `sqlalchemy` exports them; nullptr if unknown.
const TypeRule* generic_type_rule(std::string_view name);
/// `JSONB` of `postgresql`, `TINYINT` of `mysql`, ...: the dialect's own
/// classes; nullptr when the dialect has none of that name (it may still
/// re-export the generic one).
const TypeRule* dialect_type_rule(std::string_view dialect, std::string_view name);

/// A positive integer argument (a length, a precision).
int positive_int(const Scope& scope, const py::Node& node, std::string_view what);
/// The positive integer argument NAME if given and not None.
std::optional<int> optional_int(const Scope& scope, const Arguments& args, const char* name, const std::string& what);
/// A strata type as PostgreSQL spells it, for an ARRAY's items (`string(20)`
/// -> `varchar(20)`); refuses types with no PostgreSQL spelling of their own.
std::string postgresql_spelling(const py::Node& at, const std::string& type);

}  // namespace strata::versions::alembic
