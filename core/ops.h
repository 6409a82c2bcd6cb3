// Alembic's operation vocabulary (op.create_table, op.add_column, ...) as
// plain values. One vocabulary has three consumers: migration files are parsed
// into it, the differ produces it, and each dialect renders it to SQL.
// `Op` is a std::variant so that adding an operation fails to compile until
// every consumer (std::visit) handles it.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/schema.h"

namespace strata::core {

struct CreateTable { Table table; bool operator==(const CreateTable&) const = default; };
struct DropTable { std::string name, schema; bool operator==(const DropTable&) const = default; };
struct RenameTable { std::string name, new_name, schema; bool operator==(const RenameTable&) const = default; };
struct AddColumn { std::string table, schema; Column column; bool operator==(const AddColumn&) const = default; };
struct DropColumn { std::string table, name, schema; bool operator==(const DropColumn&) const = default; };

/// alter_column: every optional field left unset means "unchanged".
struct AlterColumn {
  std::string table, name, schema;
  std::optional<std::string> new_name;
  std::optional<std::string> type;
  std::optional<bool> nullable;
  /// set: change the default; set to nullopt (`server_default: null`): drop it.
  std::optional<std::optional<std::string>> server_default;
  std::optional<std::optional<std::string>> comment;
  std::optional<std::string> existing_type;
  std::optional<bool> existing_nullable;
  std::optional<std::string> existing_server_default;
  bool operator==(const AlterColumn&) const = default;
};

struct CreateIndex {
  std::string name, table, schema;
  std::vector<IndexElement> columns;  ///< as Index::columns
  bool unique = false;
  std::optional<std::string> where;
  std::string method;  ///< `using`: empty for the database's default
  /// PostgreSQL's CREATE INDEX CONCURRENTLY (the revision must be
  /// `transactional: false`); ignored by the other databases.
  bool concurrently = false;
  bool operator==(const CreateIndex&) const = default;
};
struct DropIndex {
  std::string name, table, schema;
  bool concurrently = false;  ///< PostgreSQL's DROP INDEX CONCURRENTLY; ignored elsewhere
  bool operator==(const DropIndex&) const = default;
};
struct CreateUniqueConstraint {
  std::string name, table, schema;
  std::vector<std::string> columns;
  bool operator==(const CreateUniqueConstraint&) const = default;
};
struct CreateForeignKey {
  std::string table, schema;
  ForeignKey key;
  /// PostgreSQL's ... NOT VALID: existing rows are not checked (no long
  /// lock) until validate_constraint; ignored by the other databases.
  bool not_valid = false;
  bool operator==(const CreateForeignKey&) const = default;
};
struct CreateCheckConstraint {
  std::string name, table, schema, condition;
  bool not_valid = false;  ///< as CreateForeignKey::not_valid
  bool operator==(const CreateCheckConstraint&) const = default;
};
/// ALTER TABLE ... VALIDATE CONSTRAINT (PostgreSQL): checks the existing rows
/// against a constraint added with not_valid. Nothing on the other
/// databases, which have no NOT VALID constraints; its inverse is nothing.
struct ValidateConstraint {
  std::string name, table, schema;
  bool operator==(const ValidateConstraint&) const = default;
};
struct CreatePrimaryKey {
  std::string name, table, schema;
  std::vector<std::string> columns;
  bool operator==(const CreatePrimaryKey&) const = default;
};

enum class ConstraintType { kForeignKey, kUnique, kCheck, kPrimary };
struct DropConstraint {
  std::string name, table, schema;
  ConstraintType type = ConstraintType::kForeignKey;
  bool operator==(const DropConstraint&) const = default;
};

/// COMMENT ON TABLE (Alembic's op.create_table_comment / drop_table_comment);
/// existing_comment is what the reverse operation restores.
struct CreateTableComment {
  std::string table, schema;
  std::string comment;
  std::optional<std::string> existing_comment;
  bool operator==(const CreateTableComment&) const = default;
};
struct DropTableComment {
  std::string table, schema;
  std::optional<std::string> existing_comment;
  bool operator==(const DropTableComment&) const = default;
};

/// Raw SQL; `dialect` set: run on that dialect only ("sqlite", "postgresql").
struct Execute {
  std::string sql;
  std::optional<std::string> dialect;
  bool operator==(const Execute&) const = default;
};

/// A literal value in bulk_insert rows, keeping the YAML scalar's kind.
struct Literal {
  enum class Kind { kNull, kBool, kInteger, kFloat, kString };
  Kind kind = Kind::kNull;
  std::string text;  ///< "true"/"false", digits, or the string itself
  bool operator==(const Literal&) const = default;
};
struct BulkInsert {
  std::string table, schema;
  std::vector<std::vector<std::pair<std::string, Literal>>> rows;  ///< column -> value, in file order
  bool operator==(const BulkInsert&) const = default;
};

/// Native enum types. drop_enum keeps the values so that its inverse can be
/// written; alter_enum's existing_values are the values before, which decide
/// between adding values in place and rebuilding the type.
struct CreateEnum {
  std::string name, schema;
  std::vector<std::string> values;
  bool operator==(const CreateEnum&) const = default;
};
struct DropEnum {
  std::string name, schema;
  std::vector<std::string> values;
  bool operator==(const DropEnum&) const = default;
};
struct AlterEnum {
  std::string name, schema;
  std::vector<std::string> values, existing_values;
  bool operator==(const AlterEnum&) const = default;
};

using Op = std::variant<CreateTable, DropTable, RenameTable, AddColumn, DropColumn, AlterColumn,
                        CreateIndex, DropIndex, CreateUniqueConstraint, CreateForeignKey,
                        CreateCheckConstraint, ValidateConstraint, CreatePrimaryKey, DropConstraint,
                        CreateTableComment, DropTableComment, Execute, BulkInsert, CreateEnum, DropEnum,
                        AlterEnum>;

/// The operation's name as written in migration files (Alembic's op.* name).
const char* op_name(const Op& op);

/// The (schema, table) an operation works on (for rename_table, the old
/// name); nullopt for one that names no table (execute, enum types).
std::optional<std::pair<std::string, std::string>> op_table(const Op& op);

}  // namespace strata::core
