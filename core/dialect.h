// A Dialect turns operations into SQL for one database. It is pure: no
// connection, no I/O, so offline `--sql` output and online runs render the
// same statements, and DDL is tested with golden strings. Identifiers are
// always quoted through quote(); values through literal().
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lint_scope.h"
#include "core/ops.h"
#include "core/schema.h"

namespace strata::core {

/// Answers "what does this table look like now?" for dialects that must
/// rebuild tables (SQLite). Online it is backed by reflection; offline by the
/// schema built up from the operations rendered so far.
class TableLookup {
 public:
  virtual ~TableLookup() = default;
  virtual std::optional<Table> table(const std::string& schema, const std::string& name) const = 0;
  /// The native enum type (schema "" is the default schema), when known:
  /// a column whose type names it is rendered by Dialect::enum_column_type.
  virtual std::optional<EnumType> enum_type(const std::string& /*schema*/, const std::string& /*name*/) const {
    return std::nullopt;
  }
};

/// A lookup that knows no table: for rendering strata's own tables, and for
/// dialects that alter tables in place.
class NoTables : public TableLookup {
 public:
  std::optional<Table> table(const std::string&, const std::string&) const override { return std::nullopt; }
};

/// Where the version table is (SPEC §9).
struct VersionTable {
  std::string name = "alembic_version";
  std::string schema;  ///< empty: the default schema
  /// The revision log kept beside it, in the same schema (core/revision_log.h;
  /// strata.yaml's revision_log_table); empty: none is kept.
  std::string revision_log = "strata_revisions";
};

class Dialect {
 public:
  virtual ~Dialect() = default;
  /// "sqlite" or "postgresql": the value `execute: {dialect: ...}` matches.
  virtual std::string name() const = 0;
  /// A quoted identifier ("users", "we""ird").
  virtual std::string quote(std::string_view identifier) const = 0;
  /// schema.name, each part quoted; just the name when SCHEMA is empty.
  virtual std::string qualify(std::string_view schema, std::string_view name) const = 0;
  /// A SQL literal for a bulk_insert value.
  virtual std::string literal(const Literal& value) const = 0;
  /// The database type for a portable or native type name (SPEC §4).
  virtual std::string column_type(const Column& column) const = 0;
  /// The statements of one operation, in order. TABLES is consulted by
  /// operations the database cannot do in place. Throws DatabaseError when
  /// an operation cannot be rendered (e.g. a rebuild of an unknown table).
  virtual std::vector<std::string> render(const Op& op, const TableLookup& tables) const = 0;

