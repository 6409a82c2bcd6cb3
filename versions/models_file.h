// The declared model metadata (SPEC §4): one or more models files, each a
// mapping with the single key `tables:` (a list of tables exactly as
// create_table takes them), merged into one core::Schema and validated as a
// whole. Every problem is a core::ScriptError (exit 2) that starts with
// "FILE:LINE: " (just "FILE: " for a file that is missing, unreadable or empty).
//
// Decisions:
//  - `tables: []` (what `strata init` writes) and `tables:` (null) are an
//    empty schema. A file with no content at all (empty, only comments, or a
//    bare null document) is an error: it is far more often a wrong or
//    truncated file than a wish to drop every table, which is what
//    autogenerate would do with an empty schema. The key `tables` is required.
//  - An empty list of files gives an empty schema: whether that is allowed is
//    the caller's (the configuration's) decision.
//  - A foreign key's referred_schema "" means the referring table's own schema
//    (core/schema.h), for the column form (`users.id`, `app.users.id`) and the
//    table form alike; the referred table must be declared in some models file.
//  - The schema "public" is the default schema (PostgreSQL's, as the CLI
//    treats it): `public.users` and `users` are the same table in every check.
//  - Names: index and unique-constraint names share one namespace per schema
//    (PostgreSQL makes a unique constraint an index, and index names are
//    per-schema in PostgreSQL and per-database in SQLite); check and
//    foreign-key names only need to be unique within their table (with its
//    unique constraints), as both databases allow the same check name on two
//    tables. Names left out are filled in later by the naming convention and
//    are not checked here.
//  - A top-level `enums:` list declares native enum types
//    ({name, values, schema}); a column type naming one is checked against
//    the declared schemas (core/enums.h's rule).
//  - `autoincrement: true` needs a portable integer type (integer,
//    biginteger, smallinteger) or a native integer name (int, int2, int4,
//    int8, smallint, bigint, mediumint, tinyint, serial, smallserial,
//    bigserial), compared case-insensitively.
#pragma once

#include <string>
#include <vector>

#include "core/schema.h"

namespace strata::versions {

/// A models file already read: FILE is used in messages.
struct ModelsSource {
  std::string file;
  std::string text;
};

/// Reads FILE ("FILE: models file not found" and the like are ScriptErrors).
ModelsSource read_models_file(const std::string& file);
/// Reads, merges and validates FILES, in order (tables keep file order).
core::Schema load_models(const std::vector<std::string>& files);
/// The same for texts already in memory (tests, stdin).
core::Schema load_models_sources(const std::vector<ModelsSource>& sources);
/// One models file's TEXT, named FILE in messages.
core::Schema load_models_text(const std::string& file, const std::string& text);

}  // namespace strata::versions
