// Naming conventions (SPEC §3 naming_convention), applied to declared models
// before they are compared with the database: the column shortcuts
// (`unique: true`, `index: true`, `foreign_key:`) become table-level
// indexes, unique constraints and foreign keys, and every index or
// constraint left unnamed gets the name its convention gives, as
// SQLAlchemy's MetaData(naming_convention=...) does. Names written in the
// model are kept as written. The primary key is named only under a `pk`
// convention (`pk_{table}`); without one the database names it.
#pragma once

#include <map>
#include <string>

#include "core/ops.h"
#include "core/schema.h"

namespace strata::core {

/// Tokens: {table}, {column_0}, {referred_table}, {constraint} (and
/// SQLAlchemy's spellings {table_name}, {column_0_name},
/// {referred_table_name}, {constraint_name}). An unnamed check constraint's
/// {constraint} is the first column its condition names (else "check"); a
/// name already taken in the table gets _2, _3, ...; a name longer than 63
/// bytes (PostgreSQL's limit) is cut with a hash suffix. Throws UsageError
/// for an unknown token.
void apply_naming_convention(Schema& schema, const std::map<std::string, std::string>& conventions);

/// OP with the conventions applied where it declares a table (create_table),
/// so that what a migration creates carries the names the models get and
/// `check` compares equal, as Alembic names op.create_table's constraints
/// with the target metadata's convention. Other operations are returned as is.
Op with_naming_convention(const Op& op, const std::map<std::string, std::string>& conventions);

/// CONVENTION with its tokens replaced (exposed for tests).
std::string convention_name(const std::string& convention, const std::map<std::string, std::string>& tokens);

}  // namespace strata::core