  /// Comparison support for the differ (autogenerate, check).
  /// The expression a declared server_default becomes in DDL (`now()` ->
  /// CURRENT_TIMESTAMP on SQLite, a bare word -> a quoted string).
  virtual std::string render_default(std::string_view server_default) const = 0;
  /// One spelling per type, so that a declared type rendered by column_type()
  /// and the type the database reports compare equal when they are the same
  /// (`character varying(255)` and `VARCHAR(255)`).
  virtual std::string normalize_type(std::string_view type) const = 0;
  /// One spelling per default expression, likewise (`'x'::text` and `'x'`,
  /// `now()` and `CURRENT_TIMESTAMP`).
  virtual std::string normalize_default(std::string_view expression) const = 0;
  /// One spelling per SQL condition or expression (a check's condition, a
  /// partial index's predicate, an index expression), so that the text
  /// declared and the text the database gives back compare equal when the
  /// database only rewrote it (PostgreSQL: `(price >= (0)::numeric)` for
  /// `price >= 0`). Must never tell two spellings of one condition apart;
  /// may, where a rewrite cannot be undone reliably, equate a little more.
  virtual std::string normalize_expression(std::string_view expression) const = 0;
  /// One spelling per index method: the default method (PostgreSQL's btree)
  /// is "", others lower case.
  virtual std::string normalize_index_method(std::string_view method) const = 0;
  /// Whether the database keeps table and column comments.
  virtual bool supports_comments() const = 0;
  /// Whether DDL runs inside a transaction (PostgreSQL, SQLite) or commits
  /// on its own, statement by statement (MySQL): then a failed revision's
  /// finished statements are undone by their inverses (SPEC §10.1).
  virtual bool transactional_ddl() const { return true; }
  /// Statements that start every session and every offline script, so both
  /// read SQL the same way (MySQL: sql_mode).
  virtual std::vector<std::string> session_setup() const { return {}; }
  /// Statements an offline script starts with: session_setup(), and what an
  /// online session has from its connection instead (MySQL: that the
  /// script's text is UTF-8, whatever the client's default character set).
  virtual std::vector<std::string> script_setup() const { return session_setup(); }
  /// Statements that set a migration session's timeouts (strata.yaml's
  /// ddl_lock_timeout and ddl_statement_timeout); one left unset is left
  /// as the server has it. A statement timeout the database does not have
  /// (SQLite) sets nothing: see supports_statement_timeout().
  virtual std::vector<std::string> session_timeouts(std::optional<std::chrono::milliseconds> lock,
                                                    std::optional<std::chrono::milliseconds> statement) const {
    (void)lock;
    (void)statement;
    return {};
  }
  virtual bool supports_statement_timeout() const { return true; }
  /// Whether SERVER_CODE (DatabaseError::server_code) says a lock was not
  /// had in time (PostgreSQL 55P03, MySQL 1205, SQLite SQLITE_BUSY).
  virtual bool is_lock_timeout(const std::string& server_code) const {
    (void)server_code;
    return false;
  }
  /// Whether OP runs without the session's lock timeout: PostgreSQL's
  /// CONCURRENTLY, whose waits (for older transactions) block no other
  /// session's reads or writes, and which a timeout would only stop half-way,
  /// leaving an INVALID index.
  virtual bool lock_timeout_exempt(const Op& op) const {
    (void)op;
    return false;
  }
  /// A query with a row when index NAME exists and is invalid (what a failed
  /// CREATE INDEX CONCURRENTLY leaves); "" where no index can be invalid.
  virtual std::string invalid_index_query(const std::string& schema, const std::string& name) const {
    (void)schema;
    (void)name;
    return "";
  }
  /// Whether a unique constraint is nothing but a unique index (MySQL): then
  /// the differ compares a declared unique index with a live unique key as
  /// one and the same.
  virtual bool unique_constraints_are_indexes() const { return false; }
  /// Whether a primary key keeps the name it is given; MySQL's is always
  /// PRIMARY, so there a key's operations are named as the models name it.
  virtual bool names_primary_keys() const { return true; }
  /// Whether the database keeps identity columns (GENERATED ... AS IDENTITY).
  virtual bool supports_identity() const = 0;
  /// Whether the database has native enum types (CREATE TYPE ... AS ENUM).
  /// Without them the enum operations render nothing and a column of an
  /// enum is a plain string column (enum_column_type).
  virtual bool supports_native_enums() const = 0;
  /// The column type of a column that uses the native enum TYPE.
  virtual std::string enum_column_type(const EnumType& type) const = 0;
  /// Without native enum types: whether a live column of LIVE_TYPE is what a
  /// column of enum TYPE was created as. By default any string column: its
  /// length follows the longest value when created and is not rewritten
  /// when the values change (the database keeps no enum).
  virtual bool enum_column_matches(const EnumType& type, std::string_view live_type) const {
    (void)type;
    return normalize_type(live_type).rfind("VARCHAR", 0) == 0;
  }
  /// TABLE, and OP's columns, with every column type that names an enum
  /// TABLES knows replaced by enum_column_type(), so that the rest of
  /// rendering sees a plain native type.
  Table with_enum_types(Table table, const TableLookup& tables) const;
  Op with_enum_types(const Op& op, const TableLookup& tables) const;

  /// Version table DDL and edits, identical to Alembic's.
  virtual std::string create_version_table(const VersionTable& vt) const = 0;
  /// The database's clock in UTC as a SQL expression, to the millisecond
  /// where it can: the revision log's applied_at, written by the database so
  /// that an offline script records when it ran, not when it was printed.
  virtual std::string utc_now() const { return "CURRENT_TIMESTAMP"; }
  /// The dialect's own lint rules for OP (SPEC §10.4): what its locking and
  /// rewriting rules make of the operation. Codes are from core/lint.cpp's
  /// catalog; each rule cites the database's documentation beside it.
  virtual std::vector<LintHit> lint(const Op& /*op*/, const LintScope& /*scope*/) const { return {}; }
  std::string insert_version(const VersionTable& vt, std::string_view rev) const;
  std::string delete_version(const VersionTable& vt, std::string_view rev) const;
  std::string update_version(const VersionTable& vt, std::string_view from, std::string_view to) const;
  std::string select_versions(const VersionTable& vt) const;
  /// A quoted string literal ('it''s').
  static std::string quote_string(std::string_view s);
};

}  // namespace strata::core
