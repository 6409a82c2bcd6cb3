// Reading a live schema back into core::Schema (reflection), the input of the
// differ on the database side. Each driver implements it with its own
// catalog: PostgreSQL with a handful of bulk catalog queries for the whole
// schema (never one query per table), SQLite with sqlite_master and pragmas.
//
// The contract every inspector keeps, so the differ can compare the result
// with the declared models (after naming conventions are applied):
//  - Table::schema is "" for the default schema (public / main); tables of
//    other reflected schemas carry their name.
//  - Column::type is the database's own spelling (PostgreSQL: format_type(),
//    e.g. "character varying(255)"; SQLite: the declared text); the dialect's
//    normalize_type() makes the two sides comparable.
//  - Column::server_default is the database's expression text (pg_get_expr,
//    or SQLite's dflt_value); an auto-increment key (a serial's nextval() or
//    an identity column, or SQLite's INTEGER PRIMARY KEY) has no
//    server_default and autoincrement = true.
//  - Column::unique, index and foreign_key are never set: every index,
//    unique constraint and foreign key is in the table-level lists.
//  - Table::indexes leaves out the indexes behind a primary key or a unique
//    constraint; Index::where holds a partial index's predicate, as the
//    database gives it back (the differ compares it in normal form).
//  - Index::columns has one key per indexed column in order: a column by
//    name, or an expression's text (PostgreSQL: pg_get_indexdef of that key;
//    SQLite: the CREATE INDEX text, where a key with COLLATE is an
//    expression too); opclass only when not the type's default; descending
//    for DESC. Index::method is "" for the default method (btree).
//  - ForeignKey::ondelete / onupdate are "" for NO ACTION, else the keyword
//    in upper case (CASCADE, SET NULL, SET DEFAULT, RESTRICT);
//    referred_schema is "" when the referred table is in the referring
//    table's own schema (as core/schema.h defines it), else the referred
//    schema's name ("public" for a table of another schema referring to one
//    in the default schema).
//  - CheckConstraint::condition is the expression inside CHECK (...), as the
//    database gives it back (compared in normal form).
//  - Comments are reflected where the database keeps them (PostgreSQL).
//  - Tables come sorted by (schema, name); nothing is filtered out (the
//    version table and exclude_tables are the differ's business).
#pragma once

#include <string>
#include <vector>

#include "core/schema.h"

namespace strata::core {

struct ReflectOptions {
  /// Schemas to read; "public" (PostgreSQL) or "main" (SQLite) is the default
  /// schema and yields tables with an empty Table::schema.
  std::vector<std::string> schemas{"public"};
};

class Inspector {
 public:
  virtual ~Inspector() = default;
  /// The whole schema; throws DatabaseError.
  virtual Schema reflect(const ReflectOptions& options) = 0;
};

}  // namespace strata::core
