// Translation of the bodies of Alembic revision functions (`upgrade()`,
// `downgrade()`, as py::Statement trees) into strata's operations (SPEC §5,
// §10.2). What `alembic revision --autogenerate` writes is translated whole:
// op.create_table with sa.Column / sa.PrimaryKeyConstraint /
// sa.ForeignKeyConstraint / sa.UniqueConstraint / sa.CheckConstraint /
// sa.Index, every other op.* strata has, `with op.batch_alter_table(...) as
// batch_op:` blocks, op.f(), sa.text(), server_default, comments, existing_*
// hints, postgresql_where, SQLAlchemy's generic and dialect types.
//
// A body is translated whole or not at all: the first statement that is not
// one of those (a loop, op.get_bind(), an argument that is not a literal, a
// keyword strata has no meaning for) makes the whole body untranslated, with
// the reason and the line. Nothing is guessed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/ops.h"
#include "versions/python_reader.h"

namespace strata::versions {

struct AlembicContext {
  std::string file;  ///< the Python file, as the user should see it in messages
  /// Module-level constants of the file and `--define NAME=VALUE` values: a
  /// py::Name whose name is here stands for that node.
  std::map<std::string, py::Node> constants;
  /// Import aliases, bound name -> imported dotted name (`sa` ->
  /// `sqlalchemy`, `postgresql` -> `sqlalchemy.dialects.postgresql`,
  /// `op` -> `alembic.op`). Names not here are taken at face value
  /// (`sa`, `op`, `postgresql`, `mysql`, `sqlite` as Alembic's templates
  /// import them).
  std::map<std::string, std::string> imports;
};

struct BodyTranslation {
  std::vector<core::Op> ops;
  /// Set when the body could not be translated: "<reason> (<file>:<line>)".
  std::optional<std::string> untranslated;
  /// What a translated body left out or does differently, for the user to
  /// read ("<what> (<file>:<line>)"): a primary key's name strata does not
  /// keep, an existing_* hint it cannot read, an alter_column that changes
  /// nothing, a postgresql_where that SQLite gets too. Worth writing as
  /// comments in the revision.
  std::vector<std::string> notes;
};

/// Translates FN's body. An empty body, or one that is only `pass` and
/// comments, is translated to no operations.
BodyTranslation translate_body(const py::Function& fn, const AlembicContext& context);

/// An SQLAlchemy type expression (`sa.String(length=255)`,
/// `postgresql.JSONB(astext_type=sa.Text())`, `sa.Enum('a', 'b', name='e')`)
/// as a strata type (SPEC §4): a portable name where one fits, else the
/// native type as the database spells it (`jsonb`, `inet`). nullopt when the
/// expression is not a type strata can name; REASON then says why.
std::optional<std::string> translate_type(const py::Node& type, const AlembicContext& context, std::string& reason);

}  // namespace strata::versions
